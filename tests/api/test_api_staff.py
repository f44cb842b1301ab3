"""The staff's API (issue 27): the roster's rows as the page has them, an athlete's summary,
notes and a day's advice within the page's bounds; another gym's athlete does not exist."""

import pytest

from accounts import services
from accounts.models import Role
from recovery.models import CoachNote, Override
from tests.factories import MembershipFactory, StrengthFactory, UserFactory, checkin

pytestmark = pytest.mark.django_db


def _token(user) -> dict:
    _, token = services.api_token_create(user=user, name="t", can_write=True, days=1)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def gym():
    coach = MembershipFactory(role=Role.COACH).user
    athlete = MembershipFactory(
        gym=coach.memberships.get().gym, user=UserFactory(display_name="Ana")
    ).user
    StrengthFactory(athlete=athlete, exercises=["Back squat"])
    checkin(athlete, quads=8)
    return coach, athlete


def test_the_roster_has_the_pages_rows_and_flags(client, gym):
    coach, athlete = gym
    rows = client.get("/api/roster", headers=_token(coach)).json()
    assert rows["count"] == 1
    row = rows["items"][0]
    assert (row["athlete_id"], row["name"]) == (athlete.pk, "Ana")
    assert "sore_7" in row["flags"]
    assert row["light"]
    flagged = client.get("/api/roster", {"flag": "red_flag"}, headers=_token(coach)).json()
    assert flagged["count"] == 0
    refused = client.get("/api/roster", headers=_token(athlete))
    assert refused.status_code == 403


def test_an_athletes_summary_notes_and_advice(client, gym):
    coach, athlete = gym
    headers = _token(coach)
    summary = client.get(f"/api/athletes/{athlete.pk}", headers=headers).json()
    assert summary["name"] == "Ana"
    assert summary["checkins"][0]["soreness_max"] == 8
    assert summary["sessions"][0]["is_leg_day"] is True
    note = client.post(
        f"/api/athletes/{athlete.pk}/notes", {"body": "Knee ok"}, content_type="application/json",
        headers=headers,
    )  # fmt: skip
    assert note.status_code == 201
    assert CoachNote.objects.get().body == "Knee ok"
    assert (
        client.get(f"/api/athletes/{athlete.pk}/notes", headers=headers).json()[0]["body"]
        == "Knee ok"
    )
    today = athlete.local_today().isoformat()
    # Harder than the engine allows at 8/10: saved, but held back (the page's bounds).
    harder = client.put(
        f"/api/athletes/{athlete.pk}/overrides/{today}",
        {"level": 4, "max_minutes": 60, "note": "go"},
        content_type="application/json",
        headers=headers,
    ).json()
    assert harder["today"]["level"] < 4
    assert "not today" in harder["today"]["coach_call"]
    bad = client.put(
        f"/api/athletes/{athlete.pk}/overrides/{today}",
        {"level": 4, "max_minutes": 999, "note": "go"},
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 422
    assert "max_minutes" in bad.json()["errors"]
    gone = client.delete(f"/api/athletes/{athlete.pk}/overrides/{today}", headers=headers)
    assert gone.status_code == 204
    assert not Override.objects.exists()
    stranger = MembershipFactory(role=Role.COACH).user
    assert client.get(f"/api/athletes/{athlete.pk}", headers=_token(stranger)).status_code == 404
