"""Imports cannot starve alerts (issue 22): while a real import worker process reads an
archive of 3,000 GPX runs, an athlete answers "no urine at all" and their coach's bell shows
the alert within 60 s, sent by the default queue's worker."""

import datetime as dt
import io
import threading
import zipfile

import pytest
from playwright.sync_api import Page, expect

from bench.imports import gpx_run
from config.celery import IMPORT_WORKER
from config.celery import app as celery_app
from recovery.models import Reminder, ReminderKind, ReminderStatus
from recovery.reminders.services import reminders_dispatch
from tests.e2e.conftest import log_in
from tests.e2e.test_safety import _check_in, _gym
from tests.recovery.reminders.test_reminders_worker import worker
from tests.stack import wait_until, worker_process
from training import imports
from training.models import ImportBatch, ImportStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.stack]
FILES = 3000


def _archive() -> bytes:
    buffer = io.BytesIO()
    start = dt.datetime(2025, 1, 1, 7, 0, tzinfo=dt.UTC)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(FILES):
            run = gpx_run(start + dt.timedelta(hours=6 * n), seed=n, points=120)
            archive.writestr(f"activities/{n}.gpx", run)
    return buffer.getvalue()


def test_a_red_flag_alert_reaches_the_coach_while_3000_files_import(
    page: Page, browser, live_server, seeded
):
    base = live_server.url
    coach, athlete = _gym()
    celery_app.control.purge()
    importer = worker_process(IMPORT_WORKER)
    beat = threading.Event()

    def scan_every_five_seconds():  # what beat does every minute, a little faster
        while not beat.wait(5):
            reminders_dispatch()

    scanner = threading.Thread(target=scan_every_five_seconds, daemon=True)
    try:
        batch = imports.batch_create(athlete=athlete, files=[("export.zip", _archive())])
        assert wait_until(lambda: ImportBatch.objects.get(pk=batch.pk).processed > 0, timeout=60), (
            "the import worker never started"
        )
        with worker(queues=("celery",)):  # the default queue's worker: reminders, alerts
            scanner.start()
            log_in(page, base, athlete.email)
            _check_in(page, flag="rf_no_urine")
            expect(page.locator("#verdict-headline")).to_contain_text("Emergency")
            alert = Reminder.objects.get(athlete=athlete, kind=ReminderKind.RED_FLAG_ALERT)
            assert wait_until(
                lambda: Reminder.objects.get(pk=alert.pk).status == ReminderStatus.SENT,
                timeout=60,
            ), "no alert within 60 s of the answer"
            coach_page = browser.new_context().new_page()
            log_in(coach_page, base, coach.email)
            expect(coach_page.locator("#unread-count")).to_contain_text("1")
            coach_page.locator("#notifications-bell").click()
            expect(coach_page.get_by_text("Red flag: Ada answered a warning sign")).to_be_visible()
            running = ImportBatch.objects.get(pk=batch.pk)
            assert running.status == ImportStatus.RUNNING  # the import was still going
            assert 0 < running.processed < FILES
    finally:
        beat.set()
        importer.terminate()
        importer.wait(timeout=60)
        celery_app.control.purge()
