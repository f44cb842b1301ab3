"""Importing activity files (services; `training.tasks.import_batch` runs `batch_step`).

An upload becomes an `ImportBatch` with one `ImportItem` per file, its bytes in the file
storage (`MEDIA_ROOT` by default), never in the database; they are deleted when the batch
ends. The import runs on its own Celery queue (`imports`, its own worker), so reminders and
staff alerts never wait behind it, one batch per athlete at a time. Each task does one
chunk (at most 50 files or 25 MB read) in one transaction that announces `training_changed`
once, then queues the next: a chunk always fits the task's time limit. Archives are listed
first; their entries are read from the archive when their turn comes (`archives`). Each
file's failure, whatever raised it, is that file's line in the report, never the batch's.
Duplicates: the same file (SHA-256) or the same activity from another source (start within
2 minutes, distance within 3 %); a run logged by hand that matches is offered a merge.
A batch whose task died (no progress for `STALE_RUNNING`) is marked stopped by `sweep`.
"""

import datetime as dt
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from config.celery import IMPORT_TASK
from config.celery import app as celery_app

from . import activityfiles, archives, importsave, services
from .archives import MAX_FILE_BYTES, TOO_LARGE
from .models import (
    UPLOADS,
    ImportBatch,
    ImportItem,
    ImportStatus,
    ItemOutcome,
)

log = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # one upload, all files together
MAX_FILES = 100  # files in one upload (an archive counts as one)
CHUNK = 50  # files per task and transaction (and per `training_changed`)
CHUNK_BYTES = 25 * 1024 * 1024  # or fewer, when they are large: a chunk fits its time limit
MAX_ATTEMPTS = 3  # deliveries of one chunk whose worker died before the batch is stopped
STALE_RUNNING = dt.timedelta(minutes=15)  # no chunk finished for this long: the task died
STALE_QUEUED = dt.timedelta(hours=6)  # never started (its message was lost)
ACTIVE = (ImportStatus.QUEUED, ImportStatus.RUNNING)


class Refused(Exception):
    """An upload refused as a whole (too large, too many files); nothing was saved."""


# --- Upload ----------------------------------------------------------------------------------


def _size(content) -> int:
    return len(content) if isinstance(content, bytes) else content.size


def batch_create(*, athlete: User, files: list[tuple[str, "bytes | File"]]) -> ImportBatch:
    """Keep the uploaded files in the file storage and queue their import (after commit).
    `files` are (name, bytes or an uploaded file)."""
    if not files:
        raise Refused(gettext_lazy("Choose at least one file."))
    if len(files) > MAX_FILES:
        raise Refused(
            gettext_lazy("At most {MAX_FILES} files at once: put more in a zip archive.").format(
                MAX_FILES=MAX_FILES
            )
        )
    if sum(_size(content) for _, content in files) > MAX_UPLOAD_BYTES:
        raise Refused(
            gettext_lazy("At most {value} MB at once.").format(value=MAX_UPLOAD_BYTES // 2**20)
        )
    for name, content in files:
        if not archives.is_archive(name) and _size(content) > MAX_FILE_BYTES:
            raise Refused(f"{clean_name(name)}: {TOO_LARGE}")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=athlete.pk).first()  # one upload at a time
        running = batch_running(athlete)
        if running:
            raise Refused(
                gettext_lazy(
                    "Your import of {localtime:%H:%M} is still running: wait for its report, then import more."
                ).format(localtime=timezone.localtime(running.created_at))
            )
        batch = ImportBatch.objects.create(athlete=athlete, total=len(files))
        items: list[ImportItem] = []
        for name, content in files:
            item = ImportItem(batch=batch, name=clean_name(name), size=_size(content))
            upload = ContentFile(content) if isinstance(content, bytes) else content
            item.upload.save(f"{batch.pk}-{len(items)}", upload, save=False)
            items.append(item)
        ImportItem.objects.bulk_create(items)
        transaction.on_commit(lambda: enqueue(batch.pk))
    return batch


def batch_running(athlete: User) -> ImportBatch | None:
    """The athlete's batch still being imported (one whose task died does not count)."""
    now = timezone.now()
    return (
        batches_of(athlete)
        .filter(status__in=ACTIVE)
        .exclude(status=ImportStatus.RUNNING, updated_at__lt=now - STALE_RUNNING)
        .exclude(status=ImportStatus.QUEUED, updated_at__lt=now - STALE_QUEUED)
        .first()
    )


def enqueue(batch_id: int) -> None:
    celery_app.send_task(IMPORT_TASK, (batch_id,))


def clean_name(name: str) -> str:
    """A file's name as the report shows it: printable, at most its column's 255 characters."""
    field = ImportItem._meta.get_field("name").max_length or 255
    return "".join(ch for ch in name.replace("\\", "/") if ch.isprintable())[-field:] or "file"


# --- The task's work --------------------------------------------------------------------------


def batch_step(batch_id: int) -> ImportBatch:
    """One task's work: open the archives, import one chunk (the task queues the next one
    while the batch has not ended). Safe to run again (a redelivered task): finished files
    are not read twice."""
    batch = ImportBatch.objects.select_related("athlete").get(pk=batch_id)
    if batch.ended:
        return batch
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING, attempts=F("attempts") + 1
    )
    batch.refresh_from_db()
    if batch.attempts > MAX_ATTEMPTS:
        return batch_stop(batch)
    uploaded_archives = batch.items.filter(
        outcome=ItemOutcome.PENDING, archive=None, name__iendswith=archives.ARCHIVE_SUFFIX
    )
    for archive in uploaded_archives:  # listed once: their entries are items of their own
        _open_archive(batch, archive)
    chunk: list[ImportItem] = []
    budget = 0
    for item in batch.items.filter(outcome=ItemOutcome.PENDING).select_related("archive")[:CHUNK]:
        if chunk and budget + item.size > CHUNK_BYTES:
            break
        chunk.append(item)
        budget += item.size
    with transaction.atomic(), archives.Reader() as reader:
        for item in chunk:
            if not _import_safely(batch.athlete, item, reader):
                break  # the time limit is near: the rest goes to the next task
        services.announce([batch.athlete])
        ImportBatch.objects.filter(pk=batch.pk).update(processed=_processed(batch), attempts=0)
    if not batch.items.filter(outcome=ItemOutcome.PENDING).exists():
        _end(batch, ImportStatus.DONE)
    batch.refresh_from_db()
    return batch


def batch_run(batch_id: int) -> ImportBatch:
    """Every step of a batch in this process, one after another (the demo data, tests)."""
    batch = batch_step(batch_id)
    while not batch.ended:
        batch = batch_step(batch_id)
    return batch


def batch_stop(batch: ImportBatch) -> ImportBatch:
    """A batch whose task died (again and again, or long ago): what was imported stays, the
    rest is marked not imported, and the report says so."""
    batch.items.filter(outcome=ItemOutcome.PENDING).update(
        outcome=ItemOutcome.FAILED,
        message=gettext_lazy("Not read: the import stopped before this file."),
    )
    _end(batch, ImportStatus.FAILED)
    batch.refresh_from_db()
    return batch


def _end(batch: ImportBatch, status: str) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, processed=_processed(batch), finished_at=timezone.now()
    )
    uploads_delete(batch.items.exclude(upload=""))


def uploads_delete(items) -> int:
    """Delete the stored files of `items` (a batch has ended): the report keeps their lines."""
    deleted = 0
    for item in items.only("pk", "upload"):
        default_storage.delete(item.upload.name)
        deleted += 1
    items.update(upload="")
    return deleted


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic clean-up: batches whose task died are stopped (their report says so),
    and no stored upload outlives its batch, even one a crash left without a row."""
    now = now or timezone.now()
    dead = ImportBatch.objects.filter(
        status=ImportStatus.RUNNING, updated_at__lt=now - STALE_RUNNING
    ) | ImportBatch.objects.filter(status=ImportStatus.QUEUED, updated_at__lt=now - STALE_QUEUED)
    stopped = [batch_stop(batch) for batch in dead]
    leftovers = uploads_delete(
        ImportItem.objects.filter(
            batch__status__in=(ImportStatus.DONE, ImportStatus.FAILED)
        ).exclude(upload="")
    )
    kept = set(ImportItem.objects.exclude(upload="").values_list("upload", flat=True))
    orphans = 0
    directory = UPLOADS
    if default_storage.exists(directory):
        for name in default_storage.listdir(directory)[1]:
            path = f"{directory}/{name}"
            if path not in kept and default_storage.get_modified_time(path) < now - STALE_RUNNING:
                default_storage.delete(path)
                orphans += 1
    return {"stopped": len(stopped), "deleted": leftovers + orphans}


def _processed(batch: ImportBatch) -> int:
    return batch.items.exclude(outcome=ItemOutcome.PENDING).count()


def _open_archive(batch: ImportBatch, archive: ImportItem) -> None:
    """List an archive's activity files as items (read later, from the archive), or fail it."""
    try:
        entries = archives.list_entries(archive)
    except activityfiles.BadFile as error:
        return importsave.finish(archive, ItemOutcome.FAILED, str(error))
    with transaction.atomic():
        items = []
        for entry in entries:
            problem = archives.entry_problem(entry)
            items.append(
                ImportItem(
                    batch=batch,
                    archive=archive,
                    name=clean_name(entry.filename),
                    entry=entry.filename[:1000],
                    size=entry.file_size,
                    outcome=ItemOutcome.FAILED if problem else ItemOutcome.PENDING,
                    message=problem,
                )
            )
        ImportItem.objects.bulk_create(items)
        importsave.finish(
            archive,
            ItemOutcome.SKIPPED,
            gettext_lazy("Archive opened: {value} activity files inside.").format(value=len(items)),
        )
        ImportBatch.objects.filter(pk=batch.pk).update(total=batch.items.count())
    return None


def _import_safely(athlete: User, item: ImportItem, reader: archives.Reader) -> bool:
    """Import one file in its own savepoint: whatever goes wrong is its report line. False
    when the task's soft time limit arrived (the chunk ends there)."""
    try:
        with transaction.atomic():
            importsave.import_item(athlete, item, reader)
    except SoftTimeLimitExceeded:
        importsave.finish(item, ItemOutcome.FAILED, gettext("Reading this file took too long."))
        return False
    except Exception:  # a parser's or a decompressor's own bug on a strange file
        log.exception("import: %s could not be imported", item.name)
        importsave.finish(item, ItemOutcome.FAILED, gettext("The file could not be read."))
    return True


def batches_of(athlete: User):
    return ImportBatch.objects.filter(athlete=athlete)


def report(batch: ImportBatch) -> dict:
    items = list(batch.items.select_related("session").order_by("pk"))
    counts = dict.fromkeys(ItemOutcome.values, 0)
    for item in items:
        counts[item.outcome] += 1
    return {"items": items, "counts": counts}
