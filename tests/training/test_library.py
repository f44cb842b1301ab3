"""The exercise library (issue 28): search by name or equipment and by muscle group, each
exercise's page with its cues, variations and the athlete's 1RM, and a list that costs the
same number of queries however many exercises there are."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from training import services
from training.models import Exercise, MuscleGroup

pytestmark = pytest.mark.django_db


def test_search_and_filter(athlete_client):
    page = athlete_client.get("/training/exercises/", {"q": "squat"}).content.decode()
    assert "Bulgarian split squat" in page
    assert "Bench press" not in page
    calves = athlete_client.get("/training/exercises/", {"muscle": "calves"}).content.decode()
    assert "Standing calf raise" in calves
    assert "Back squat" not in calves
    nothing = athlete_client.get("/training/exercises/", {"q": "zzz"}).content.decode()
    assert 'No exercise matches "zzz"' in nothing


def test_an_exercise_page_teaches_it_and_shows_the_athletes_1rm(athlete_client):
    squat = Exercise.objects.get(name="Back squat")
    goblet = Exercise.objects.get(name="Goblet squat")
    squat.description = "Bar on the upper back; sit down between the heels."
    squat.cues = "Brace before each rep\nKnees track over the toes"
    squat.mistakes = "Heels lifting"
    squat.save()
    squat.easier.add(goblet)
    services.session_create(
        athlete=athlete_client.user,
        entered_by=athlete_client.user,
        kind="strength",
        started_at=timezone.now() - dt.timedelta(days=2),
        duration_s=3600,
        rpe=7,
        entries=[services.EntryData(exercise=squat, sets=3, reps=5, load_kg=100)],
    )
    page = athlete_client.get(squat.get_absolute_url()).content.decode()
    assert "Bar on the upper back" in page
    assert "<li>Knees track over the toes</li>" in page
    assert "<li>Heels lifting</li>" in page
    assert f'Easier: <a href="{goblet.get_absolute_url()}">Goblet squat</a>' in page
    assert "Eccentric load: High." in page
    harder = athlete_client.get(goblet.get_absolute_url()).content.decode()
    assert f'Harder: <a href="{squat.get_absolute_url()}">Back squat</a>' in harder
    assert "Your 1RM: <strong>116.7 kg</strong> (estimated" in page
    assert athlete_client.get("/training/exercises/no-such-thing/").status_code == 404


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/training/exercises/").status_code == 200
    return len(captured)


def test_the_library_answers_with_a_constant_number_of_queries(athlete_client):
    before = _list_queries(athlete_client)
    quads = MuscleGroup.objects.get(slug="quads")
    for n in range(30):
        exercise = Exercise.objects.create(name=f"Squat variation {n}", lower_body=True)
        exercise.muscle_groups.add(quads)
        exercise.easier.add(Exercise.objects.get(name="Goblet squat"))
    assert _list_queries(athlete_client) == before


def test_an_athlete_sets_and_clears_their_1rm(athlete_client):
    from training.models import OneRepMax

    squat = Exercise.objects.get(name="Back squat")
    url = f"/training/exercises/{squat.slug}/1rm/"
    refused = athlete_client.post(url, {"one_rm": "0"})
    assert refused.status_code == 422
    assert "A 1RM is at least 1." in refused.content.decode()
    too_much = athlete_client.post(url, {"one_rm": "5000"})
    assert "At most 1,000 kg." in too_much.content.decode()
    assert not OneRepMax.objects.exists()
    athlete_client.post(url, {"one_rm": "142.5"})
    assert OneRepMax.objects.get(athlete=athlete_client.user, exercise=squat).kg == 142.5
    page = athlete_client.get(squat.get_absolute_url()).content.decode()
    assert "Your 1RM: <strong>142.5 kg</strong> (as set)" in page
    athlete_client.post(url, {"one_rm": ""})
    assert not OneRepMax.objects.exists()
    assert athlete_client.get(url).status_code == 405


def test_an_exercise_whose_address_is_taken_is_refused_in_the_admin(admin_client):
    page = admin_client.post(
        "/admin/training/exercise/add/",
        {
            "name": "Step up",  # "Step-up" has the address step-up
            "slug": "",
            "muscle_groups": [str(MuscleGroup.objects.get(slug="quads").pk)],
            "eccentric_load": "1",
            "lower_body": "on",
            "is_active": "on",
        },
    )
    assert page.status_code == 200
    assert "Exercise with this Slug already exists." in page.content.decode()
    assert not Exercise.objects.filter(name="Step up").exists()
