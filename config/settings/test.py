"""pytest: the real stack. PostgreSQL and Redis, URLs from the environment."""

import os

os.environ.setdefault("DEBUG", "true")  # the test runner turns DEBUG off itself
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/runready")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/1")

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env.str("SECRET_KEY", default="test-only-key-not-secret-0123456789-abcdefghijklmnop")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Live-server threads must not hold connections open, or the test database cannot be dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Staff tests sign in without a second factor; the MFA tests turn the requirement on.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=False)
