"""Settings for the test suite: the same database engine choice as local (SQLite unless
DATABASE_URL names PostgreSQL), fast password hashing, static files from the finders."""

from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)  # WhiteNoise warns on every start without it
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
AXES_FAILURE_LIMIT = 5
