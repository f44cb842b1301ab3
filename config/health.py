"""Heartbeats of the worker and beat, and the reminder backlog, for `/readyz`.

Heartbeats live in the shared cache (Redis in production, files under var/ for `make run`),
with a bounded lifetime: a process that stops writing disappears from them on its own.
"""

import datetime as dt

from django.apps import apps
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_SECONDS = 3600


def heartbeat_write(name: str) -> None:
    cache.set(f"heartbeat:{name}", timezone.now(), HEARTBEAT_SECONDS)


def heartbeat_read(name: str) -> dt.datetime | None:
    return cache.get(f"heartbeat:{name}")


def oldest_due() -> dt.datetime | None:
    """When the longest-waiting due reminder fell due (None: none is waiting)."""
    reminder = apps.get_model("recovery", "Reminder")
    return (
        reminder.objects.due(timezone.now())
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
