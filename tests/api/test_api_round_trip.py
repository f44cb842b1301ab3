"""The API as a client uses it, over HTTP against a live server (issue 27): log a squat
session, read the provisional advice, check in, read the verdict and find the same headline
on /today/, then log a run longer than advised and read how it met the advice."""

import datetime as dt
import re

import pytest
import requests
from django.utils import timezone

from accounts import services
from recovery.models import RED_FLAG_FIELDS
from tests.factories import PASSWORD, UserFactory
from training.models import Exercise

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_client_logs_checks_in_and_reads_its_advice(live_server, seeded):
    base = f"{live_server.url}/api"
    athlete = UserFactory(time_zone="UTC")
    _, token = services.api_token_create(user=athlete, name="script", can_write=True, days=7)
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {token}"
    now = timezone.now()

    squat = next(e["id"] for e in api.get(f"{base}/exercises").json() if e["name"] == "Back squat")
    assert squat == Exercise.objects.get(name="Back squat").pk
    logged = api.post(
        f"{base}/sessions",
        json={
            "kind": "strength",
            "started_at": (now - dt.timedelta(hours=3)).isoformat(),
            "duration_s": 3600,
            "rpe": 8,
            "entries": [{"exercise_id": squat, "sets": 5, "reps": 5, "load_kg": 100}],
        },
        timeout=30,
    )
    assert logged.status_code == 201, logged.text
    assert logged.json()["is_leg_day"] is True

    provisional = api.get(f"{base}/today", timeout=30).json()
    assert provisional["provisional"] is True

    answers = dict.fromkeys(RED_FLAG_FIELDS, False)  # no warning sign
    answers |= {"can_walk_normally": True, "quads": 5, "hamstrings": 3, "glutes": 2}
    answers |= {"calves": 1, "adductors": 0, "sleep_quality": 4, "energy": 4}
    today = athlete.local_today()
    saved = api.put(f"{base}/checkins/{today.isoformat()}", json=answers, timeout=30)
    assert saved.status_code == 200, saved.text
    verdict = api.get(f"{base}/today", timeout=30).json()
    assert verdict["provisional"] is False
    assert verdict == saved.json()["verdict"]
    assert verdict["level"] in (2, 3)  # moderate quads the morning after: recovery or easy
    assert any(rule["rule_id"] == "S2" for rule in verdict["rules"])

    # The same headline on the athlete's Today page.
    browser = requests.Session()
    login = browser.get(f"{live_server.url}/accounts/login/", timeout=30)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    browser.post(
        f"{live_server.url}/accounts/login/",
        data={"csrfmiddlewaretoken": csrf, "login": athlete.email, "password": PASSWORD},
        headers={"Referer": f"{live_server.url}/accounts/login/"},
        timeout=30,
    )
    page = browser.get(f"{live_server.url}/today/", timeout=30).text
    headline = re.search(r'id="verdict-headline">([^<]+)<', page).group(1)
    assert headline.replace("&#x27;", "'") == verdict["headline"]

    # A run twice as long as the day allows, and how it met the advice.
    run = api.post(
        f"{base}/sessions",
        json={
            "kind": "run",
            "started_at": timezone.now().isoformat(),  # today's, at any hour
            "duration_s": verdict["max_minutes"] * 2 * 60,
            "rpe": 2,
            "distance_m": 8000,
            "run_type": "easy",
            "legs_feel": "heavy",
        },
        timeout=30,
    )
    assert run.status_code == 201, run.text
    judged = api.get(f"{base}/sessions/{run.json()['id']}", timeout=30).json()["adherence"]
    assert judged["followed"] is False
    assert [d["code"] for d in judged["deviations"]] == ["minutes"]
    assert judged["deviations"][0]["advised"] == verdict["max_minutes"]
