"""The API's imports: upload activity files or an export archive (multipart, field `files`),
follow the import's progress, read its report, merge a file into the run logged by hand that
it matches. The same services as `/training/import/`: the upload is kept and imported by
the import worker; the answer comes at once (202) with the import's id to poll."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from ninja import File, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from config.apischema import responds

from . import activityfiles, imports, importsave, selectors
from .api import RowId, SessionOut, session_out
from .models import ImportBatch, ImportItem, ImportStatus, ItemOutcome

router = Router(tags=["imports"])
OUTCOMES = tuple(ItemOutcome.values)


class ImportOut(Schema):
    """An import's progress: `processed` of `total` files (archives opened count their
    files); `ended` once its report is final."""

    id: int
    status: Literal[tuple(ImportStatus.values)]  # type: ignore[valid-type]
    ended: bool
    total: int
    processed: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    counts: dict[str, int]


class ItemOut(Schema):
    """One file's line in the report; `session_id` is the session it made or matched;
    `can_merge` when it matches a run logged by hand (POST …/merge)."""

    id: int
    name: str
    outcome: Literal[tuple(ItemOutcome.values)]  # type: ignore[valid-type]
    outcome_text: str
    message: str
    session_id: int | None
    can_merge: bool


class ImportReport(ImportOut):
    items: list[ItemOut]


def _counted(batches):
    """Each batch with its files counted per outcome, in the one query."""
    return batches.annotate(
        **{f"n_{outcome}": Count("items", filter=Q(items__outcome=outcome)) for outcome in OUTCOMES}
    )


def _out(batch: ImportBatch) -> dict:
    return {
        **{name: getattr(batch, name) for name in ImportOut.model_fields if hasattr(batch, name)},
        "id": batch.pk,
        "counts": {outcome: getattr(batch, f"n_{outcome}", 0) for outcome in OUTCOMES},
    }


def _report(batch: ImportBatch) -> dict:
    report = imports.report(batch)
    return {
        **_out(batch),
        "counts": report["counts"],
        "items": [
            {
                "id": item.pk,
                "name": item.name,
                "outcome": item.outcome,
                "outcome_text": item.get_outcome_display(),
                "message": item.message,
                "session_id": item.session_id,
                "can_merge": item.outcome == ItemOutcome.MERGE,
            }
            for item in report["items"]
        ],
    }


def _batch(user, pk: int) -> ImportBatch:
    batch = imports.batches_of(user).filter(pk=pk).first()  # the athlete's own, as the page
    if batch is None:
        raise Http404
    return batch


@router.post(
    "/imports",
    response=responds({202: ImportOut}),
    summary="Import activity files (FIT, GPX, TCX) or an export archive",
)
def import_create(request, files: File[list[UploadedFile]]):
    try:
        batch = imports.batch_create(
            athlete=request.user, files=[(upload.name or "", upload) for upload in files]
        )
    except imports.Refused as error:
        raise ValidationError({"files": [f"Nothing was imported: {error}"]}) from None
    return Status(202, _out(_counted(imports.batches_of(request.user)).get(pk=batch.pk)))


@router.get(
    "/imports", response=responds({200: list[ImportOut]}), summary="My imports, newest first"
)
@paginate(PageNumberPagination, page_size=20)
def import_list(request):
    return [_out(batch) for batch in _counted(imports.batches_of(request.user))]


@router.get(
    "/imports/{import_id}",
    response=responds({200: ImportReport}),
    summary="An import's progress and report",
)
def import_read(request, import_id: RowId):
    return _report(_batch(request.user, import_id))


@router.post(
    "/imports/items/{item_id}/merge",
    response=responds({200: SessionOut}),
    summary="Merge a file into the run logged by hand that it matches",
)
def import_merge(request, item_id: RowId):
    item = (
        ImportItem.objects.select_related("session", "batch")
        .filter(pk=item_id, batch__in=imports.batches_of(request.user))
        .first()
    )
    if item is None:
        raise Http404
    try:
        session = importsave.item_merge(athlete=request.user, item=item)
    except activityfiles.BadFile as error:
        raise HttpError(409, str(error)) from None
    return session_out(selectors.session_seen(request.user, session.pk)[0])
