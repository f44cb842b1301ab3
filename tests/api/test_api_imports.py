"""Imports through the API (issue 27): upload (202 and an id to poll), status and report,
a merge into the run logged by hand, refusals as problem documents, another athlete's
import a 404; the same services as `/training/import/` (the worker's step run here)."""

import datetime as dt
from pathlib import Path

import pytest

from accounts import services
from tests.factories import SessionFactory, UserFactory
from training import imports
from training.models import ImportBatch, Session

pytestmark = pytest.mark.django_db
FENIX2 = (Path(__file__).parent.parent / "data/fit/activity-small-fenix2-run.fit").read_bytes()


def _headers(user, *, can_write=True):
    _, token = services.api_token_create(user=user, name="t", can_write=can_write, days=1)
    return {"Authorization": f"Bearer {token}"}


def _upload(client, headers, *files):
    return client.post("/api/imports", {"files": list(files)}, headers=headers)


def _file(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_an_upload_is_queued_then_reported_and_its_match_merged(client):
    athlete = UserFactory()
    headers = _headers(athlete)
    by_hand = SessionFactory(
        athlete=athlete,
        started_at=dt.datetime(2015, 8, 15, 15, 0, tzinfo=dt.UTC),
        distance_m=9000,
        duration_s=2800,
        rpe=6,
    )
    sent = _upload(
        client, headers, _file("run.fit", FENIX2), _file("notes.txt", b"not an activity")
    )
    assert sent.status_code == 202, sent.content
    queued = sent.json()
    assert (queued["status"], queued["ended"], queued["total"]) == ("queued", False, 2)
    again = _upload(client, headers, _file("more.fit", FENIX2))
    assert again.status_code == 422
    assert "still running" in again.json()["errors"]["files"][0]

    imports.batch_run(queued["id"])  # what the import worker does with the queued batch
    report = client.get(f"/api/imports/{queued['id']}", headers=headers).json()
    assert (report["status"], report["ended"], report["processed"]) == ("done", True, 2)
    lines = {item["name"]: item for item in report["items"]}
    assert lines["run.fit"]["outcome"] == "merge"
    assert lines["run.fit"]["can_merge"] is True
    assert lines["run.fit"]["session_id"] == by_hand.pk
    assert lines["notes.txt"]["outcome"] in ("skipped", "failed")
    assert lines["notes.txt"]["message"]
    assert report["counts"]["merge"] == 1
    listed = client.get("/api/imports", headers=headers).json()
    assert [(b["id"], b["counts"]["merge"]) for b in listed["items"]] == [(queued["id"], 1)]

    merged = client.post(f"/api/imports/items/{lines['run.fit']['id']}/merge", headers=headers)
    assert merged.status_code == 200, merged.content
    assert (merged.json()["id"], merged.json()["source"]) == (by_hand.pk, "fit")
    assert merged.json()["distance_m"] == pytest.approx(9008.22)
    stale = client.post(f"/api/imports/items/{lines['run.fit']['id']}/merge", headers=headers)
    assert stale.status_code == 409
    assert "Nothing to merge" in stale.json()["detail"]
    assert Session.objects.filter(athlete=athlete).count() == 1


def test_refusals_say_why_and_save_nothing(client, monkeypatch):
    athlete = UserFactory()
    headers = _headers(athlete)
    none = client.post("/api/imports", {}, headers=headers)
    assert none.status_code == 422
    monkeypatch.setattr(imports, "MAX_FILES", 2)
    many = _upload(client, headers, *(_file(f"{n}.fit", FENIX2) for n in range(3)))
    assert many.status_code == 422
    assert "At most 2 files" in many.json()["errors"]["files"][0]
    read_only = _upload(client, _headers(athlete, can_write=False), _file("run.fit", FENIX2))
    assert read_only.status_code == 403
    assert not ImportBatch.objects.exists()


def test_another_athletes_import_and_item_are_not_found(client):
    owner, other = UserFactory(), UserFactory()
    batch = imports.batch_create(athlete=owner, files=[("run.fit", FENIX2)])
    item = batch.items.get()
    headers = _headers(other)
    assert client.get(f"/api/imports/{batch.pk}", headers=headers).status_code == 404
    assert client.post(f"/api/imports/items/{item.pk}/merge", headers=headers).status_code == 404
    assert client.get("/api/imports", headers=headers).json()["count"] == 0
