"""The coach's override form starts from the engine's verdict for the day (issue 26), not from
"Easy run, 40 min" for an athlete at 8/10."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from recovery.verdict import verdicts
from tests.factories import GymFactory, MembershipFactory, StrengthFactory, checkin

pytestmark = pytest.mark.django_db


def test_the_override_form_starts_from_todays_verdict(client):
    gym = GymFactory()
    coach = MembershipFactory(gym=gym, role=Role.COACH).user
    athlete = MembershipFactory(gym=gym).user
    StrengthFactory(
        athlete=athlete,
        started_at=timezone.now() - dt.timedelta(hours=26),
        exercises=["Back squat"],
    )
    checkin(athlete, quads=8)
    verdict = verdicts.verdict_today(athlete)
    assert verdict.level < 3
    client.force_login(coach)
    page = client.get(reverse("recovery:coach_athlete", args=[athlete.pk])).content.decode()
    form = page[page.index('id="id_level"') :].split("</select>")[0]
    assert f'<option value="{max(verdict.level, 1)}" selected>' in form
    assert f'name="max_minutes" value="{verdict.max_minutes}"' in page
