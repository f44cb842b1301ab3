"""Planned runs: they cap the day's advice, and the 48-hour guard catches hard runs too soon."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from recovery import services
from recovery.models import Recommendation
from recovery.planning import services as plans
from tests.factories import StrengthFactory, UserFactory, checkin_answers
from training.models import PlannedRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def after_leg_day(athlete_client):
    """A hard, habitual leg day that ended yesterday at 19:00 local (Europe/London)."""
    user = athlete_client.user
    user.time_zone = "Europe/London"
    user.save()
    today = user.local_today()
    end = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(19), tzinfo=user.tz)
    StrengthFactory(
        athlete=user,
        started_at=end - dt.timedelta(days=7, hours=1),
        rpe=7,
        exercises=["Back squat"],
    )
    StrengthFactory(
        athlete=user,
        started_at=end - dt.timedelta(hours=1),
        rpe=8,
        duration_s=3600,
        exercises=["Back squat"],
    )
    return athlete_client, today


def _plan(client, day, run_type="intervals", minutes=50, **extra):
    return client.post(
        reverse("recovery:plan_new"),
        {"date": day.isoformat(), "run_type": run_type, "minutes": minutes, **extra},
    )


def test_hard_run_inside_the_window_is_warned(after_leg_day):
    client, today = after_leg_day
    tomorrow = today + dt.timedelta(days=1)  # 48 h end tomorrow 19:00: tomorrow is inside
    response = _plan(client, tomorrow)
    page = response.content.decode()
    assert response.status_code == 200
    assert "inside your recovery window" in page
    assert "waits 48 hours" in page
    assert f"Move it to {(today + dt.timedelta(days=2)):%a %-d %b}" in page
    assert not PlannedRun.objects.exists()


def test_make_it_easy(after_leg_day):
    client, today = after_leg_day
    _plan(client, today + dt.timedelta(days=1), resolve="make_easy")
    plan = PlannedRun.objects.get()
    assert (plan.run_type, plan.minutes) == ("easy", 50)


def test_move_it_to_the_first_safe_day(after_leg_day):
    client, today = after_leg_day
    _plan(client, today + dt.timedelta(days=1), resolve="move")
    assert PlannedRun.objects.get().date == today + dt.timedelta(days=2)


def test_easy_runs_and_days_after_the_window_are_not_warned(after_leg_day):
    client, today = after_leg_day
    assert _plan(client, today + dt.timedelta(days=1), run_type="easy").status_code == 302
    assert _plan(client, today + dt.timedelta(days=2), run_type="tempo").status_code == 302
    assert PlannedRun.objects.count() == 2


def test_planned_minutes_cap_todays_advice(athlete_client):
    user = athlete_client.user
    plans.planned_run_save(
        athlete=user, entered_by=user, day=user.local_today(), run_type="easy", minutes=25
    )
    services.checkin_save(
        athlete=user,
        day=user.local_today(),
        answers=checkin_answers(sleep_quality=2),
    )
    recommendation = Recommendation.objects.get()
    assert recommendation.max_minutes == 25  # easy-run cap 50, plan 25


@pytest.mark.parametrize(
    ("minutes", "message"),
    [("4", "Plan between 5 and 600 minutes."), ("601", "Plan between 5 and 600 minutes.")],
)
def test_bad_plan_minutes(athlete_client, minutes, message):
    response = _plan(athlete_client, timezone.localdate(), run_type="easy", minutes=minutes)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not PlannedRun.objects.exists()


def test_plan_in_the_past_is_refused(athlete_client):
    response = _plan(
        athlete_client,
        athlete_client.user.local_today() - dt.timedelta(days=1),
        run_type="easy",
    )
    assert response.status_code == 422
    assert "not a past day" in response.content.decode()


def test_cannot_delete_someone_elses_plan(athlete_client):
    other = UserFactory()
    plan = PlannedRun.objects.create(
        athlete=other, date=timezone.localdate(), run_type="easy", minutes=30
    )
    assert athlete_client.post(reverse("recovery:plan_delete", args=[plan.pk])).status_code == 404
    assert PlannedRun.objects.filter(pk=plan.pk).exists()
