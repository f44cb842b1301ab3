from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from recovery.outcomes.urls import level_urls

from . import pwa, views
from .api import api

# The admin's login is allauth's (lockout, rate limits and the second factor apply there too):
# signed out, /admin/login/ sends to /accounts/login/; signed in without staff rights, 403;
# signed in as staff, straight to the admin. Its own password form never authenticates.
admin.site.login = secure_admin_login(views.admin_signed_in)  # type: ignore[method-assign]

# The recovery app's rooms share one namespace ("recovery:…") and are mounted here, so every
# path is visible in one place: the week planner lives under training/, beside the log.
recovery_urls = (
    [
        path("", include("recovery.urls")),
        path("training/", include("recovery.planning.urls")),
        path("coach/rules/", include("recovery.outcomes.urls")),
        path("", include(level_urls)),
        path("coach/", include("recovery.staff.urls")),
        path("", include("recovery.reminders.urls")),
    ],
    "recovery",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots, name="robots"),
    path("privacy/", views.privacy, name="privacy"),
    path("terms/", views.terms, name="terms"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("training/", include("training.urls")),
    path("", include(recovery_urls)),
]

handler403 = "config.views.error_403"
handler404 = "config.views.error_404"
handler500 = "config.views.error_500"
