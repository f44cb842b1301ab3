"""What the recommendation service derives from history: RF8, the wellness z-score, leg-day hours."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from recovery import services
from recovery.models import GuidanceArticle, Recommendation
from recovery.verdict import verdicts
from tests.factories import StrengthFactory, UserFactory, checkin_answers

pytestmark = pytest.mark.django_db


def _leg_day_ago(user, hours: float):
    """A habitual leg day that *ended* `hours` ago."""
    end = timezone.now() - dt.timedelta(hours=hours)
    StrengthFactory(
        athlete=user, started_at=end - dt.timedelta(days=7, hours=1), exercises=["Leg press"]
    )
    return StrengthFactory(
        athlete=user, started_at=end - dt.timedelta(hours=1), exercises=["Leg press"]
    )


def _checkin(user, days_ago: int = 0, **answers):
    day = user.local_today() - dt.timedelta(days=days_ago)
    checkin, _ = services.checkin_save(athlete=user, day=day, answers=checkin_answers(**answers))
    return Recommendation.objects.get(athlete=user, local_date=day), checkin


def _inputs(recommendation) -> dict:
    return recommendation.inputs


def _leg_day_before_this_morning(user, hours: float):
    """A habitual leg day that ended `hours` before this morning's check-in moment (RF8 reads
    the day a check-in is for, from the athlete's reminder time, whatever the clock says)."""
    morning = dt.datetime.combine(user.local_today(), user.reminder_time, tzinfo=user.tz)
    return _leg_day_ago(user, (timezone.now() - morning).total_seconds() / 3600 + hours)


def test_rf8_severe_soreness_after_96_hours():
    user = UserFactory()
    _leg_day_before_this_morning(user, 100)
    recommendation, _ = _checkin(user, quads=7)
    assert recommendation.level == 0
    assert recommendation.urgency == "soon"
    assert "non_resolving_soreness" in _inputs(recommendation)["red_flags"]


def test_severe_soreness_before_96_hours_is_not_rf8():
    user = UserFactory()
    _leg_day_before_this_morning(user, 90)
    recommendation, _ = _checkin(user, quads=7)
    assert recommendation.level == 1  # S1: rest, not a doctor


def test_soreness_that_went_away_in_between_is_not_rf8():
    user = UserFactory()
    _leg_day_ago(user, 24 * 8)
    _checkin(user, days_ago=2)  # all zero: it had resolved...
    recommendation, _ = _checkin(user, calves=1)  # ...so today's ache is something new
    assert recommendation.level != 0
    fresh, _ = _checkin(UserFactory(), calves=1)
    assert fresh.level != 0  # no leg day at all: nothing to blame


def test_wellness_z_needs_14_check_ins():
    user = UserFactory()
    for days_ago in range(1, 14):
        _checkin(user, days_ago=days_ago, sleep_quality=4 + days_ago % 2, energy=4)
    thirteen, _ = _checkin(user, sleep_quality=3, energy=3)
    assert _inputs(thirteen)["wellness_z"] is None
    _checkin(user, days_ago=14, sleep_quality=5, energy=4)
    fourteen, _ = _checkin(user, sleep_quality=3, energy=3)
    z = _inputs(fourteen)["wellness_z"]
    assert z is not None
    assert z < -2  # sleep 3 + energy 3 = 6 vs a baseline around 8.5 with a small spread
    assert "W3" in {r["rule_id"] for r in fourteen.fired}


def test_hours_since_leg_day_and_provisional_flag():
    user = UserFactory()
    _leg_day_ago(user, 10)
    recommendation = verdicts.verdict_today(user)
    assert recommendation.provisional is True
    assert _inputs(recommendation)["hours_since_leg"] == pytest.approx(10, abs=0.01)


def test_old_leg_day_is_not_recent():
    user = UserFactory()
    _leg_day_ago(user, 24 * 7 + 1)
    assert _inputs(verdicts.verdict_today(user))["hours_since_leg"] is None


def test_guidance_markdown_is_sanitised(athlete_client):
    GuidanceArticle.objects.create(
        slug="test-article",
        title="Test",
        summary="S",
        topic="t",
        body="**Bold** <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>",
    )
    page = athlete_client.get(
        reverse("recovery:guidance_article", args=["test-article"])
    ).content.decode()
    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page  # left as plain text, not a link
    assert "<img" not in page
