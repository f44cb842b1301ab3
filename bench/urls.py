"""The app's URLs plus the benchmark's reference view (only with bench.settings: nothing of
the benchmark ships in the app's own packages)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from accounts.models import Membership
from config.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401
from recovery.models import CheckIn
from training.models import Session


@login_required
def reference(request):
    """A small login-required page with three indexed queries: the yardstick."""
    context = {
        "sessions": Session.objects.filter(athlete=request.user).order_by("-started_at")[:5],
        "checkins": CheckIn.objects.filter(athlete=request.user).order_by("-local_date")[:5],
        "memberships": Membership.objects.filter(user=request.user).count(),
    }
    return render(request, "bench_reference.html", context)


urlpatterns = [*urlpatterns, path("bench/reference/", reference, name="bench_reference")]
