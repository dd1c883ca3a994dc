"""Production: refuses to start without the settings a real deployment must make explicit."""

import environ

from .base import *  # noqa: F403

_env = environ.Env()

DEBUG = False
# No defaults: a missing value raises ImproperlyConfigured at start-up.
SECRET_KEY = _env.str("SECRET_KEY")
ALLOWED_HOSTS = _env.list("ALLOWED_HOSTS")
DATABASES = {"default": _env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = _env.int("CONN_MAX_AGE", default=60)
CSRF_TRUSTED_ORIGINS = _env.list("CSRF_TRUSTED_ORIGINS", default=[])

if SECRET_KEY.startswith("insecure") or len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters.")

# HTTPS only, behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = _env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
