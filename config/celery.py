"""The Celery application. Settings come from Django's, under the CELERY_ prefix."""

import sys

from celery import Celery
from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun

from config import logs
from config.env import settings_module
from config.health import heartbeat_write

settings_module()  # `.env` first; with nothing named, production

app = Celery("runready")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

SCAN_TASK = "recovery.tasks.dispatch_due_reminders"
# Imports have a queue and a worker of their own (CELERY_TASK_ROUTES): the reminder scan and
# the staff alerts on the default queue never wait behind an upload.
IMPORT_QUEUE = "imports"
IMPORT_TASK = "training.tasks.import_batch"


@before_task_publish.connect
def beat_heartbeat(sender=None, **kwargs) -> None:
    """Beat publishes the reminder scan every minute: that is its heartbeat (`/readyz`)."""
    if sender == SCAN_TASK:
        heartbeat_write("beat")


# The request id travels with each task it enqueues (config.logs), and the task's lines say it.
before_task_publish.connect(logs.task_published, weak=False)
task_prerun.connect(logs.task_started, weak=False)
task_postrun.connect(logs.task_ended, weak=False)


@setup_logging.connect
def keep_django_logging(**kwargs) -> None:
    """Celery leaves logging alone when this signal has a receiver: Django's LOGGING (JSON
    lines, the request id) stands in workers and beat too."""


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

# The import worker: the same, on the imports queue alone.
IMPORT_WORKER = [*SINGLE_WORKER, "--queues", IMPORT_QUEUE, "--hostname", "importer@%h"]
