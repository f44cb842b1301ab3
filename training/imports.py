"""Importing activity files (services; `training.tasks.import_batch` runs `batch_run`).

An upload becomes an `ImportBatch` with one `ImportItem` per file. The task opens archives
(zip, with limits on size, entry count and decompressed size; `.gz` entries too), reads each
file (`activityfiles`), skips what is here already (the same file, by its SHA-256; or the
same activity from another source: start within 2 minutes and distance within 3 %), offers a
merge when a run logged by hand matches, and saves the rest through `services`, in chunks:
each chunk is one transaction that announces `training_changed` once, so derived state
commits with the sessions (and 1,000 files do not pay for 1,000 refreshes).
"""

import datetime as dt
import gzip
import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config.celery import app as celery_app

from . import activityfiles, services, strengthsets
from .models import (
    ImportBatch,
    ImportItem,
    ImportStatus,
    ItemOutcome,
    Kind,
    RunType,
    Session,
    Source,
)

log = logging.getLogger(__name__)
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx")
MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # one upload, all files together
MAX_FILES = 100  # files in one upload (an archive counts as one)
MAX_FILE_BYTES = 25 * 1024 * 1024  # one activity file, unpacked
MAX_ENTRIES = 5000  # entries in one archive
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # all of an archive's activity files, unpacked
MAX_RATIO = 100  # unpacked / packed size of an archive entry: more is a bomb
CHUNK = 50  # files per transaction (and per `training_changed`)
SAME_START = dt.timedelta(minutes=2)
SAME_DISTANCE = 0.03
HAND_LOGGED_WINDOW = dt.timedelta(hours=3)  # a run logged by hand may have a rough start time
HAND_LOGGED_DISTANCE = 0.10
IMPORTED_RUN_RPE = 3  # until the athlete says how hard it felt
IMPORTED_STRENGTH_RPE = 7  # unknown effort counts as hard (DESIGN §4)


class Refused(Exception):
    """An upload refused as a whole (too large, too many files); nothing was saved."""


# --- Upload ----------------------------------------------------------------------------------


def batch_create(*, athlete: User, files: list[tuple[str, bytes]]) -> ImportBatch:
    """Keep the uploaded files and queue their import (after this transaction commits)."""
    if not files:
        raise Refused("Choose at least one file.")
    if len(files) > MAX_FILES:
        raise Refused(f"At most {MAX_FILES} files at once: put more in a zip archive.")
    if sum(len(data) for _, data in files) > MAX_UPLOAD_BYTES:
        raise Refused(f"At most {MAX_UPLOAD_BYTES // 2**20} MB at once.")
    with transaction.atomic():
        batch = ImportBatch.objects.create(athlete=athlete, total=len(files))
        ImportItem.objects.bulk_create(
            [ImportItem(batch=batch, name=_clean_name(name), data=data) for name, data in files]
        )
        transaction.on_commit(lambda: _enqueue(batch.pk))
    return batch


def _enqueue(batch_id: int) -> None:
    celery_app.send_task("training.tasks.import_batch", (batch_id,))


def _clean_name(name: str) -> str:
    return "".join(ch for ch in name.replace("\\", "/") if ch.isprintable())[-255:] or "file"


# --- The task's work --------------------------------------------------------------------------


def batch_run(batch_id: int) -> ImportBatch:
    """Open the archives, then import every waiting file, chunk by chunk. Safe to run again
    (a redelivered task): finished files are not read twice."""
    batch = ImportBatch.objects.select_related("athlete").get(pk=batch_id)
    if batch.status == ImportStatus.DONE:
        return batch
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING)
    for item in batch.items.filter(outcome=ItemOutcome.PENDING, name__iendswith=".zip"):
        _open_archive(batch, item)
    pending = list(
        batch.items.filter(outcome=ItemOutcome.PENDING).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(pending), CHUNK):
        with transaction.atomic():
            for item in ImportItem.objects.filter(pk__in=pending[start : start + CHUNK]):
                _import_item(batch.athlete, item)
            services.announce([batch.athlete])
            ImportBatch.objects.filter(pk=batch.pk).update(processed=_processed(batch))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.DONE, processed=_processed(batch), finished_at=timezone.now()
    )
    batch.refresh_from_db()
    return batch


def _processed(batch: ImportBatch) -> int:
    return batch.items.exclude(outcome=ItemOutcome.PENDING).count()


def _open_archive(batch: ImportBatch, item: ImportItem) -> None:
    """Replace an archive by its activity files (as items), or fail it with the reason."""
    data = bytes(item.data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [e for e in archive.infolist() if not e.is_dir()]
    except (zipfile.BadZipFile, ValueError, EOFError):
        return _finish(item, ItemOutcome.FAILED, "Not a readable zip archive.")
    if len(entries) > MAX_ENTRIES:
        return _finish(item, ItemOutcome.FAILED, f"The archive has more than {MAX_ENTRIES} files.")
    wanted = [e for e in entries if _activity_name(e.filename)]
    if sum(e.file_size for e in wanted) > MAX_UNPACKED_BYTES:
        return _finish(
            item, ItemOutcome.FAILED, "The archive unpacks to more than 1 GB: not imported."
        )
    made = 0
    with transaction.atomic():
        for entry in wanted:
            name = entry.filename
            try:
                content = _unpack_entry(archive, entry)
            except activityfiles.BadFile as error:
                ImportItem.objects.create(
                    batch=batch, name=name, outcome=ItemOutcome.FAILED, message=str(error)
                )
            else:
                ImportItem.objects.create(batch=batch, name=name, data=content)
            made += 1
        _finish(item, ItemOutcome.SKIPPED, f"Archive opened: {made} activity files inside.")
        ImportBatch.objects.filter(pk=batch.pk).update(total=batch.items.count())
    return None


def _activity_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(ACTIVITY_SUFFIXES) or lower.endswith(
        tuple(s + ".gz" for s in ACTIVITY_SUFFIXES)
    )


def _unpack_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    if entry.file_size > MAX_FILE_BYTES:
        raise activityfiles.BadFile("The file is larger than 25 MB unpacked.")
    if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO:
        raise activityfiles.BadFile("The file unpacks far beyond its size (a zip bomb?).")
    try:
        with archive.open(entry) as stream:
            content = stream.read(MAX_FILE_BYTES + 1)  # the header's size may lie
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as error:
        raise activityfiles.BadFile("The archive entry is damaged or encrypted.") from error
    if len(content) > MAX_FILE_BYTES:
        raise activityfiles.BadFile("The file is larger than 25 MB unpacked.")
    return content


def _gunzip(name: str, data: bytes) -> tuple[str, bytes]:
    if not name.lower().endswith(".gz"):
        return name, data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            content = stream.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError) as error:
        raise activityfiles.BadFile("The .gz file is damaged.") from error
    if len(content) > MAX_FILE_BYTES:
        raise activityfiles.BadFile("The file is larger than 25 MB unpacked.")
    return name[:-3], content


def _finish(item: ImportItem, outcome: str, message: str, session=None, keep=False) -> None:
    item.outcome, item.message, item.session = outcome, message[:300], session
    if not keep:
        item.data = None
    item.save()


@dataclass
class Match:
    session: Session
    by_hand: bool


def _import_item(athlete: User, item: ImportItem) -> None:
    try:
        name, data = _gunzip(item.name, bytes(item.data or b""))
        fingerprint = hashlib.sha256(data).hexdigest()
        same_file = Session.objects.filter(athlete=athlete, fingerprint=fingerprint).first()
        if same_file:
            return _finish(
                item, ItemOutcome.DUPLICATE, "The same file was imported already.", same_file
            )
        activity = activityfiles.read(name, data)
    except activityfiles.BadFile as error:
        return _finish(item, ItemOutcome.FAILED, str(error))
    except Exception:  # a parser's own bug on a strange file: that file fails, not the batch
        log.exception("import: %s could not be read", item.name)
        return _finish(item, ItemOutcome.FAILED, "The file could not be read.")
    if activity.sport in ("walk", "ride", "other"):
        word = {"walk": "a walk", "ride": "a ride", "other": "not a run"}[activity.sport]
        return _finish(
            item,
            ItemOutcome.SKIPPED,
            f"This is {word}: RunReady imports runs and strength workouts.",
        )
    source = {"fit": Source.FIT, "gpx": Source.GPX, "tcx": Source.TCX}[name.lower()[-3:]]
    if activity.sport == "strength":
        return _save_strength(athlete, item, activity, source, fingerprint)
    match = _match(athlete, activity)
    if match and not match.by_hand:
        return _finish(
            item,
            ItemOutcome.DUPLICATE,
            "The same run is here already (from another file or device).",
            match.session,
        )
    if match:
        return _finish(
            item,
            ItemOutcome.MERGE,
            "A run you logged by hand looks like this one: merge them?",
            match.session,
            keep=True,
        )
    return _save_run(athlete, item, activity, source, fingerprint)


def _match(athlete: User, activity) -> Match | None:
    """A run here already that is this activity: from a file (start within 2 min, distance
    within 3 %), or logged by hand (within 3 h and 10 %)."""
    near = Session.objects.filter(
        athlete=athlete,
        kind=Kind.RUN,
        started_at__range=(
            activity.start - HAND_LOGGED_WINDOW,
            activity.start + HAND_LOGGED_WINDOW,
        ),
    )
    for session in near:
        apart = abs(session.started_at - activity.start)
        ratio = _apart(session.distance_m, activity.distance_m)
        if session.source == Source.MANUAL and ratio <= HAND_LOGGED_DISTANCE:
            return Match(session, by_hand=True)
        if apart <= SAME_START and ratio <= SAME_DISTANCE:
            return Match(session, by_hand=False)
    return None


def _apart(a: float | None, b: float | None) -> float:
    if not a or not b:
        return 1.0
    return abs(a - b) / max(a, b)


def _run_fields(activity, source: str, fingerprint: str) -> dict:
    return {
        "started_at": activity.start,
        "duration_s": max(1, round(activity.elapsed_s)),
        "distance_m": activity.distance_m,
        "moving_s": round(activity.moving_s) if activity.moving_s else None,
        "ascent_m": activity.ascent_m,
        "descent_m": activity.descent_m,
        "avg_hr": activity.avg_hr,
        "terrain": activity.terrain,
        "source": source,
        "fingerprint": fingerprint,
    }


def _save_run(athlete, item, activity, source, fingerprint) -> None:
    if not activity.distance_m:
        return _finish(item, ItemOutcome.FAILED, "The run has no distance.")
    long = activity.elapsed_s >= 90 * 60
    try:
        with transaction.atomic():
            session = services.session_create(
                athlete=athlete,
                entered_by=athlete,
                kind=Kind.RUN,
                rpe=IMPORTED_RUN_RPE,
                run_type=RunType.LONG if long else RunType.EASY,
                **_run_fields(activity, source, fingerprint),
                announce_now=False,
            )
    except ValidationError as error:
        return _finish(item, ItemOutcome.FAILED, "Not a valid run: " + " ".join(error.messages))
    return _finish(item, ItemOutcome.CREATED, "Imported as a run.", session)


def _save_strength(athlete, item, activity, source, fingerprint) -> None:
    entries, unknown = strengthsets.entries(activity.sets)
    try:
        with transaction.atomic():
            session = services.session_create(
                athlete=athlete,
                entered_by=athlete,
                kind=Kind.STRENGTH,
                rpe=IMPORTED_STRENGTH_RPE,
                started_at=activity.start,
                duration_s=max(1, round(activity.elapsed_s)),
                avg_hr=activity.avg_hr,
                source=source,
                fingerprint=fingerprint,
                entries=entries,
                announce_now=False,
            )
    except ValidationError as error:
        return _finish(item, ItemOutcome.FAILED, "Not a valid workout: " + " ".join(error.messages))
    lower = any(entry.exercise.lower_body for entry in entries)
    message = "Imported as a strength session" + (": a leg day." if lower else ".")
    if unknown:
        message += f" Left out: {', '.join(sorted(unknown))} (not in the exercise list)."
    return _finish(item, ItemOutcome.CREATED, message, session)


# --- Merging a run logged by hand with its file ------------------------------------------------


@transaction.atomic
def item_merge(*, athlete: User, item: ImportItem) -> Session:
    """The run logged by hand takes the file's measurements (start, duration, distance,
    climb, heart rate); its type, effort, legs and notes stay as the athlete wrote them."""
    item = ImportItem.objects.select_for_update().get(pk=item.pk)
    session = item.session
    if item.outcome != ItemOutcome.MERGE or session is None or session.athlete_id != athlete.pk:
        raise activityfiles.BadFile("Nothing to merge there any more.")
    name, data = _gunzip(item.name, bytes(item.data or b""))
    activity = activityfiles.read(name, data)
    fingerprint = hashlib.sha256(data).hexdigest()
    source = {"fit": Source.FIT, "gpx": Source.GPX, "tcx": Source.TCX}[name.lower()[-3:]]
    fields = _run_fields(activity, source, fingerprint)
    if not fields["distance_m"]:
        fields.pop("distance_m")
    services.session_update(session=session, by=athlete, **fields)
    _finish(item, ItemOutcome.MERGED, "Merged into the run you logged by hand.", session)
    return session


def batches_of(athlete: User):
    return ImportBatch.objects.filter(athlete=athlete)


def report(batch: ImportBatch) -> dict:
    items = list(batch.items.select_related("session").order_by("pk"))
    counts = dict.fromkeys(ItemOutcome.values, 0)
    for item in items:
        counts[item.outcome] += 1
    return {"items": items, "counts": counts}
