"""The check-in history page and the export of check-ins and recommendations."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recovery import services
from recovery.models import CheckIn
from tests.factories import StrengthFactory, checkin_answers

pytestmark = pytest.mark.django_db


def _checkin(user, day, quads):
    return services.checkin_save(athlete=user, day=day, answers=checkin_answers(quads=quads))


def test_history_lists_check_ins_verdicts_and_leg_days(athlete_client):
    user = athlete_client.user
    today = user.local_today()
    StrengthFactory(
        athlete=user,
        started_at=dt.datetime.combine(today - dt.timedelta(days=2), dt.time(18), tzinfo=user.tz),
        exercises=["Back squat"],
    )
    _checkin(user, today - dt.timedelta(days=1), quads=6)
    _checkin(user, today, quads=2)
    page = athlete_client.get(reverse("recovery:recovery_history")).content.decode()
    assert "6/10" in page
    assert "2/10" in page
    assert "Recovery run, up to 30 min" in page
    assert page.count("<title>Leg day") == 1
    assert f"?date={(today - dt.timedelta(days=1)).isoformat()}" in page


def test_history_queries_are_constant(athlete_client):
    user = athlete_client.user
    today = user.local_today()

    def count():
        with CaptureQueriesContext(connection) as captured:
            athlete_client.get(reverse("recovery:recovery_history"))
        return len(captured)

    _checkin(user, today, quads=1)
    few = count()
    for days_ago in range(1, 28):
        _checkin(user, today - dt.timedelta(days=days_ago), quads=days_ago % 8)
    assert CheckIn.objects.count() == 28
    assert count() == few


def test_export_includes_check_ins_and_recommendations(athlete_client):
    user = athlete_client.user
    _checkin(user, user.local_today(), quads=5)
    archive = zipfile.ZipFile(
        io.BytesIO(athlete_client.get(reverse("accounts:account_export")).content)
    )
    data = json.loads(archive.read("runready.json"))
    assert data["checkins"][0]["quads"] == 5
    assert data["recommendations"][0]["level"] == 2
    assert {"checkins.csv", "recommendations.csv"} <= set(archive.namelist())


def test_the_charts_show_values_without_hovering_and_say_when_there_is_nothing(athlete_client):
    user = athlete_client.user
    history = reverse("recovery:recovery_history")
    page = athlete_client.get(history).content.decode()
    assert 'id="soreness-empty"' in page
    assert 'id="soreness-chart"' not in page
    trends = athlete_client.get(reverse("training:history")).content.decode()
    assert 'id="charts-empty"' in trends
    assert "AU" not in trends
    today = user.local_today()
    _checkin(user, today - dt.timedelta(days=8), quads=6)
    _checkin(user, today, quads=2)
    page = athlete_client.get(history).content.decode()
    chart = page[page.index('id="soreness-chart"') : page.index("</figure>")]
    # Each bar carries its value as text (touch has no hover) and leads to its day's row.
    assert '<text x="' in chart
    assert ">6</text>" in chart
    assert ">2</text>" in chart
    assert f'href="#day-{today:%Y%m%d}"' in chart
    assert f'id="day-{today:%Y%m%d}"' in page
    table = page[page.index('id="soreness-by-group"') :].split("</details>")[0]
    quads = table[table.index("Quads") :].split("</tr>")[0]
    # Oldest week first: the 6 eight days ago, then this week's 2.
    assert quads.index("6/10") < quads.index("2/10")
