"""The private calendar feed: parsed by icalendar and by a second parser (ics), planned
sessions in the right zone, the quality-running event, staff feeds, and reset / off."""

import datetime as dt
import hashlib
import re
import zoneinfo

import ics
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from accounts import services as account_services
from accounts.models import CalendarFeed, Role, User
from recovery.planning import services as plans
from tests.factories import MembershipFactory, StrengthFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 8, 1, 9, 0, tzinfo=dt.UTC)
SUMMER, WINTER = dt.date(2026, 8, 14), dt.date(2026, 11, 2)  # BST (+1), then GMT (+0)


@pytest.fixture
def athlete(time_machine):
    time_machine.move_to(NOW, tick=False)
    return UserFactory(time_zone="Europe/London", display_name="Robin")


def _feed(client, user) -> bytes:
    token = account_services.calendar_feed_reset(user=user)
    client.logout()  # the address is the key: no sign-in
    response = client.get(reverse("recovery:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def _events(data: bytes) -> dict[str, object]:
    return {str(e["summary"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_planned_runs_in_the_athletes_zone_read_by_two_parsers(athlete, client):
    for day, time in ((SUMMER, dt.time(18, 30)), (WINTER, dt.time(7, 0))):
        plans.planned_run_save(
            athlete=athlete, entered_by=athlete, day=day, run_type="tempo", minutes=45, time=time
        )
    plans.planned_leg_day_save(athlete=athlete, entered_by=athlete, day=SUMMER, intensity="hard")
    data = _feed(client, athlete)

    calendar = Calendar.from_ical(data)
    runs = sorted(
        (e for e in calendar.walk("VEVENT") if "Tempo run" in str(e["summary"])),
        key=lambda e: e.start,
    )
    assert [e.start for e in runs] == [
        dt.datetime(2026, 8, 14, 18, 30, tzinfo=LONDON),
        dt.datetime(2026, 11, 2, 7, 0, tzinfo=LONDON),
    ]
    assert [e.start.utcoffset() for e in runs] == [dt.timedelta(hours=1), dt.timedelta(0)]
    assert runs[0].end - runs[0].start == dt.timedelta(minutes=45)
    assert "TZID=Europe/London" in data.decode()
    assert {tz["tzid"] for tz in calendar.walk("VTIMEZONE")} == {"Europe/London"}

    second = sorted(
        (e for e in ics.Calendar(data.decode()).events if "Tempo" in e.name),
        key=lambda e: e.begin,
    )
    assert [e.begin.datetime for e in second] == [r.start for r in runs]
    assert [e.begin.utcoffset() for e in second] == [dt.timedelta(hours=1), dt.timedelta(0)]

    legs = _events(data)["Planned: Hard leg day"]
    assert legs.start == SUMMER  # no time: an all-day event
    quality = [e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith("Quality")]
    # Untimed leg day counted as 18:00-19:00, 48 h after its end:
    assert quality[0].start == dt.datetime(2026, 8, 16, 19, 0, tzinfo=LONDON)
    assert str(quality[0]["summary"]) == "Quality running OK from 19:00"


def test_logged_sessions_and_the_window_after_a_hard_leg_day(athlete, client):
    athlete.legs_trained_recently = None  # new to leg training: quality waits 72 h (T3)
    athlete.save(update_fields=["legs_trained_recently"])
    StrengthFactory(
        athlete=athlete,
        started_at=dt.datetime(2026, 7, 30, 17, 0, tzinfo=LONDON),
        duration_s=3600,
        rpe=8,
        exercises=["Back squat"],
    )
    events = _events(_feed(client, athlete))
    assert events["Leg day"].start == dt.datetime(2026, 7, 30, 17, 0, tzinfo=LONDON)
    # The first leg day in 28 days is unaccustomed: 72 h after its end (18:00 on 30 July).
    quality = events["Quality running OK from 18:00"]
    assert quality.start == dt.datetime(2026, 8, 2, 18, 0, tzinfo=LONDON)
    assert "72 h after the hard leg day you logged" in str(quality["description"])


def test_staff_feed_holds_their_athletes_plans_in_each_ones_zone(athlete, client):
    coach = UserFactory(time_zone="Europe/London")
    gym = MembershipFactory(user=coach, role=Role.COACH).gym
    far = UserFactory(time_zone="America/New_York", display_name="Sam")
    MembershipFactory(user=far, gym=gym, role=Role.ATHLETE)
    stranger = UserFactory(display_name="Stranger")
    for person in (far, stranger):
        plans.planned_run_save(
            athlete=person, entered_by=person, day=SUMMER, run_type="easy", minutes=30,
            time=dt.time(6, 0),
        )  # fmt: skip
    events = _events(_feed(client, coach))
    sam = events["Sam: Planned: Easy run, 30 min"]
    assert sam.start == dt.datetime(2026, 8, 14, 6, 0, tzinfo=NEW_YORK)
    assert not any("Stranger" in name for name in events)


def _address_shown(client) -> str:
    page = client.get(reverse("accounts:account_settings")).content.decode()
    found = re.search(r'value="[^"]*/calendar/([A-Za-z0-9_-]+)\.ics"', page)
    return found.group(1) if found else ""


def test_reset_makes_the_old_address_404(athlete, client):
    first = account_services.calendar_feed_reset(user=athlete)
    url = reverse("recovery:calendar_feed", args=[first])
    assert client.get(url).status_code == 200
    client.force_login(athlete)
    client.post(reverse("accounts:calendar_reset"))
    second = _address_shown(client)  # shown once, after the reset...
    assert second
    assert second != first
    assert len(second) >= 40
    assert _address_shown(client) == ""  # ...and never again: only its hash is kept
    assert "Your calendar address works" in client.get("/accounts/settings/").content.decode()
    assert not CalendarFeed.objects.filter(token_hash__contains=second).exists()
    assert (
        CalendarFeed.objects.get(user=athlete).token_hash
        == hashlib.sha256(second.encode()).hexdigest()
    )
    assert client.get(url).status_code == 404
    assert client.get(reverse("recovery:calendar_feed", args=[second])).status_code == 200
    client.post(reverse("accounts:calendar_off"))
    assert client.get(reverse("recovery:calendar_feed", args=[second])).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert client.get("/calendar/%00.ics").status_code == 404


def test_a_staff_feed_needs_the_second_factor(client, settings):
    settings.MFA_REQUIRED = True
    coach = MembershipFactory(role=Role.COACH).user
    with pytest.raises(ValidationError, match="two-factor"):
        account_services.calendar_feed_reset(user=coach)
    # A feed that exists anyway (made before the rule, or by the admin) answers 404.
    token = "t" * 43
    CalendarFeed.objects.create(user=coach, token_hash=CalendarFeed.hash(token), for_staff=True)
    assert client.get(reverse("recovery:calendar_feed", args=[token])).status_code == 404
    TOTP.activate(coach, generate_totp_secret())
    assert client.get(reverse("recovery:calendar_feed", args=[token])).status_code == 200


def test_becoming_staff_stops_the_athletes_feed(athlete, client):
    token = account_services.calendar_feed_reset(user=athlete)
    url = reverse("recovery:calendar_feed", args=[token])
    assert client.get(url).status_code == 200
    MembershipFactory(user=athlete, role=Role.COACH)  # now it would list every athlete's plans
    athlete = User.objects.get(pk=athlete.pk)
    assert client.get(url).status_code == 404
    client.force_login(athlete)
    assert (
        "stopped working when you became staff"
        in client.get("/accounts/settings/").content.decode()
    )
    assert (
        client.get(
            reverse(
                "recovery:calendar_feed", args=[account_services.calendar_feed_reset(user=athlete)]
            )
        ).status_code
        == 200
    )
