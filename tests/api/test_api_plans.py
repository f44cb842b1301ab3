"""Plans through the API (issue 27): the guard's warnings and fixes come back with a plan,
a fix applies (and a stale one answers 409), and the plan forms' validation speaks."""

import datetime as dt

import pytest

from accounts import services
from tests.factories import UserFactory
from training.models import PlannedRun

pytestmark = pytest.mark.django_db


def test_a_clashing_run_comes_back_with_its_warning_and_a_fix_clears_it(client):
    athlete = UserFactory()
    _, token = services.api_token_create(user=athlete, name="t", can_write=True, days=1)
    headers = {"Authorization": f"Bearer {token}"}
    day = athlete.local_today() + dt.timedelta(days=2)

    def post(path, body):
        return client.post(path, body, content_type="application/json", headers=headers)

    assert (
        post("/api/plans/legs", {"date": day.isoformat(), "intensity": "hard"}).status_code == 201
    )
    run = post(
        "/api/plans/runs",
        {"date": (day + dt.timedelta(days=1)).isoformat(), "run_type": "intervals", "minutes": 45},
    )
    assert run.status_code == 201
    warning = run.json()["warnings"][0]
    assert warning["rule"] == "P1"
    assert warning["quality_from"]
    assert "make_easy" in [fix["action"] for fix in warning["fixes"]]
    plan_id = run.json()["id"]
    fixed = post(f"/api/plans/run/{plan_id}/fix", {"action": "make_easy"})
    assert fixed.status_code == 200
    assert fixed.json()["warnings"] == []
    assert PlannedRun.objects.get(pk=plan_id).run_type == "easy"
    stale = post(f"/api/plans/run/{plan_id}/fix", {"action": "make_easy"})
    assert stale.status_code == 409
    listed = client.get("/api/plans", headers=headers).json()
    assert [(p["kind"], p["date"]) for p in listed] == [
        ("leg", day.isoformat()),
        ("run", (day + dt.timedelta(days=1)).isoformat()),
    ]
    bad = post("/api/plans/runs", {"date": "2999-01-01", "run_type": "easy", "minutes": 30})
    assert bad.status_code == 422
    assert "date" in bad.json()["errors"]
    assert client.delete(f"/api/plans/run/{plan_id}", headers=headers).status_code == 204


def test_a_prescribed_leg_day_by_api_with_its_hardness_and_the_forms_messages(client):
    from training.models import Exercise, OneRepMax

    athlete = UserFactory()
    squat = Exercise.objects.get(name="Back squat")
    OneRepMax.objects.create(athlete=athlete, exercise=squat, kg=120)
    _, token = services.api_token_create(user=athlete, name="t", can_write=True, days=1)
    headers = {"Authorization": f"Bearer {token}"}
    day = athlete.local_today() + dt.timedelta(days=2)

    def post(body):
        return client.post(
            "/api/plans/legs", body, content_type="application/json", headers=headers
        )

    refused = post(
        {
            "date": day.isoformat(),
            "intensity": "light",
            "rows": [{"exercise_id": squat.pk, "sets": 5, "load_kind": "rpe", "load": 12}],
        }
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "rows.0.reps": ["Give reps, or seconds for a hold."],
        "rows.0.load": ["Give a target RPE (1–10)."],
    }
    saved = post(
        {
            "date": day.isoformat(),
            "intensity": "light",
            "rows": [
                {"exercise_id": squat.pk, "sets": 5, "reps": 5, "load_kind": "percent", "load": 80}
            ],
        }
    )
    assert saved.status_code == 201, saved.content
    plan = saved.json()
    # 80 % of 1RM: 7.5 reps possible, 5 done: 2.5 in reserve, RPE 7.5 -> 8 as logged: hard.
    assert plan["hard"] is True
    assert plan["hard_because"][0].startswith("RPE 8")
    assert plan["rows"][0]["kg"] == 96.0
    listed = client.get("/api/plans", {"date_from": day.isoformat()}, headers=headers).json()
    assert listed[0]["rows"][0]["exercise"] == "Back squat"
    maxes = client.get("/api/one-rep-maxes", headers=headers).json()
    assert maxes == [{"exercise_id": squat.pk, "kg": 120.0, "estimated": False}]
    raised = client.put(
        f"/api/one-rep-maxes/{squat.pk}",
        {"kg": 150},
        content_type="application/json",
        headers=headers,
    )
    assert raised.json() == [{"exercise_id": squat.pk, "kg": 150.0, "estimated": False}]
    # 80 % of 150 kg now: the plan's weight follows the new 1RM.
    listed = client.get("/api/plans", {"date_from": day.isoformat()}, headers=headers).json()
    assert listed[0]["rows"][0]["kg"] == 120.0
    cleared = client.put(
        f"/api/one-rep-maxes/{squat.pk}",
        {"kg": None},
        content_type="application/json",
        headers=headers,
    )
    assert cleared.json() == []
    too_low = client.put(
        f"/api/one-rep-maxes/{squat.pk}",
        {"kg": 0},
        content_type="application/json",
        headers=headers,
    )
    assert too_low.status_code == 422
    library = client.get("/api/exercises", headers=headers).json()
    squat_out = next(e for e in library if e["id"] == squat.pk)
    assert (squat_out["slug"], squat_out["eccentric_load"]) == ("back-squat", 3)
    assert "quads" in squat_out["muscle_groups"]
