"""Staff pages show an athlete's days and times in the athlete's own zone, said so (issue 26):
the same session reads the same in every table of the page."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import GymFactory, MembershipFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 1, 3, 30, tzinfo=dt.UTC)  # Tue 03:30 in London, Mon 22:30 in New York


@pytest.fixture
def coached(client, time_machine):
    """A coach in London, their athlete in New York with a run at Mon 22:00 there."""
    time_machine.move_to(NOW, tick=False)
    gym = GymFactory()
    coach = MembershipFactory(
        gym=gym, role=Role.COACH, user=UserFactory(time_zone="Europe/London")
    ).user
    athlete = MembershipFactory(gym=gym, user=UserFactory(time_zone="America/New_York")).user
    run = SessionFactory(athlete=athlete, started_at=NOW - dt.timedelta(minutes=30))
    client.force_login(coach)
    return athlete, run


def test_the_athlete_page_and_week_are_in_the_athletes_zone(client, coached):
    athlete, _ = coached
    page = client.get(reverse("recovery:coach_athlete", args=[athlete.pk])).content.decode()
    assert "America/New_York" in page[page.index('id="athlete-zone"') :].split("</p>")[0]
    assert "Mon 30 Nov 22:00" in page
    assert "Tue 1 Dec 03:00" not in page
    week = client.get(reverse("recovery:coach_week", args=[athlete.pk]), {"date": "2026-11-30"})
    assert "22:00" in week.content.decode()


def test_staff_open_an_athletes_session_read_only_in_the_athletes_zone(client, coached):
    athlete, run = coached
    athlete_page = client.get(reverse("recovery:coach_athlete", args=[athlete.pk])).content.decode()
    assert f'<a href="{run.get_absolute_url()}">Mon 30 Nov 22:00</a>' in athlete_page
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Monday 30 November 2026, 22:00" in text
    assert reverse("recovery:coach_athlete", args=[athlete.pk]) in text
    assert reverse("training:session_edit", args=[run.pk]) not in text  # the athlete's own log
    assert client.get(reverse("training:session_edit", args=[run.pk])).status_code == 404
    outsider = MembershipFactory(role=Role.COACH).user
    client.force_login(outsider)
    assert client.get(run.get_absolute_url()).status_code == 404
