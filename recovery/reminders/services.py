"""Run reminders after leg days: dispatch and sending (services; `recovery.tasks` wraps them).

Reminders are database rows with a unique key (athlete, kind, local date) and a status
machine: pending -> sending -> sent / failed, or cancelled / skipped / withdrawn. Which are
pending is derived state (`schedule.reminders_schedule`, through `recovery.sync`). The beat
scan (`reminders_dispatch`) picks due rows with SKIP LOCKED and marks them sending; the send
service re-checks the row under a lock and sends at most once. No far-future ETA is ever
put on the broker (RECIPES.md): a broker outage loses nothing, the rows wait.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import User
from config.celery import app as celery_app

from .. import sync
from ..models import Notification, Reminder, ReminderKind, ReminderStatus
from ..verdict import background, verdicts
from . import alerts, headsup, push
from .messages import compose
from .schedule import kind_enabled

log = logging.getLogger(__name__)

DISPATCH_BATCH = 500
SEND_GROUP = 50  # reminders per send task
# A send whose worker dies every time (a poison message) is given up after this many.
MAX_DELIVERIES = 3
# A row left in "sending" this long (its worker died) is picked up again.
STUCK_AFTER = dt.timedelta(minutes=10)
# The send task, by name: tasks import this module, not the other way round.
SEND_GROUP_TASK = "recovery.tasks.send_reminders"


def reminders_dispatch(*, now: dt.datetime | None = None, enqueue=None) -> int:
    """Mark due (and stuck) reminders as sending, batch by batch, and enqueue their sends.

    Concurrent dispatchers never take the same row (SKIP LOCKED). `enqueue(ids)` is called
    for each group of SEND_GROUP ids after its batch commits: one broker message per group,
    not per reminder (a publish costs about a millisecond). Returns how many were dispatched.
    """
    now = now or timezone.now()
    enqueue = enqueue or (
        lambda reminder_ids: celery_app.send_task(SEND_GROUP_TASK, (reminder_ids,))
    )
    total = 0
    while True:
        with transaction.atomic():
            ids = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .to_dispatch(now, STUCK_AFTER)
                .order_by("due_at")
                .values_list("pk", flat=True)[:DISPATCH_BATCH]
            )
            if not ids:
                return total
            Reminder.objects.filter(pk__in=ids).update(
                status=ReminderStatus.SENDING, sending_since=now, updated_at=now
            )
        for start in range(0, len(ids), SEND_GROUP):
            group = ids[start : start + SEND_GROUP]
            try:
                enqueue(group)
            except Exception as error:  # broker down: these rows wait for the next scan
                log.warning("reminders not enqueued (%s); back to pending", error)
                Reminder.objects.filter(pk__in=ids[start:], status=ReminderStatus.SENDING).update(
                    status=ReminderStatus.PENDING, last_error=f"not enqueued: {error}"[:2000]
                )
                return total
            total += len(group)


def reminders_prepare(reminder_ids: list[int], *, now: dt.datetime | None = None) -> None:
    """Before a group is sent: read its athletes' readiness backgrounds in bulk into the
    cache (a handful of queries for the group instead of seven per reminder)."""
    athletes = list(User.objects.filter(reminders__pk__in=reminder_ids).distinct())
    background.backgrounds_today(athletes, now or timezone.now())


@dataclass(frozen=True)
class Outcome:
    sent: bool
    reason: str


def reminder_send(reminder_id: int, *, connection=None) -> Outcome:
    """Send one reminder, at most once (`connection`: an open mail connection to reuse).

    The row is locked for the whole send, so a duplicate task for the same row waits and
    then finds it sent. The advice is computed now, from today's check-in if there is
    one, else provisionally from the leg day, with a link to check in.
    """
    # Count the delivery in its own committed step: if this worker dies mid-send, the count
    # survives, and a message that kills every worker is given up instead of looping forever.
    Reminder.objects.filter(pk=reminder_id, status=ReminderStatus.SENDING).update(
        deliveries=F("deliveries") + 1
    )
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("athlete")
            .annotate(email_verified=Exists(_verified_address))
            .filter(pk=reminder_id)
            .first()
        )
        if (
            reminder
            and reminder.status == ReminderStatus.SENDING
            and reminder.deliveries > MAX_DELIVERIES
        ):
            reminder.status = ReminderStatus.FAILED
            reminder.last_error = (
                f"Given up after {MAX_DELIVERIES} deliveries: the worker died each time."
            )
            reminder.save(update_fields=["status", "last_error", "updated_at"])
            log.error("reminder %s given up after %s deliveries", reminder_id, MAX_DELIVERIES)
            return Outcome(False, "given up")
        if reminder is None or reminder.status != ReminderStatus.SENDING:
            return Outcome(False, f"not sending ({reminder.status if reminder else 'gone'})")
        athlete = reminder.athlete
        if not kind_enabled(athlete, reminder.kind):
            reminder.status = ReminderStatus.SKIPPED
            reminder.save(update_fields=["status", "updated_at"])
            return Outcome(False, "switched off")
        reminder.attempts += 1
        subject: str | None
        if reminder.kind == ReminderKind.RED_FLAG_ALERT:
            subject = alerts.alert_send(reminder, connection)
        elif reminder.kind == ReminderKind.PLAN_HEADS_UP:
            subject = headsup.heads_up_send(reminder, connection, reminder.email_verified)
            if subject is None:  # fixed since it was scheduled: nothing to say
                reminder.status = ReminderStatus.SKIPPED
                reminder.save(update_fields=["status", "attempts", "updated_at"])
                return Outcome(False, "nothing to say")
        else:
            subject = _remind(reminder, connection, reminder.email_verified)
        reminder.status = ReminderStatus.SENT
        reminder.sent_at = timezone.now()
        reminder.subject = subject
        reminder.last_error = ""
        reminder.save(
            update_fields=["status", "sent_at", "subject", "attempts", "last_error", "updated_at"]
        )
        return Outcome(True, "sent")


def _remind(reminder: Reminder, connection, email_verified: bool) -> str:
    """The athlete's reminder by email and in the app, with the verdict computed now."""
    athlete = reminder.athlete
    now = timezone.now()
    recommendation = verdicts.verdicts_refresh([athlete], now=now)[athlete.pk]
    # Read with the verdict just now (from the cache when Redis is up).
    leg_day = background.background_today(athlete, now).leg_day(athlete, now)
    with translation.override(athlete.language_code):  # email, notification, push alike
        return _remind_in_language(reminder, recommendation, leg_day, connection, email_verified)


def _remind_in_language(reminder, recommendation, leg_day, connection, email_verified) -> str:
    athlete = reminder.athlete
    message = compose(reminder, recommendation, leg_day, connection)
    if athlete.remind_by_email and email_verified:
        message.send()
    if athlete.remind_in_app:
        Notification.objects.bulk_create(
            [
                Notification(
                    reminder=reminder,
                    user=athlete,
                    title=str(message.subject),
                    body=message.verdict_line,
                    url=reverse("recovery:today"),
                )
            ],
            ignore_conflicts=True,  # one per reminder and person
        )
    push.push_queue(
        reminder,
        [athlete],
        title=gettext("Today's run")
        if reminder.kind == ReminderKind.NEXT_DAY
        else gettext("Day 2 after leg day"),
        body=message.headline,
        path=reverse("recovery:today"),
    )
    return str(message.subject)


def reminder_failed(reminder_id: int, error: str) -> None:
    """Record a permanent failure (after the last retry); the admin can retry it."""
    Reminder.objects.filter(pk=reminder_id, status=ReminderStatus.SENDING).update(
        status=ReminderStatus.FAILED, last_error=error[:2000], updated_at=timezone.now()
    )


def reminder_note_error(reminder_id: int, error: str) -> None:
    """Record a failed attempt (the send's own transaction rolled back with the error).

    The attempt ended cleanly, so it does not count as a lost delivery: only deliveries
    whose worker died stay counted towards MAX_DELIVERIES.
    """
    Reminder.objects.filter(pk=reminder_id).update(
        attempts=F("attempts") + 1,
        deliveries=Greatest(F("deliveries") - 1, 0),
        last_error=error[:2000],
        updated_at=timezone.now(),
    )


def reminders_retry(queryset) -> int:
    """Admin action: failed reminders go back to pending. Their due time has passed, so the
    next scan sends them; rescheduling keeps a due row pending."""
    return queryset.filter(status=ReminderStatus.FAILED).update(
        status=ReminderStatus.PENDING,
        last_error="",
        deliveries=0,
        updated_at=timezone.now(),
    )


def reminders_withdraw(queryset) -> int:
    """Admin action: pending reminders are withdrawn; rescheduling never revives them."""
    return queryset.filter(status=ReminderStatus.PENDING).update(
        status=ReminderStatus.WITHDRAWN, updated_at=timezone.now()
    )


# Whether the reminder's athlete verified the address their account uses.
_verified_address = EmailAddress.objects.filter(
    user=OuterRef("athlete"), email__iexact=OuterRef("athlete__email"), verified=True
)


@transaction.atomic
def unsubscribe(*, athlete: User, kind: str) -> None:
    """Switch one kind of reminder off; its pending ones are skipped (through `sync`)."""
    fields: dict[str, str] = {
        ReminderKind.NEXT_DAY: "remind_next_day",
        ReminderKind.PLAN_HEADS_UP: "remind_plan",
    }
    field = fields.get(kind, "remind_day_2")
    setattr(athlete, field, False)
    athlete.save(update_fields=[field])
    sync.profile_changed(athlete)


def notification_read(*, notification: Notification, now: dt.datetime | None = None) -> None:
    """Mark one notification read (once: a second call keeps the first moment). Nothing
    derives from the mark but the bell's count, which is read fresh."""
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_read_all(*, user: User, now: dt.datetime | None = None) -> int:
    """Mark every unread notification of `user` read. Returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )
