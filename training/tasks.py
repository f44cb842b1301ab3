"""Celery tasks of the training log, on the imports queue (CELERY_TASK_ROUTES): thin
wrappers around `imports` (ids only)."""

from celery import shared_task

from . import imports


# One chunk (at most 50 files or 25 MB read) takes seconds; the limits leave it room and stop
# a file that hangs a parser (its line says so, the next task goes on).
@shared_task(acks_late=True, ignore_result=True, soft_time_limit=90, time_limit=120)
def import_batch(batch_id: int) -> str:
    """Import the next chunk of an upload's files, and queue the one after; safe to run
    twice (finished files are not read again)."""
    batch = imports.batch_step(batch_id)
    if not batch.ended:
        imports.enqueue(batch_id)
    return f"{batch.processed} of {batch.total}"


@shared_task(ignore_result=True)
def imports_sweep() -> dict:
    return imports.sweep()
