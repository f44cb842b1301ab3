"""Local development: `make run`. DEBUG on, SQLite and the filesystem broker by default."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("LOG_FORMAT", "text")  # a terminal, read by people

from .base import *  # noqa: F403
from .base import DEV_SECRET_KEY, env

SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
INTERNAL_IPS = ["127.0.0.1"]
# The manifest storage needs collectstatic; runserver serves files as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
