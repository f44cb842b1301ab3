"""Reminders end to end on the real stack: a Celery worker on Redis, SMTP on loopback.

The clock is moved with time-machine (it moves for the worker thread too).
"""

import contextlib
import datetime as dt
import re
import shutil
import time
from urllib.parse import urlparse

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from config.celery import IMPORT_QUEUE
from config.celery import app as celery_app
from recovery.models import Notification, Reminder
from recovery.reminders import services as reminder_services
from recovery.tasks import dispatch_due_reminders, send_reminder
from tests.factories import UserFactory, due_reminder
from tests.stack import broker, free_port, start_redis, wait_until
from training import services as training_services
from training.models import Exercise
from training.services import EntryData

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.stack]
UTC = dt.UTC


@contextlib.contextmanager
def worker(queues: tuple[str, ...] = ("celery", IMPORT_QUEUE)):
    """A worker thread on the default queue and (unless told) the imports queue."""
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30, queues=queues
    ) as running:
        yield running


@pytest.fixture
def empty_queue():
    celery_app.control.purge()
    yield
    celery_app.control.purge()


def _athlete():
    return UserFactory(time_zone="Europe/Berlin", reminder_time=dt.time(7, 0), display_name="Robin")


def _log_leg_day(athlete, started_at):
    squat = Exercise.objects.get(name="Back squat")
    return training_services.session_create(
        athlete=athlete,
        entered_by=athlete,
        kind="strength",
        started_at=started_at,
        duration_s=3600,
        rpe=8,
        entries=[EntryData(exercise=squat, sets=5, reps=5, load_kg=100)],
    )


def _path(url: str) -> str:
    return urlparse(url).path


def test_leg_day_to_one_email_of_each_kind(seeded, smtp_server, empty_queue, client):
    athlete = _athlete()
    with time_machine.travel(dt.datetime(2026, 6, 10, 18, 30, tzinfo=UTC), tick=True):
        _log_leg_day(athlete, dt.datetime(2026, 6, 10, 18, 0, tzinfo=athlete.tz))
    due = {r.kind: r.due_at for r in Reminder.objects.filter(athlete=athlete, status="pending")}
    assert due == {
        "next_day": dt.datetime(2026, 6, 11, 5, 0, tzinfo=UTC),
        "day_2": dt.datetime(2026, 6, 12, 5, 0, tzinfo=UTC),
    }

    with worker():
        with time_machine.travel(due["next_day"] + dt.timedelta(seconds=20), tick=True):
            dispatch_due_reminders.delay()
            smtp_server.wait_for(1, timeout=30)
        with time_machine.travel(due["day_2"] + dt.timedelta(seconds=20), tick=True):
            dispatch_due_reminders.delay()
            dispatch_due_reminders.delay()  # a second scan finds nothing more to send
            smtp_server.wait_for(2, timeout=30)
            assert wait_until(lambda: Reminder.objects.filter(status="sent").count() == 2)
        time.sleep(2)

    assert len(smtp_server.messages) == 2
    first, second = smtp_server.messages
    assert first["Subject"].startswith("Legs after yesterday's back squats? ")
    assert second["Subject"].startswith("Day 2 after back squats: ")
    for message in (first, second):
        assert message["To"] == athlete.email
        plain = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        assert "<h1" in html
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        unsubscribe = re.search(r"<(http[^>]+)>", message["List-Unsubscribe"]).group(1)
        assert unsubscribe in plain
        checkin = re.search(r"(http\S+/checkin/)", plain).group(1)
        client.force_login(athlete)
        assert client.get(_path(checkin)).status_code == 200
        client.logout()
        assert client.get(_path(unsubscribe)).status_code == 200
    assert Notification.objects.filter(user=athlete).count() == 2


def test_duplicates_and_a_dead_worker_still_send_once(seeded, smtp_server, empty_queue):
    athlete = _athlete()
    now = dt.datetime.now(UTC)
    row = due_reminder(athlete)

    # A dispatcher marks it "sending" and enqueues it, then the worker that took the
    # message dies: the message is gone, the row is stuck in "sending".
    assert reminder_services.reminders_dispatch() == 1
    celery_app.control.purge()
    assert Reminder.objects.get(pk=row.pk).status == "sending"

    later = now + reminder_services.STUCK_AFTER + dt.timedelta(minutes=1)
    with worker(), time_machine.travel(later, tick=True):
        dispatch_due_reminders.delay()  # picks the stuck row up again
        send_reminder.delay(row.pk)  # and a duplicate delivery of the same send
        send_reminder.delay(row.pk)
        smtp_server.wait_for(1, timeout=30)
        assert wait_until(lambda: Reminder.objects.get(pk=row.pk).status == "sent")
        time.sleep(3)
    assert len(smtp_server.messages) == 1
    assert Notification.objects.filter(user=athlete).count() == 1


@pytest.mark.skipif(
    not shutil.which("redis-server"), reason="needs redis-server to run a private broker"
)
def test_broker_outage_loses_nothing(seeded, smtp_server):
    """Redis stopped while a reminder is due, then started: it goes out exactly once."""
    port = free_port()
    server = start_redis(port)
    athlete = _athlete()
    row = due_reminder(athlete)
    with broker(f"redis://127.0.0.1:{port}/0"):
        server.terminate()
        server.wait(timeout=10)
        # A scan during the outage cannot enqueue: the row stays pending, nothing is lost.
        assert reminder_services.reminders_dispatch() == 0
        assert Reminder.objects.get(pk=row.pk).status == "pending"
        server = start_redis(port)
        try:
            with worker():
                dispatch_due_reminders.delay()
                smtp_server.wait_for(1, timeout=30)
                assert wait_until(lambda: Reminder.objects.get(pk=row.pk).status == "sent")
                time.sleep(2)
        finally:
            server.terminate()
            server.wait(timeout=10)
    assert len(smtp_server.messages) == 1
    assert reverse("recovery:today") in Notification.objects.get(user=athlete).url
