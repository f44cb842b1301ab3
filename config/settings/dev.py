"""Local development: `make run`. DEBUG on, SQLite and the filesystem broker by default."""

import os
from pathlib import Path

os.environ.setdefault("DEBUG", "true")
# One cache for web, worker and beat (files under var/), so an admin's threshold edit
# reaches the worker at once; Redis (CACHE_URL=redis://...) in production.
os.environ.setdefault(
    "CACHE_URL", f"filecache://{Path(__file__).resolve().parents[2] / 'var' / 'cache'}"
)

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env.str(
    "SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789"
)
INTERNAL_IPS = ["127.0.0.1"]
# The manifest storage needs collectstatic; runserver serves files as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
