"""Celery tasks: thin wrappers around recovery.reminders.services (ids as arguments; retries here)."""

import logging
import random
import smtplib

from celery import shared_task
from django.core.mail import get_connection

from config.health import heartbeat_write

from .reminders import push
from .reminders import services as reminders

log = logging.getLogger(__name__)

# Transient mail trouble: connection refused or dropped, timeouts, 4xx answers.
TRANSIENT = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPResponseException,
    OSError,
)
MAX_RETRIES = 5


@shared_task(expires=55, ignore_result=True)
def dispatch_due_reminders() -> int:
    """Every minute (beat): mark due reminders as sending and enqueue one send each.

    `expires` keeps scans from piling up while no worker runs; the rows wait in the
    database, so a skipped scan loses nothing.
    """
    heartbeat_write("worker")  # a worker ran the scan: its heartbeat (`/readyz`)
    return reminders.reminders_dispatch()


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    ignore_result=True,
)
def send_reminder(self, reminder_id: int) -> str:
    """Send one reminder. Idempotent: the service sends only while the row is "sending",
    under a row lock, so a retry or a duplicate delivery never sends twice. Transient SMTP
    errors retry with exponential backoff and jitter; after the last retry the row is
    marked failed with the error (visible in the admin, which can retry it)."""
    try:
        return reminders.reminder_send(reminder_id).reason
    except TRANSIENT as error:
        reminders.reminder_note_error(reminder_id, f"{type(error).__name__}: {error}")
        if self.request.retries >= self.max_retries:
            reminders.reminder_failed(reminder_id, f"{type(error).__name__}: {error}")
            log.warning(
                "reminder %s failed after %s retries: %s", reminder_id, self.max_retries, error
            )
            return "failed"
        raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_reminders(reminder_ids: list[int]) -> int:
    """Send a group of reminders (one broker message for many). Each row is still locked and
    sent at most once by the service, so a redelivered group only sends what is left; a row
    whose mail server fails transiently moves to its own `send_reminder` with backoff."""
    reminders.reminders_prepare(reminder_ids)
    sent = 0
    connection = get_connection()  # one mail connection for the group
    try:
        for reminder_id in reminder_ids:
            try:
                connection.open()  # no-op while open
                sent += reminders.reminder_send(reminder_id, connection=connection).sent
            except TRANSIENT as error:
                connection.close()  # it may be broken: the next send reconnects
                reminders.reminder_note_error(reminder_id, f"{type(error).__name__}: {error}")
                send_reminder.apply_async((reminder_id,), countdown=_backoff(0))
    finally:
        connection.close()
    return sent


def _backoff(retries: int) -> float:
    """2, 4, 8, 16, 32 s (capped at 5 min) with full jitter: retried sends do not stampede."""
    return random.uniform(1, min(300, 2 ** (retries + 1)))


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def push_reminder(reminder_id: int, user_ids: list[int], payload: dict) -> int:
    """Push a sent reminder or alert to its people's devices, each at most once (claimed
    before sending, so a redelivered task skips what went out)."""
    return push.push_send(reminder_id, user_ids, payload)
