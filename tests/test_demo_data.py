"""The demo data of `make run`: safe to load twice, refused in production, and not empty."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Gym, Membership, User
from training import legdays, load
from training.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _opted_in(monkeypatch):
    monkeypatch.setenv("RUNREADY_DEMO_DATA", "yes")  # as `make run` does


def test_refuses_without_the_opt_in_of_make_run(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("RUNREADY_DEMO_DATA")
    with pytest.raises(CommandError, match="make run"):
        call_command("demo_data")
    assert not User.objects.exists()


def test_refuses_a_database_that_is_not_for_development(settings):
    settings.DEBUG = True
    name = settings.DATABASES["default"]["NAME"]
    settings.DATABASES["default"]["NAME"] = "runready_production"
    try:
        with pytest.raises(CommandError, match="this database"):
            call_command("demo_data")
    finally:
        settings.DATABASES["default"]["NAME"] = name
    assert not User.objects.exists()


def test_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("demo_data")
    assert not User.objects.exists()


def test_loading_twice_creates_nothing_twice(settings, client):
    settings.DEBUG = True
    call_command("demo_data")
    counts = [
        User.objects.count(),
        Gym.objects.count(),
        Membership.objects.count(),
        Session.objects.count(),
        EmailAddress.objects.count(),
    ]
    call_command("demo_data")
    assert [
        User.objects.count(),
        Gym.objects.count(),
        Membership.objects.count(),
        Session.objects.count(),
        EmailAddress.objects.count(),
    ] == counts
    assert counts[:3] == [7, 1, 6]

    for email in [
        "athlete@example.com",
        "coach@example.com",
        "manager@example.com",
        "admin@example.com",
    ]:
        client.post(reverse("account_login"), {"login": email, "password": settings.DEMO_PASSWORD})
        assert client.session.get("_auth_user_id") == str(User.objects.get(email=email).pk), email
        client.post(reverse("account_logout"))
    assert User.objects.get(email="admin@example.com").is_superuser


def test_demo_athlete_has_two_weeks_of_training(settings):
    settings.DEBUG = True
    call_command("demo_data")
    athlete = User.objects.get(email="athlete@example.com")
    sessions = Session.objects.filter(athlete=athlete)
    first = sessions.order_by("started_at").first().started_at
    assert sessions.count() >= 10
    assert (timezone.now() - first).days >= 13
    assert sessions.filter(is_leg_day=True).count() >= 3
    assert sessions.filter(kind="run").count() >= 5
    figures = load.weekly_figures(athlete, weeks=3)
    assert sum(f.load for f in figures) > 0
    assert sum(f.distance_m for f in figures) > 0
    leg_day = legdays.latest_leg_days(Q(athlete=athlete, started_at__lte=timezone.now())).get(
        athlete.pk
    )
    assert (timezone.now() - leg_day.started_at).days <= 1
