"""Project-level views: landing page, health check, error pages."""

import datetime as dt
import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from config.celery import app as celery_app
from config.health import heartbeat_read, oldest_due
from recovery import example

log = logging.getLogger(__name__)


@login_not_required
def home(request):
    """Visitors see the landing page; signed-in people go to their home."""
    if request.user.is_authenticated:
        if request.user.onboarded_at is None:
            return redirect("accounts:onboarding")
        return redirect("recovery:coach_roster" if request.user.is_gym_staff else "recovery:today")
    context = {**example.example_verdict(), **example.example_week(), "example": True}
    return render(request, "landing.html", context)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "down"; the reason goes to the log
        log.exception("healthz: database check failed")
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)
            return True
    except Exception:
        log.warning("healthz: broker check failed", exc_info=True)
        return False


@login_not_required
def privacy(request):
    return render(request, "legal/privacy.html", {"site_url": settings.SITE_URL})


@login_not_required
def terms(request):
    return render(request, "legal/terms.html")


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the app icon, not a 404."""
    return redirect(static("icons/favicon.svg"), permanent=True)


@login_not_required
def robots(request):
    return render(request, "robots.txt", content_type="text/plain")


@login_not_required
@never_cache
def healthz(request):
    """Can this web process serve pages? Only the database decides (503 without it); a broker
    or cache outage degrades the site without stopping it, so it is reported, not failed:
    a load balancer probing this never takes a serving site down."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    body = {name: "ok" if ok else "down" for name, ok in checks.items()}
    body["status"] = "ok" if all(checks.values()) else "degraded"
    return JsonResponse(body, status=200 if checks["database"] else 503)


# A heartbeat older than this, or a due reminder waiting longer, means "not ready".
HEARTBEAT_STALE = dt.timedelta(minutes=5)
REMINDER_LATE = dt.timedelta(minutes=10)


@login_not_required
@never_cache
def readyz(request):
    """Is the whole app doing its work? The database and broker, worker and beat heartbeats
    (written every minute by the reminder scan, `config.celery.heartbeat`), and the age of the
    oldest due reminder. For monitors; 503 names what is wrong."""
    now = timezone.now()
    body = {"database": "ok" if _database_ok() else "down"}
    body["broker"] = "ok" if _broker_ok() else "down"
    for name in ("worker", "beat"):
        beat = heartbeat_read(name)
        body[f"{name}_heartbeat"] = beat.isoformat() if beat else None
        body[name] = "ok" if beat and now - beat < HEARTBEAT_STALE else "down"
    oldest = oldest_due() if body["database"] == "ok" else None
    body["oldest_due_reminder_seconds"] = round((now - oldest).total_seconds()) if oldest else 0
    late = oldest is not None and now - oldest > REMINDER_LATE
    body["reminders"] = "late" if late else "ok"
    ready = all(body[k] == "ok" for k in ("database", "broker", "worker", "beat", "reminders"))
    body["status"] = "ok" if ready else "not ready"
    return JsonResponse(body, status=200 if ready else 503)


@login_not_required
@login_not_required  # secure_admin_login sends the signed-out to allauth's login itself
def admin_signed_in(request):
    """What /admin/login/ does for a signed-in staff member: on to the admin (or `next`).
    Admin rights are only ever gained by signing in at allauth's login, with its second factor."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    return redirect(target or reverse("admin:index"))


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def error_404(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def error_500(request):
    """The 500 page; a database outage gets a 503 that says so instead. Requests succeed again
    as soon as the database is back (CONN_HEALTH_CHECKS replaces dead connections)."""
    # No context processors or request data: the failure may be in them.
    api = request.path.startswith("/api/")  # the API answers problem documents, not pages
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        close_old_connections()
        if api:
            response = _problem(
                503,
                gettext_lazy("Service unavailable"),
                gettext_lazy("The database is down: try again soon."),
            )
        else:
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    if api:
        return _problem(
            500,
            gettext_lazy("Server error"),
            gettext_lazy("Something went wrong on our side; it is logged."),
        )
    return HttpResponseServerError(loader.get_template("500.html").render())


def _problem(status: int, title: str, detail: str) -> JsonResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JsonResponse(body, status=status, content_type="application/problem+json")
