"""Downhill, followed up: an imported run with a large descent on a day whose advice said no
downhill is marked in the check-in history, and the next check-in asks about the quads."""

import datetime as dt

import pytest
from django.urls import reverse

from recovery import services
from tests.factories import StrengthFactory, UserFactory, checkin_answers
from tests.training.test_imports import import_files

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)  # Friday morning in London


def _tcx(start: dt.datetime, descent: int) -> bytes:
    stamp = f"{start:%Y-%m-%dT%H:%M:%SZ}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities><Activity Sport="Running"><Id>{stamp}</Id>
  <Lap StartTime="{stamp}"><TotalTimeSeconds>2400</TotalTimeSeconds>
   <DistanceMeters>7000</DistanceMeters><Track>
    <Trackpoint><AltitudeMeters>{100 + descent}</AltitudeMeters></Trackpoint>
    <Trackpoint><AltitudeMeters>100</AltitudeMeters></Trackpoint>
   </Track></Lap></Activity></Activities></TrainingCenterDatabase>""".encode()


@pytest.fixture
def sore_yesterday(time_machine, client):
    """Thursday: a hard leg day on Wednesday, quads 5 at Thursday's check-in: no downhill."""
    time_machine.move_to(NOW - dt.timedelta(days=1), tick=False)
    athlete = UserFactory(time_zone="Europe/London")
    StrengthFactory(
        athlete=athlete, started_at=NOW - dt.timedelta(days=2), rpe=8, exercises=["Back squat"]
    )
    recommendation = services.checkin_save(
        athlete=athlete, day=(NOW - dt.timedelta(days=1)).date(), answers=checkin_answers(quads=5)
    )[1]
    assert "any_downhill" in recommendation.avoid
    time_machine.move_to(NOW, tick=False)
    client.force_login(athlete)
    return athlete, client


def test_a_steep_run_against_the_advice_is_followed_up(sore_yesterday):
    athlete, client = sore_yesterday
    run_start = NOW - dt.timedelta(hours=20)  # Thursday 12:00
    item = import_files(athlete, ("hills.tcx", _tcx(run_start, 320)))["hills.tcx"]
    assert item.session.descent_m == 320
    page = client.get(reverse("recovery:today")).content.decode()
    assert "320 m downhill" in page
    assert "How do your quads feel?" in page
    history = client.get(reverse("recovery:recovery_history")).content.decode()
    assert "Downhill run: 320 m down, against the day" in history
    # Once today's check-in is in, the question is not asked again.
    services.checkin_save(athlete=athlete, day=NOW.date(), answers=checkin_answers(quads=6))
    assert "How do your quads feel?" not in client.get(reverse("recovery:checkin")).content.decode()


def test_a_flat_run_or_a_day_without_the_advice_is_not(sore_yesterday):
    athlete, client = sore_yesterday
    import_files(athlete, ("flat.tcx", _tcx(NOW - dt.timedelta(hours=20), 40)))
    import_files(athlete, ("old.tcx", _tcx(NOW - dt.timedelta(days=5), 400)))  # no advice that day
    assert "How do your quads feel?" not in client.get(reverse("recovery:today")).content.decode()
    assert "Downhill run" not in client.get(reverse("recovery:recovery_history")).content.decode()
