"""pytest: the real stack. PostgreSQL and Redis, URLs from the environment."""

import os
from pathlib import Path

os.environ.setdefault("DEBUG", "true")  # the test runner turns DEBUG off itself
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/runready")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/1")

from .base import *  # noqa: F403
from .base import TEST_SECRET_KEY, env

SECRET_KEY = env.str("SECRET_KEY", default=TEST_SECRET_KEY)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Live-server threads must not hold connections open, or the test database cannot be dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Staff tests sign in without a second factor; the MFA tests turn the requirement on.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=False)
# Uploads of the suite's imports, apart from make run's (the shifted-clock runs give each
# of their parallel runs its own).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "test-media")))  # noqa: F405
