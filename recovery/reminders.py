"""Run reminders after leg days: scheduling, dispatch and sending (services; tasks.py wraps them).

Reminders are database rows with a unique key (athlete, kind, local date) and a status
machine: pending -> sending -> sent / failed, or cancelled / skipped. The beat scan
(`reminders_dispatch`) picks due rows with SKIP LOCKED and marks them sending; the send
service re-checks the row under a lock and sends at most once. No far-future ETA is ever
put on the broker (RECIPES.md): a broker outage loses nothing, the rows wait.
"""

import datetime as dt
import logging
import zoneinfo
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from training.models import Session
from training.selectors import LegDay

from . import services, wording
from .models import Notification, Reminder, ReminderKind, ReminderStatus

log = logging.getLogger(__name__)

DAYS_AFTER = {ReminderKind.NEXT_DAY: 1, ReminderKind.DAY_2: 2}
DISPATCH_BATCH = 500
SEND_GROUP = 50  # reminders per send task
# A send whose worker dies every time (a poison message) is given up after this many.
MAX_DELIVERIES = 3
# A row left in "sending" this long (its worker died) is picked up again.
STUCK_AFTER = dt.timedelta(minutes=10)
UNSUBSCRIBE_SALT = "runready.reminders.unsubscribe"


def due_at(local_date: dt.date, local_time: dt.time, time_zone: str) -> dt.datetime:
    """The UTC instant of `local_time` on `local_date` in `time_zone` (DST-correct via zoneinfo).

    A wall time skipped by a spring-forward change resolves to the instant after the gap.
    """
    local = dt.datetime.combine(local_date, local_time, tzinfo=zoneinfo.ZoneInfo(time_zone))
    return local.astimezone(dt.UTC)


def _kind_enabled(athlete: User, kind: str) -> bool:
    wanted = athlete.remind_next_day if kind == ReminderKind.NEXT_DAY else athlete.remind_day_2
    return wanted and (athlete.remind_by_email or athlete.remind_in_app)


@transaction.atomic
def reminders_schedule(*, athlete: User, now: dt.datetime | None = None) -> None:
    """Bring the athlete's pending reminders in line with their leg days and settings.

    Creates reminders for leg days whose reminder time has not passed, moves them when a
    leg day or the reminder time changes, cancels those whose leg day is gone, and skips
    those whose kind or every channel is switched off. Sent, failed and in-flight rows are
    never touched. Safe to run any number of times (it converges).
    """
    now = now or timezone.now()
    tz = athlete.tz
    today = now.astimezone(tz).date()
    # Leg days whose reminders can still be due: from two days ago to tomorrow.
    window_start = dt.datetime.combine(today - dt.timedelta(days=2), dt.time.min, tzinfo=tz)
    window_end = dt.datetime.combine(today + dt.timedelta(days=2), dt.time.min, tzinfo=tz)
    leg_dates = {
        started.astimezone(tz).date()
        for started in Session.objects.leg_days()
        .filter(athlete=athlete, started_at__gte=window_start, started_at__lt=window_end)
        .values_list("started_at", flat=True)
    }
    wanted: dict[tuple[str, dt.date], dt.datetime] = {}
    for leg_date in leg_dates:
        for kind, days in DAYS_AFTER.items():
            day = leg_date + dt.timedelta(days=days)
            wanted[(kind, day)] = due_at(day, athlete.reminder_time, athlete.time_zone)

    existing = {
        (r.kind, r.local_date): r
        for r in Reminder.objects.select_for_update().filter(
            athlete=athlete, local_date__gte=today - dt.timedelta(days=1)
        )
    }
    for key, row in existing.items():
        if row.status not in (
            ReminderStatus.PENDING,
            ReminderStatus.CANCELLED,
            ReminderStatus.SKIPPED,
        ):
            continue  # sending, sent, failed: history, not plans
        kind, _ = key
        target = wanted.get(key)
        status, due = row.status, row.due_at
        if target is None:  # its leg day was deleted or moved
            status = (
                ReminderStatus.CANCELLED if row.status == ReminderStatus.PENDING else row.status
            )
        elif not _kind_enabled(athlete, kind):
            status = ReminderStatus.SKIPPED if row.status == ReminderStatus.PENDING else row.status
        elif row.status == ReminderStatus.PENDING:
            due = target  # a due row stays pending: an outage must not lose it
        elif target > now:  # re-enabled, or its leg day is back
            status, due = ReminderStatus.PENDING, target
        if (status, due) != (row.status, row.due_at):
            row.status, row.due_at = status, due
            row.save(update_fields=["status", "due_at", "updated_at"])
    for key, target in wanted.items():
        kind, day = key
        if key in existing or target <= now or not _kind_enabled(athlete, kind):
            continue
        Reminder.objects.create(athlete=athlete, kind=kind, local_date=day, due_at=target)


def after_leg_day_change(athlete: User) -> None:
    """A session was created, edited or deleted: reschedule once the change is committed."""
    transaction.on_commit(lambda: reminders_schedule(athlete=athlete))


def reminders_dispatch(*, now: dt.datetime | None = None, enqueue=None) -> int:
    """Mark due (and stuck) reminders as sending, batch by batch, and enqueue their sends.

    Concurrent dispatchers never take the same row (SKIP LOCKED). `enqueue(ids)` is called
    for each group of SEND_GROUP ids after its batch commits: one broker message per group,
    not per reminder (a publish costs about a millisecond). Returns how many were dispatched.
    """
    from .tasks import send_reminders

    now = now or timezone.now()
    enqueue = enqueue or (lambda reminder_ids: send_reminders.delay(reminder_ids))
    total = 0
    while True:
        with transaction.atomic():
            ids = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(
                    Q(status=ReminderStatus.PENDING, due_at__lte=now)
                    | Q(status=ReminderStatus.SENDING, sending_since__lt=now - STUCK_AFTER)
                )
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
    services.backgrounds_today(athletes, now or timezone.now())


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
        if not _kind_enabled(athlete, reminder.kind):
            reminder.status = ReminderStatus.SKIPPED
            reminder.save(update_fields=["status", "updated_at"])
            return Outcome(False, "switched off")
        reminder.attempts += 1
        now = timezone.now()
        recommendation = services.recommendation_refresh(athlete=athlete, now=now)
        # Read with the verdict just now (from the cache when Redis is up).
        leg_day = services.background_today(athlete, now).leg_day(athlete, now)
        message = _compose(reminder, recommendation, leg_day, connection)
        if athlete.remind_by_email and reminder.email_verified:
            message.send()
        if athlete.remind_in_app:
            Notification.objects.bulk_create(
                [
                    Notification(
                        reminder=reminder,
                        user=athlete,
                        title=message.subject,
                        body=message.verdict_line,
                        url=reverse("today"),
                    )
                ],
                ignore_conflicts=True,  # one per reminder
            )
        reminder.status = ReminderStatus.SENT
        reminder.sent_at = timezone.now()
        reminder.subject = message.subject
        reminder.last_error = ""
        reminder.save(
            update_fields=["status", "sent_at", "subject", "attempts", "last_error", "updated_at"]
        )
        return Outcome(True, "sent")


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
    """Admin action: failed reminders go back to pending, due now."""
    return queryset.filter(status=ReminderStatus.FAILED).update(
        status=ReminderStatus.PENDING,
        due_at=timezone.now(),
        last_error="",
        deliveries=0,
        updated_at=timezone.now(),
    )


def reminders_cancel(queryset) -> int:
    return queryset.filter(status=ReminderStatus.PENDING).update(
        status=ReminderStatus.CANCELLED, updated_at=timezone.now()
    )


# Whether the reminder's athlete verified the address their account uses.
_verified_address = EmailAddress.objects.filter(
    user=OuterRef("athlete"), email__iexact=OuterRef("athlete__email"), verified=True
)


def unsubscribe_token(athlete: User, kind: str) -> str:
    return signing.dumps({"u": athlete.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[User, str]:
    """The athlete and kind a token stands for; raises signing.BadSignature if tampered."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    athlete = User.objects.filter(pk=data.get("u")).first()
    if athlete is None or data.get("k") not in DAYS_AFTER:
        raise signing.BadSignature("unknown athlete or kind")
    return athlete, data["k"]


@transaction.atomic
def unsubscribe(*, athlete: User, kind: str) -> None:
    """Switch one kind of reminder off; pending ones of that kind are skipped."""
    field = "remind_next_day" if kind == ReminderKind.NEXT_DAY else "remind_day_2"
    setattr(athlete, field, False)
    athlete.save(update_fields=[field])
    Reminder.objects.filter(athlete=athlete, kind=kind, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.SKIPPED, updated_at=timezone.now()
    )


class ReminderMessage(EmailMultiAlternatives):
    verdict_line: str = ""


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _subject(reminder: Reminder, verdict: dict, max_minutes: int, level: int, exercise: str) -> str:
    minutes = f", up to {max_minutes} min" if 1 < level < 4 else ""
    if reminder.kind == ReminderKind.NEXT_DAY:
        return f"Legs after yesterday's {exercise}? {verdict['short']}{minutes}"
    return f"Day 2 after {exercise}: {verdict['short']}{minutes}"


def _compose(
    reminder: Reminder, recommendation, leg_day: LegDay | None, connection=None
) -> ReminderMessage:
    athlete = reminder.athlete
    name = leg_day.exercise.lower() if leg_day and leg_day.exercise else ""
    exercise = name + ("s" if not name.endswith("s") else "") if name else "leg day"
    verdict = wording.verdict(
        recommendation.level,
        recommendation.max_minutes,
        recommendation.rpe_cap,
        recommendation.urgency,
    )
    subject = _subject(
        reminder, verdict, recommendation.max_minutes, recommendation.level, exercise
    )
    unsubscribe_url = _absolute(
        reverse("reminder_unsubscribe", args=[unsubscribe_token(athlete, reminder.kind)])
    )
    context = {
        "athlete": athlete,
        "reminder": reminder,
        "recommendation": recommendation,
        "verdict": verdict,
        "avoid": [wording.AVOID_WORDS.get(key, key) for key in recommendation.avoid],
        "checklist": [
            wording.checklist_words(key, athlete.body_mass_kg) for key in recommendation.checklist
        ],
        "today_url": _absolute(reverse("today")),
        "checkin_url": _absolute(reverse("checkin")),
        "settings_url": _absolute(reverse("account_settings")),
        "unsubscribe_url": unsubscribe_url,
    }
    message = ReminderMessage(
        subject=subject,
        body=render_to_string("recovery/email/reminder.txt", context),
        to=[athlete.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("recovery/email/reminder.html", context), "text/html"
    )
    message.verdict_line = f"{verdict['headline']}. {verdict['detail']}"
    return message
