"""Project-level views: landing page, health check, error pages."""

import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache

from config.celery import app as celery_app

log = logging.getLogger(__name__)


@login_not_required
def home(request):
    """Visitors see the landing page; signed-in people go to their home."""
    if request.user.is_authenticated:
        return redirect("recovery:coach_roster" if request.user.is_gym_staff else "recovery:today")
    return render(request, "landing.html")


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
@never_cache
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body = {name: "ok" if ok else "down" for name, ok in checks.items()}
    body["status"] = "ok" if healthy else "degraded"
    return JsonResponse(body, status=200 if healthy else 503)


@login_not_required
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
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        close_old_connections()
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
