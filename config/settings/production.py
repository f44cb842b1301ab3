"""Production: gunicorn, PostgreSQL, Redis, SMTP, all from the environment.

base.py is already strict with DEBUG off (the default); this module exists so the
entry points (wsgi.py, Procfile) name the mode explicitly.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, KNOWN_SECRET_KEYS, SECRET_KEY

if DEBUG:  # a production host with DEBUG=true would show every error's internals
    raise ImproperlyConfigured(
        "DEBUG=true with config.settings.production: production never runs in debug mode."
    )

MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'
if SECRET_KEY in KNOWN_SECRET_KEYS or len(SECRET_KEY) < 50:
    # Sessions, password-reset links and unsubscribe links are signed with it.
    raise ImproperlyConfigured(
        "SECRET_KEY is a published example or shorter than 50 characters: production needs "
        f"its own. Make one with {MAKE_A_KEY} and set it in the environment or .env."
    )
