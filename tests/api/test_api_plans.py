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
