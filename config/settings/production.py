"""Production: gunicorn, PostgreSQL, Redis, SMTP, all from the environment.

base.py is already strict with DEBUG off (the default); this module exists so the
entry points (wsgi.py, Procfile) name the mode explicitly.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG

if DEBUG:  # a production host with DEBUG=true would show every error's internals
    raise ImproperlyConfigured(
        "DEBUG=true with config.settings.production: production never runs in debug mode."
    )
