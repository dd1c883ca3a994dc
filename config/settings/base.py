"""Settings shared by every environment.

Values come from the environment (django-environ). Required production values have no default,
so a missing one stops the process at start-up (see ``production.py``).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("WAYFINDER_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env(
    DEBUG=(bool, False),
    WAYFINDER_SESSION_IDLE_MINUTES=(int, 30),
    WAYFINDER_AXES_FAILURE_LIMIT=(int, 5),
)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-never-used-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "wayfinder.core",
    "wayfinder.accounts",
    "wayfinder.audit",
    "wayfinder.people",
    "wayfinder.ehc",
    "wayfinder.reviews",
    "wayfinder.directory",
    "wayfinder.web",
    "wayfinder.api",
    "wayfinder.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wayfinder.accounts.middleware.StaffMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wayfinder.web.context_processors.service",
            ],
        },
    },
]
# GOV.UK markup for every form field (wayfinder/web/templates/django/forms/...).
FORM_RENDERER = "wayfinder.web.forms.GovukFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'wayfinder.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo serve pages while a background job writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "web:home"

# Idle timeout: the session ends after this many minutes without a request.
SESSION_COOKIE_AGE = env("WAYFINDER_SESSION_IDLE_MINUTES") * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# django-axes: lock an account+address after repeated failures.
AXES_FAILURE_LIMIT = env("WAYFINDER_AXES_FAILURE_LIMIT")
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

OTP_TOTP_ISSUER = "Wayfinder"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Uploaded documents (evidence, advice) are private: never served as static files, only through an
# authorised, audited download view.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media-not-served/"
WAYFINDER_UPLOAD_MAX_BYTES = env.int("WAYFINDER_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o600
# Plan quality checks to switch off, by name (wayfinder/ehc/quality.py), e.g. "copied_text".
WAYFINDER_PLAN_CHECKS_DISABLED = env.list("WAYFINDER_PLAN_CHECKS_DISABLED", default=[])
# The council's branding on letters and plans.
WAYFINDER_COUNCIL_ADDRESS = env.str("WAYFINDER_COUNCIL_ADDRESS", default="SEND Service, County Hall, Matlock DE4 3AG")
WAYFINDER_COUNCIL_EMAIL = env.str("WAYFINDER_COUNCIL_EMAIL", default="send.service@example.gov.uk")
WAYFINDER_COUNCIL_PHONE = env.str("WAYFINDER_COUNCIL_PHONE", default="01629 000000")
WAYFINDER_COUNCIL_COLOUR = env.str("WAYFINDER_COUNCIL_COLOUR", default="#1d70b8")
WAYFINDER_SENDIASS = env.str("WAYFINDER_SENDIASS", default="SENDIASS (the SEND information, advice and support "
                             "service): 01629 000001, sendiass@example.org.uk")
WAYFINDER_MEDIATION = env.str("WAYFINDER_MEDIATION", default="Mediation adviser: Global Mediation (demo), "
                              "0800 000 0000, send@example-mediation.org.uk")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "EXCEPTION_HANDLER": "wayfinder.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wayfinder API",
    "DESCRIPTION": "Special educational needs and disabilities casework. Every endpoint applies the "
    "same relationship-based access policy as the web pages; a record you may not see returns 404.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

# The local authority this installation serves (DfE 3-digit code and GSS code).
#: How often the council reviews the plan of a child under 5 (SEND Code of Practice 9.178: "should consider
#: reviewing ... at least every three to six months"); 0 leaves it at the statutory 12 months.
WAYFINDER_UNDER5_REVIEW_MONTHS = env.int("WAYFINDER_UNDER5_REVIEW_MONTHS", default=6)
if WAYFINDER_UNDER5_REVIEW_MONTHS not in (0, 3, 4, 5, 6):
    raise ImproperlyConfigured("WAYFINDER_UNDER5_REVIEW_MONTHS must be 0 (none) or between 3 and 6")
WAYFINDER_LA_CODE = env.str("WAYFINDER_LA_CODE", default="830")
WAYFINDER_LA_NAME = env.str("WAYFINDER_LA_NAME", default="Derbyshire (demo)")
WAYFINDER_SERVICE_NAME = env.str("WAYFINDER_SERVICE_NAME", default="Wayfinder SEND")
# Working-day calendar adjustments (ISO dates): days added by proclamation, or cancelled.
WAYFINDER_EXTRA_BANK_HOLIDAYS = env.list("WAYFINDER_EXTRA_BANK_HOLIDAYS", default=[])
WAYFINDER_CANCELLED_BANK_HOLIDAYS = env.list("WAYFINDER_CANCELLED_BANK_HOLIDAYS", default=[])
# Where the published reference data lives (read in place, never copied).
WAYFINDER_SHARED_DATA = Path(env.str("WAYFINDER_SHARED_DATA", default=str(BASE_DIR.parent / "shared" / "data")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
                "fontTools": {"level": "WARNING"}},
}

# The Local Offer directory and the carers' one-stop shop (wayfinder.directory).
# The team that owns "ask us" questions and carer's assessment requests (an accounts.Team name).
WAYFINDER_ASK_US_TEAM = env.str("WAYFINDER_ASK_US_TEAM", default="Local Offer and carers' information service")
# Working days within which an "ask us" question is answered (the promise shown to the person asking).
WAYFINDER_ASK_US_DAYS = env.int("WAYFINDER_ASK_US_DAYS", default=5)
# Working days within which someone contacts a carer who asked for a carer's assessment.
WAYFINDER_CARER_ASSESSMENT_CONTACT_DAYS = env.int("WAYFINDER_CARER_ASSESSMENT_CONTACT_DAYS", default=10)
# Days after which a listing not confirmed by its provider or an editor is marked as possibly out of date.
WAYFINDER_LISTING_CONFIRM_DAYS = env.int("WAYFINDER_LISTING_CONFIRM_DAYS", default=182)
# The Open Referral UK standard (schemas, OpenAPI) read in place by the API's tests.
WAYFINDER_SHARED_STANDARDS = Path(env.str("WAYFINDER_SHARED_STANDARDS",
                                          default=str(BASE_DIR.parent / "shared" / "standards")))
# The address people use to reach this service, for links in emails sent by commands (no request to read it from).
WAYFINDER_SITE_URL = env.str("WAYFINDER_SITE_URL", default="http://localhost:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Wayfinder SEND <no-reply@example.gov.uk>")
