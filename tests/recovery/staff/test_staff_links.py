"""Every link on a staff page about an athlete opens the athlete's object for staff
(issue 26): followed one by one as the coach, none is a 404 and none shows the coach's own
data; and a session reads the same day and time in every table of those pages."""

import datetime as dt
import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from accounts.models import Role
from recovery import services
from recovery.planning import services as plans
from tests.factories import (
    GymFactory,
    MembershipFactory,
    SessionFactory,
    StrengthFactory,
    UserFactory,
    checkin_answers,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 2, 3, 30, tzinfo=dt.UTC)  # Wed 03:30 in London, Tue 22:30 in NY
COACH_MARK = "coach-own-note-7731"


@pytest.fixture
def coached(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    gym = GymFactory()
    coach = MembershipFactory(
        gym=gym, role=Role.COACH, user=UserFactory(time_zone="Europe/London", display_name="Kim")
    ).user
    athlete = MembershipFactory(
        gym=gym, user=UserFactory(time_zone="America/New_York", display_name="Ana")
    ).user
    # Monday 30 Nov 23:30 in New York is Tuesday 1 Dec 04:30 in London.
    legs = StrengthFactory(
        athlete=athlete,
        exercises=["Back squat"],
        started_at=dt.datetime(2026, 12, 1, 4, 30, tzinfo=dt.UTC),
    )
    logged = SessionFactory(
        athlete=athlete, entered_by=coach, started_at=NOW - dt.timedelta(hours=30)
    )
    services.checkin_save(
        athlete=athlete, day=dt.date(2026, 12, 1), answers=checkin_answers(quads=5)
    )
    plans.planned_run_save(
        athlete=athlete,
        entered_by=coach,
        day=dt.date(2026, 12, 3),
        run_type="intervals",
        minutes=45,
    )
    # The coach's own log, which no link of these pages may open.
    SessionFactory(athlete=coach, notes=COACH_MARK, started_at=NOW - dt.timedelta(hours=5))
    client.force_login(coach)
    return coach, athlete, legs, logged


def _main_links(page: str, here: str) -> set[str]:
    """The same-site links of a page's <main> (the menu is the coach's own, rightly)."""
    main = page[page.index("<main") : page.index("</main>")]
    links = set()
    for href in re.findall(r'<a [^>]*href="([^"]+)"', main):
        url = urljoin(here, unescape(href))
        parts = urlsplit(url)
        if parts.scheme in ("", "http") and parts.netloc in ("", "testserver"):
            links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def test_every_link_on_the_athlete_page_and_week_opens_the_athletes_things(client, coached):
    _coach, athlete, legs, logged = coached
    pages = [
        reverse("recovery:coach_athlete", args=[athlete.pk]),
        reverse("recovery:coach_week", args=[athlete.pk]) + "?date=2026-11-30",
    ]
    own = {reverse("training:history"), reverse("recovery:week"), reverse("recovery:today")}
    followed = set()
    for here in pages:
        page = client.get(here)
        assert page.status_code == 200
        for link in _main_links(page.content.decode(), here) - followed:
            followed.add(link)
            assert urlsplit(link).path not in own, f"{here} links to the coach's own {link}"
            response = client.get(link)
            assert response.status_code in (200, 302), (here, link, response.status_code)
            if response.status_code == 302:
                assert urlsplit(response.url).path not in own, (here, link, response.url)
            body = response.content.decode()
            assert COACH_MARK not in body, f"{link} (from {here}) shows the coach's own log"
    # The pages did link the athlete's sessions, week and back to the athlete.
    assert legs.get_absolute_url() in followed
    assert logged.get_absolute_url() in followed
    assert any(link.startswith(pages[1].split("?")[0]) for link in followed)
    assert reverse("recovery:coach_athlete", args=[athlete.pk]) in followed


def test_a_session_reads_the_same_day_and_time_in_every_table(client, coached):
    _, athlete, legs, _ = coached
    page = client.get(reverse("recovery:coach_athlete", args=[athlete.pk])).content.decode()
    assert "Mon 30 Nov 23:30" in page
    assert "Tue 1 Dec 04:30" not in page
    checkins = page[
        page.index('id="checkins-heading"') : page.index(
            "</table>", page.index('id="checkins-heading"')
        )
    ]
    monday = checkins[checkins.index("Mon 30 Nov") :].split("</tr>")[0]
    assert "leg day" in monday  # the leg day's row is the athlete's Monday, as in the list
    tuesday = checkins[checkins.index("Tue 1 Dec") :].split("</tr>")[0]
    assert "leg day" not in tuesday
    week = client.get(reverse("recovery:coach_week", args=[athlete.pk]), {"date": "2026-11-30"})
    text = week.content.decode()
    monday_box = text[text.index('id="day-20261130"') : text.index('id="day-20261201"')]
    assert f'href="{legs.get_absolute_url()}">23:30</a>' in monday_box
    session = client.get(legs.get_absolute_url()).content.decode()
    assert "Monday 30 November 2026, 23:30" in session
