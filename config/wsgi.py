"""WSGI entry point (gunicorn config.wsgi). Production settings unless told otherwise."""

from django.core.wsgi import get_wsgi_application

from config.env import settings_module

settings_module()

application = get_wsgi_application()
