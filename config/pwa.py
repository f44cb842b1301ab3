"""The installable app: web app manifest, the service worker at /sw.js, the offline page.

The service worker precaches the static assets under a cache named after their content, so
a deploy that changes any of them installs a new cache and drops the old one. Pages are
never cached (they are personal); the offline page shows the last verdict the browser
itself kept (app.js stores it when Today shows one, and forgets it on logout).
"""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control

PRECACHED = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "django_htmx/htmx-2.min.js",
    "css/app.css",
    "js/app.js",
    "js/theme.js",
    "js/offline.js",
    "icons/favicon.svg",
    "icons/icon-192.png",
)
ICONS = (
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/icon-maskable-512.png", "512x512", "maskable"),
)


@cache
def assets_version() -> str:
    """A digest of the precached files' contents: the service worker's cache name."""
    digest = hashlib.sha256()
    for name in PRECACHED:
        path = finders.find(name)
        digest.update(name.encode())
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


@login_not_required
@cache_control(max_age=3600, public=True)
def manifest(request):
    data = {
        "name": gettext_lazy("RunReady"),
        "short_name": gettext_lazy("RunReady"),
        "description": gettext_lazy("After leg day: can I run today, and how hard?"),
        "id": "/",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5ed7",
        "icons": [
            {"src": static(name), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for name, sizes, purpose in ICONS
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@login_not_required
@cache_control(no_cache=True)
def service_worker(request):
    """Served from the root so its scope is the whole site; always revalidated, so a
    new version is found on the next visit."""
    context = {
        "version": assets_version(),
        "precache": json.dumps([static(name) for name in PRECACHED if finders.find(name)]),
        "offline_url": reverse("offline"),
        "static_prefix": settings.STATIC_URL,
    }
    response = render(request, "pwa/sw.js", context, content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
def offline(request):
    """What the service worker shows when a page cannot be loaded: no personal data in it
    (it is cached for whoever uses the device next); offline.js fills in the last verdict."""
    return HttpResponse(render_to_string("pwa/offline.html"))
