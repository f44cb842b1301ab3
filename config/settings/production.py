"""Production: gunicorn, PostgreSQL, Redis, SMTP, all from the environment.

base.py is already strict with DEBUG off (the default); this module exists so the
entry points (wsgi.py, Procfile) name the mode explicitly.
"""

from .base import *  # noqa: F403
