"""The Celery application. Settings come from Django's, under the CELERY_ prefix."""

import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("runready")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

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
