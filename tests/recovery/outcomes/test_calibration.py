"""Calibration by suggestion, never silently (issue 25, item 4): the log's evidence for another
fitness level is shown on Today, in Settings and to the coach; only a decision changes it."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import Role, User
from recovery.engine import calibration as engine
from recovery.models import Notification
from tests.factories import GymFactory, MembershipFactory, StrengthFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("level", "weeks", "day_2", "expected"),
    [
        ("novice", 12, [], engine.Suggestion("intermediate", "weekly_legs", 12, 13)),
        ("novice", 11, [], None),
        ("intermediate", 13, [2] * 8, engine.Suggestion("trained", "quick_recovery", 8, 8)),
        ("intermediate", 13, [2] * 7, None),  # seven quiet sessions are not yet eight
        ("intermediate", 13, [1, 2, 3, 1, 1, 0, 2, 1], None),
        ("trained", 13, [0] * 8, None),  # nothing above trained
        (
            "trained",
            13,
            [6, 7, 2, 6, 8, 1],
            engine.Suggestion("intermediate", "slow_recovery", 4, 6),
        ),
        ("novice", 13, [7] * 6, engine.Suggestion("intermediate", "weekly_legs", 13, 13)),
        # Down before up: clearly sore two days on outweighs a quiet older stretch.
        (
            "intermediate",
            13,
            [6, 6, 6, 6, 0, 0, 0, 0],
            engine.Suggestion("novice", "slow_recovery", 4, 6),
        ),
        ("elite", 13, [0] * 8, None),
    ],
)
def test_the_suggestion_rule(level, weeks, day_2, expected):
    assert engine.suggest(level, weeks, day_2) == expected


@pytest.fixture
def weekly_novice(time_machine):
    """A novice with a leg day every week for thirteen weeks, in a gym with a coach."""
    time_machine.move_to(NOW, tick=False)
    gym = GymFactory()
    coach = MembershipFactory(gym=gym, role=Role.COACH).user
    athlete = MembershipFactory(
        gym=gym, user=UserFactory(time_zone="Europe/London", fitness_level="novice")
    ).user
    for week in range(13):
        StrengthFactory(
            athlete=athlete,
            started_at=NOW - dt.timedelta(days=7 * week + 3),
            exercises=["Back squat"],
        )
    return athlete, coach


def test_today_and_settings_suggest_and_keeping_the_level_is_respected(weekly_novice, client):
    athlete, _ = weekly_novice
    client.force_login(athlete)
    today = client.get(reverse("recovery:today")).content.decode()
    block = today[today.index('id="level-suggestion"') :].split("</section>")[0]
    assert "Your log suggests the “intermediate” fitness level" in block
    assert "Leg days in 13 of the last 13 weeks" in block
    assert 'hx-get="/level/"' in client.get(reverse("accounts:account_settings")).content.decode()
    fragment = client.get(reverse("recovery:level_suggestion")).content.decode()
    assert 'value="settings"' in fragment
    # A forged level is not applied.
    client.post(reverse("recovery:level_suggestion"), {"decision": "accept", "level": "trained"})
    assert User.objects.get(pk=athlete.pk).fitness_level == "novice"
    client.post(reverse("recovery:level_suggestion"), {"decision": "keep", "level": "intermediate"})
    assert User.objects.get(pk=athlete.pk).fitness_level == "novice"
    assert 'id="level-suggestion"' not in client.get(reverse("recovery:today")).content.decode()


def test_accepting_changes_the_level_and_the_advice_follows(weekly_novice, client):
    athlete, _ = weekly_novice
    client.force_login(athlete)
    response = client.post(
        reverse("recovery:level_suggestion"),
        {"decision": "accept", "level": "intermediate", "back": "settings"},
    )
    assert response["Location"] == reverse("accounts:account_settings")
    assert User.objects.get(pk=athlete.pk).fitness_level == "intermediate"
    assert 'id="level-suggestion"' not in client.get(reverse("recovery:today")).content.decode()


def test_the_coach_sees_it_and_a_change_is_told_to_the_athlete(weekly_novice, client):
    athlete, coach = weekly_novice
    client.force_login(coach)
    page = client.get(reverse("recovery:coach_athlete", args=[athlete.pk])).content.decode()
    assert f"{athlete.name}'s log suggests the “intermediate” fitness level" in page
    client.post(
        reverse("recovery:coach_level", args=[athlete.pk]),
        {"decision": "accept", "level": "intermediate"},
    )
    assert User.objects.get(pk=athlete.pk).fitness_level == "intermediate"
    told = Notification.objects.get(user=athlete)
    assert "changed your fitness level to intermediate" in told.title
    assert "It was novice" in told.body
