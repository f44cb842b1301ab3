"""Web push, the third reminder channel (pywebpush with VAPID keys from the environment).

A reminder or staff alert is pushed after its send commits, by its own task, to every
device of the people who keep push on. Each (reminder, device) pair is claimed by inserting
its `PushDelivery` row before the push goes out, so a retried or duplicated task never
pushes twice. A subscription the push service answers 404 or 410 for has ended and is
deleted. The payload is only a headline, the verdict line and a link into the app.
"""

import json
import logging

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from pywebpush import WebPushException, webpush

from accounts.forms import push_endpoint_allowed
from accounts.models import PushSubscription
from config.celery import app as celery_app

from ..models import PushDelivery, Reminder

log = logging.getLogger(__name__)

PUSH_TASK = "recovery.tasks.push_reminder"
TTL_SECONDS = (
    12 * 3600
)  # a phone that is off until tomorrow's reminder gets this one late, not never
ENDED = (404, 410)


def push_enabled() -> bool:
    return bool(settings.VAPID_PRIVATE_KEY and settings.VAPID_PUBLIC_KEY)


def push_queue(reminder: Reminder, people, *, title: str, body: str, path: str) -> None:
    """Push `reminder` to the devices of `people` who keep push on, once its send commits."""
    user_ids = [person.pk for person in people if person.remind_by_push]
    if not push_enabled() or not user_ids:
        return
    payload = {
        "title": title,
        "body": body,
        "url": settings.SITE_URL.rstrip("/") + path,
        "tag": f"{reminder.kind}-{reminder.local_date:%Y-%m-%d}",
    }
    transaction.on_commit(lambda: celery_app.send_task(PUSH_TASK, (reminder.pk, user_ids, payload)))


def push_send(reminder_id: int, user_ids: list[int], payload: dict) -> int:
    """Push to each subscribed device not pushed yet; returns how many pushes went out."""
    pushed = 0
    for subscription in PushSubscription.objects.filter(user_id__in=user_ids):
        if not push_endpoint_allowed(subscription.endpoint):
            continue  # saved before PUSH_SERVICE_HOSTS changed: never posted to
        try:
            with transaction.atomic():
                delivery = PushDelivery.objects.create(
                    reminder_id=reminder_id, subscription=subscription
                )
        except IntegrityError:
            continue  # pushed already (or the reminder is gone)
        status, error = _push(subscription, payload)
        if status in ENDED:
            subscription.delete()  # its delivery rows go with it
            continue
        PushDelivery.objects.filter(pk=delivery.pk).update(status=status, error=error)
        if not error:
            pushed += 1
            PushSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now())
    return pushed


def _push(subscription: PushSubscription, payload: dict) -> tuple[int | None, str]:
    try:
        response = webpush(
            subscription.as_webpush(),
            data=json.dumps(payload),
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            # A new dict each time: pywebpush writes the audience of this push service into it.
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=TTL_SECONDS,
            timeout=10,
        )
        return response.status_code, ""
    except WebPushException as exc:
        status = exc.response.status_code if exc.response is not None else None
        log.warning("push to subscription %s failed: %s", subscription.pk, exc)
        return status, str(exc)[:500]
    except (requests.RequestException, ValueError, TypeError) as exc:
        # Unreachable service, or keys the browser sent that do not decode.
        log.warning("push to subscription %s failed: %s", subscription.pk, exc)
        return None, f"{type(exc).__name__}: {exc}"[:500]
