"""Celery tasks of the training log: a thin wrapper around `imports.batch_run` (ids only)."""

from celery import shared_task

from . import imports


@shared_task(acks_late=True, ignore_result=True)
def import_batch(batch_id: int) -> str:
    """Import an upload's files; safe to run twice (finished files are not read again)."""
    batch = imports.batch_run(batch_id)
    return f"{batch.processed} of {batch.total}"
