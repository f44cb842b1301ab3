"""The Celery application. Settings come from Django's, under the CELERY_ prefix."""

import sys

from celery import Celery
from celery.signals import before_task_publish

from config.env import settings_module
from config.health import heartbeat_write

settings_module("config.settings.dev")  # `.env` first: it may name production

app = Celery("runready")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

SCAN_TASK = "recovery.tasks.dispatch_due_reminders"


@before_task_publish.connect
def beat_heartbeat(sender=None, **kwargs) -> None:
    """Beat publishes the reminder scan every minute: that is its heartbeat (`/readyz`)."""
    if sender == SCAN_TASK:
        heartbeat_write("beat")


# One worker process running one task at a time, without heartbeats or gossip with other
# workers: how the fault tests and the benchmark start "a worker process" of their own.
SINGLE_WORKER = [
    sys.executable,
    "-m",
    "celery",
    "-A",
    "config",
    "worker",
    "--pool",
    "prefork",
    "--concurrency",
    "1",
    "--loglevel",
    "WARNING",
    "--without-heartbeat",
    "--without-mingle",
    "--without-gossip",
]
