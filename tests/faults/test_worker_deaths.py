"""Workers that die mid-send, on a real prefork worker process: one email, or a recorded give-up.

The loopback SMTP server kills the worker's pool process as soon as it names the recipient
(before the message is sent), which is a worker dying between "sending" and "sent".
"""

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from config.celery import SINGLE_WORKER
from config.celery import app as celery_app
from recovery.models import Reminder
from recovery.reminders.services import MAX_DELIVERIES, reminders_dispatch
from tests.factories import UserFactory, due_reminder
from tests.stack import free_port, worker_process

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.faults]
ROOT = Path(__file__).resolve().parents[2]


class KillingSMTP:
    """Kills the sending process at RCPT for the first `kills` attempts, then accepts mail."""

    def __init__(self, kills: int):
        self.kills = kills
        self.killed = 0
        self.delivered = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            if self.killed < self.kills:
                self.killed += 1
                for pid in _pool_processes():
                    os.kill(pid, signal.SIGKILL)
                return "451 try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.delivered += 1
        return "250 Message accepted for delivery"


WORKER: dict = {}


def _pool_processes() -> list[int]:
    main = WORKER["process"].pid
    children = subprocess.run(
        ["pgrep", "-P", str(main)], capture_output=True, text=True
    ).stdout.split()
    return [int(pid) for pid in children]


def _start_worker(smtp_port: int) -> subprocess.Popen:
    process = worker_process(SINGLE_WORKER, EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}")
    WORKER["process"] = process
    return process


def _run(kills: int, wait_for) -> KillingSMTP:
    handler = KillingSMTP(kills)
    port = free_port()
    smtp = Controller(handler, hostname="127.0.0.1", port=port)
    smtp.start()
    celery_app.control.purge()
    worker = _start_worker(port)
    try:
        reminders_dispatch()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not wait_for():
            time.sleep(0.5)
        time.sleep(2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        smtp.stop()
        celery_app.control.purge()
    return handler


def test_a_worker_killed_mid_send_still_sends_exactly_once(seeded):
    row = due_reminder(UserFactory())
    handler = _run(kills=1, wait_for=lambda: Reminder.objects.get(pk=row.pk).status == "sent")
    row.refresh_from_db()
    assert handler.killed == 1
    assert row.status == "sent"
    assert handler.delivered == 1
    assert row.deliveries == 2


def test_a_send_that_kills_every_worker_is_given_up_and_recorded(seeded):
    row = due_reminder(UserFactory())
    handler = _run(kills=100, wait_for=lambda: Reminder.objects.get(pk=row.pk).status == "failed")
    row.refresh_from_db()
    assert row.status == "failed"
    assert f"Given up after {MAX_DELIVERIES} deliveries" in row.last_error
    assert handler.killed <= MAX_DELIVERIES
    assert handler.delivered == 0
