"""Every bad input to the logging forms shows its message next to the field and saves nothing."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from training.models import Exercise, ExerciseEntry, Session

pytestmark = pytest.mark.django_db


def _start(delta=dt.timedelta(hours=-1)) -> str:
    return timezone.localtime(timezone.now() + delta, dt.UTC).strftime("%Y-%m-%dT%H:%M")


def strength_data(**overrides):
    squat = Exercise.objects.get(name="Back squat").pk
    data = {
        "started_at": _start(),
        "duration": "60",
        "rpe": "7",
        "notes": "",
        "entries-TOTAL_FORMS": "2",
        "entries-INITIAL_FORMS": "0",
        "entries-0-exercise": str(squat),
        "entries-0-sets": "5",
        "entries-0-reps": "5",
        "entries-0-load": "100",
        "entries-1-exercise": "",
        "entries-1-sets": "",
        "entries-1-reps": "",
        "entries-1-load": "",
    }
    data.update(overrides)
    return data


def run_data(**overrides):
    data = {
        "started_at": _start(),
        "distance": "10",
        "duration": "50:00",
        "run_type": "easy",
        "rpe": "3",
        "legs_feel": "fresh",
        "notes": "",
    }
    data.update(overrides)
    return data


def _assert_rejected(response, field_id: str, message: str):
    assert response.status_code == 422
    page = html.unescape(response.content.decode())
    assert message in page
    assert field_id in page  # the error sits next to its field
    assert Session.objects.count() == 0
    assert ExerciseEntry.objects.count() == 0


def test_valid_strength_session_is_saved(athlete_client):
    response = athlete_client.post(reverse("training:strength_new"), strength_data())
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.is_leg_day, session.load, session.entries.count()) == (True, 420.0, 1)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rpe", "11", "Session RPE must be between 0 and 10."),
        ("rpe", "-1", "Session RPE must be between 0 and 10."),
        ("duration", "0", "The duration must be more than zero."),
        ("duration", "-30", "The duration must be more than zero."),
        ("duration", "1500", "The duration can't be more than 24 hours."),
        ("duration", "24:00:01", "The duration can't be more than 24 hours."),
        ("duration", "an hour", "Enter minutes (45)"),
        ("started_at", _start(dt.timedelta(days=2)), "more than a day in the future"),
        ("notes", "x" * 2001, "at most 2000 characters"),
    ],
)
def test_bad_session_fields(athlete_client, field, value, message):
    response = athlete_client.post(
        reverse("training:strength_new"), strength_data(**{field: value})
    )
    _assert_rejected(response, f"id_{field}", message)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sets", "0", "Sets must be between 1 and 50."),
        ("sets", "51", "Sets must be between 1 and 50."),
        ("reps", "0", "Reps must be between 1 and 500."),
        ("reps", "501", "Reps must be between 1 and 500."),
        ("load", "-5", "The load can't be negative."),
        ("load", "1001", "The load must be at most 1,000 kg."),
    ],
)
def test_bad_exercise_rows(athlete_client, field, value, message):
    data = strength_data(**{f"entries-0-{field}": value})
    response = athlete_client.post(reverse("training:strength_new"), data)
    _assert_rejected(response, f"id_entries-0-{field}_error", message)


def test_row_without_an_exercise(athlete_client):
    # The first row is fine; the second has numbers but no exercise: nothing at all is saved.
    data = strength_data(**{"entries-1-sets": "3", "entries-1-reps": "10"})
    response = athlete_client.post(reverse("training:strength_new"), data)
    _assert_rejected(response, "id_entries-1-exercise_error", "Choose an exercise for this row.")


def test_session_without_any_exercise(athlete_client):
    data = strength_data(
        **{
            "entries-0-exercise": "",
            "entries-0-sets": "",
            "entries-0-reps": "",
            "entries-0-load": "",
        }
    )
    response = athlete_client.post(reverse("training:strength_new"), data)
    _assert_rejected(response, "entries-errors", "Add at least one exercise.")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("distance", "0", "The distance must be more than zero."),
        ("distance", "-3", "The distance must be more than zero."),
        ("distance", "1000.5", "That is more than 1,000 km: check the distance."),
        ("duration", "0", "The duration must be more than zero."),
        ("duration", "25:00:00", "The duration can't be more than 24 hours."),
        ("rpe", "12", "Session RPE must be between 0 and 10."),
        ("started_at", _start(dt.timedelta(hours=25)), "more than a day in the future"),
        ("run_type", "sprint-to-the-fridge", "Select a valid choice."),
        ("legs_feel", "", "This field is required."),
    ],
)
def test_bad_run_fields(athlete_client, field, value, message):
    response = athlete_client.post(reverse("training:run_new"), run_data(**{field: value}))
    _assert_rejected(response, f"id_{field}", message)


def test_distance_limit_is_in_the_athletes_unit(client):
    user = UserFactory(distance_unit="mi")
    client.force_login(user)
    response = client.post(reverse("training:run_new"), run_data(distance="622"))
    _assert_rejected(response, "id_distance", "That is more than 621 mi")


def test_html_in_notes_is_escaped(athlete_client):
    athlete_client.post(reverse("training:run_new"), run_data(notes="<script>alert(1)</script>"))
    session = Session.objects.get()
    page = athlete_client.get(session.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
