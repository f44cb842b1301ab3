"""Imports that cannot hurt anyone else (issue 22): every file capped at 25 MB before it is
read, uploads in the file storage (not the database) and gone when the batch ends, each
file's failure its own line whatever raised it, one batch per athlete, dead batches stopped."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from tests.factories import UserFactory
from tests.training.test_imports import DATA, _tcx, _zip, import_files
from training import imports
from training.models import ImportBatch, ImportItem, ImportStatus, Session

pytestmark = pytest.mark.django_db
GOOD = "garmin-fenix-5-run.fit"


@pytest.fixture
def athlete():
    return UserFactory(time_zone="Europe/London")


def _stored(batch_id: int) -> list[Path]:
    return list((Path(default_storage.location) / "imports").glob(f"{batch_id}-*"))


def _good():
    return GOOD, (DATA / "fit" / GOOD).read_bytes()


def test_a_30_mb_gpx_is_refused_at_the_upload_and_nothing_is_kept(athlete, client):
    client.force_login(athlete)
    big = io.BytesIO(b"<gpx>" + b" " * (30 * 1024 * 1024) + b"</gpx>")
    big.name = "huge.gpx"
    response = client.post("/training/import/", {"files": [big]})
    assert response.status_code == 422
    assert "huge.gpx: The file is larger than 25 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not ImportItem.objects.exists()


def _lzma_zip(entries: dict[str, bytes]) -> bytes:
    return _zip(entries, compression=zipfile.ZIP_LZMA)


def _corrupt(archive: bytes, entry: bytes) -> bytes:
    """Flip bytes in the middle of an entry's compressed data (its header stays whole)."""
    at = archive.index(entry) + len(entry) + 40
    return archive[:at] + bytes(b ^ 0x5A for b in archive[at : at + 60]) + archive[at + 60 :]


GPX = (DATA / "gpx" / "cerknicko-jezero.gpx").read_bytes()


@pytest.mark.parametrize(
    ("archive", "entry"),
    [
        (_corrupt(_zip({"a/bad.gpx": GPX}), b"a/bad.gpx"), "a/bad.gpx"),  # zlib.error
        (_corrupt(_lzma_zip({"a/bad.gpx": GPX}), b"a/bad.gpx"), "a/bad.gpx"),  # LZMAError
    ],
    ids=["deflate", "lzma"],
)
def test_a_corrupt_archive_entry_is_its_line_and_the_file_beside_it_imports(
    athlete, archive, entry
):
    items = import_files(athlete, ("export.zip", archive), _good())
    assert items[entry].outcome == "failed"
    assert items[entry].message in (
        "The archive entry is damaged or encrypted.",
        "The file could not be read.",
    )
    assert items[GOOD].outcome == "created"


def test_a_tcx_whose_times_add_up_to_infinity_is_its_line(athlete):
    start = dt.datetime(2025, 11, 20, 7, 0, tzinfo=dt.UTC)
    laps = _tcx(start, 1000, 1.5e308).replace(b"</Lap>", b"</Lap>" + _lap(start), 1)
    items = import_files(athlete, ("inf.tcx", laps), _good())
    assert items["inf.tcx"].outcome == "failed"
    assert "not numbers RunReady can use" in items["inf.tcx"].message
    assert items[GOOD].outcome == "created"
    assert Session.objects.filter(athlete=athlete).count() == 1


def _lap(start: dt.datetime) -> bytes:
    return (
        f'<Lap StartTime="{start:%Y-%m-%dT%H:%M:%SZ}"><TotalTimeSeconds>1.5e308'
        "</TotalTimeSeconds><DistanceMeters>1000</DistanceMeters></Lap>"
    ).encode()


# A DOCTYPE hidden from an XML parser in a comment, that gpxpy's own pre-processing (it cuts
# the first xmlns="…" out with a regex) used to bring into the open before parsing again.
SMUGGLED = (
    b'<?p xmlns="?><!--"?><!DOCTYPE gpx [<!ENTITY e "pwn">]><?q --><?r ?>'
    + GPX[GPX.index(b"<gpx") :]
)


def test_a_doctype_smuggled_past_the_check_is_refused(athlete):
    items = import_files(athlete, ("smuggled.gpx", SMUGGLED), _good())
    assert items["smuggled.gpx"].outcome == "failed"
    assert "declares XML entities or a DTD" in items["smuggled.gpx"].message
    assert items[GOOD].outcome == "created"


def test_uploads_are_in_the_file_storage_until_the_batch_ends(athlete):
    batch = imports.batch_create(athlete=athlete, files=[_good()])
    stored = _stored(batch.pk)
    assert len(stored) == 1
    assert stored[0].read_bytes() == _good()[1]
    imports.batch_run(batch.pk)
    assert not _stored(batch.pk)
    assert batch.items.get().outcome == "created"


def test_one_running_batch_per_athlete(athlete):
    first = imports.batch_create(athlete=athlete, files=[_good()])
    with pytest.raises(imports.Refused, match="is still running"):
        imports.batch_create(athlete=athlete, files=[_good()])
    assert imports.batch_create(athlete=UserFactory(), files=[_good()])  # others may
    imports.batch_run(first.pk)
    assert imports.batch_create(athlete=athlete, files=[_good()])  # and so may they, after


def test_a_batch_whose_task_died_is_stopped_and_its_report_says_so(athlete, client):
    """Its worker was killed (out of memory, a deploy): no chunk for STALE_RUNNING."""
    dying = imports.batch_create(athlete=athlete, files=[_good()])
    ImportBatch.objects.filter(pk=dying.pk).update(status=ImportStatus.RUNNING)
    later = dying.updated_at + imports.STALE_RUNNING + dt.timedelta(minutes=1)
    assert imports.sweep(now=later)["stopped"] == 1
    dying.refresh_from_db()
    assert dying.status == ImportStatus.FAILED
    assert not _stored(dying.pk)
    client.force_login(dying.athlete)
    page = client.get(f"/training/import/{dying.pk}/").content.decode()
    assert "The import stopped before it finished: 0 imported" in page
    assert "Not read: the import stopped before this file." in page


def test_a_task_that_keeps_dying_on_a_chunk_stops_the_batch(athlete):
    batch = imports.batch_create(athlete=athlete, files=[_good()])
    ImportBatch.objects.filter(pk=batch.pk).update(attempts=imports.MAX_ATTEMPTS)
    assert imports.batch_step(batch.pk).status == ImportStatus.FAILED


def test_the_sweep_removes_files_no_batch_owns():
    orphan = default_storage.save("imports/left-by-a-crash", io.BytesIO(b"x"))
    now = dt.datetime.now(dt.UTC)
    assert imports.sweep(now=now)["deleted"] == 0  # too fresh: an upload may be saving it
    assert imports.sweep(now=now + dt.timedelta(hours=1))["deleted"] == 1
    assert not default_storage.exists(orphan)


def test_long_names_are_cut_to_their_column(athlete):
    name = "activities/" + "x" * 400 + ".gpx"
    items = import_files(athlete, ("export.zip", _zip({name: GPX})))
    item = next(i for n, i in items.items() if n.endswith(".gpx"))
    assert len(item.name) == 255
    assert item.outcome == "created"
