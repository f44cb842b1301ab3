"""Which reminders are pending: derived from the athlete's leg days, their flagged plans
(a hard run planned inside a recovery window: a heads-up the evening before) and reminder
settings (`reminders_schedule`, called only through `recovery.sync`)."""

import datetime as dt
import zoneinfo

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config.celery import app as celery_app
from training.models import PlannedRun, Session

from ..models import Reminder, ReminderKind, ReminderStatus

DAYS_AFTER = {ReminderKind.NEXT_DAY: 1, ReminderKind.DAY_2: 2}
SCHEDULED = (*DAYS_AFTER, ReminderKind.PLAN_HEADS_UP)
HEADS_UP_AT = dt.time(19)  # the evening before the planned run
DISPATCH_TASK = "recovery.tasks.dispatch_due_reminders"  # by name: tasks import this module


def due_at(local_date: dt.date, local_time: dt.time, time_zone: str) -> dt.datetime:
    """The UTC instant of `local_time` on `local_date` in `time_zone` (DST-correct via zoneinfo).

    A wall time skipped by a spring-forward change resolves to the instant after the gap.
    """
    local = dt.datetime.combine(local_date, local_time, tzinfo=zoneinfo.ZoneInfo(time_zone))
    return local.astimezone(dt.UTC)


def kind_enabled(athlete: User, kind: str) -> bool:
    if kind == ReminderKind.RED_FLAG_ALERT:
        return True  # to the staff, not a reminder the athlete switches
    wanted = {
        ReminderKind.NEXT_DAY: athlete.remind_next_day,
        ReminderKind.DAY_2: athlete.remind_day_2,
        ReminderKind.PLAN_HEADS_UP: athlete.remind_plan,
    }[ReminderKind(kind)]
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
    today = athlete.local_today(now)
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
    late: set[tuple[str, dt.date]] = set()  # heads-ups whose evening slot passed already
    for plan_date, plan_time in PlannedRun.objects.filter(
        athlete=athlete, inside_recovery_window=True, date__gte=today
    ).values_list("date", "time"):
        heads_up: tuple[str, dt.date] = (ReminderKind.PLAN_HEADS_UP, plan_date)
        due = due_at(plan_date - dt.timedelta(days=1), HEADS_UP_AT, athlete.time_zone)
        if due <= now:  # flagged after 19:00 the evening before (a leg day logged late)
            if due_at(plan_date, plan_time or dt.time.max, athlete.time_zone) <= now:
                continue  # the run is past: nothing to say any more
            due = now
            late.add(heads_up)
        wanted[heads_up] = due

    existing = {
        (r.kind, r.local_date): r
        for r in Reminder.objects.select_for_update().filter(
            athlete=athlete, kind__in=SCHEDULED, local_date__gte=today - dt.timedelta(days=1)
        )
    }
    for key, row in existing.items():
        if row.status not in (
            ReminderStatus.PENDING,
            ReminderStatus.CANCELLED,
            ReminderStatus.SKIPPED,
        ):
            continue  # sending, sent, failed, withdrawn: history or an admin's decision
        kind, _ = key
        target = wanted.get(key)
        status, due = row.status, row.due_at
        if target is None:  # its leg day (or flagged plan) was deleted or moved
            status = (
                ReminderStatus.CANCELLED if row.status == ReminderStatus.PENDING else row.status
            )
        elif not kind_enabled(athlete, kind):
            status = ReminderStatus.SKIPPED if row.status == ReminderStatus.PENDING else row.status
        elif row.status == ReminderStatus.PENDING:
            due = target  # a due row stays pending: an outage must not lose it
        elif target > now:  # re-enabled, or its leg day is back
            status, due = ReminderStatus.PENDING, target
        if (status, due) != (row.status, row.due_at):
            row.status, row.due_at = status, due
            row.save(update_fields=["status", "due_at", "updated_at"])
    created_late = False
    for key, target in wanted.items():
        new_kind, day = key
        if key in existing or (target <= now and key not in late):
            continue
        if not kind_enabled(athlete, new_kind):
            continue
        Reminder.objects.create(athlete=athlete, kind=new_kind, local_date=day, due_at=target)
        created_late |= key in late
    if created_late:  # due now: send it at once, not at the next minute's scan
        # Robust: a broker outage must not fail the leg day's save; the minute's scan sends it.
        transaction.on_commit(lambda: celery_app.send_task(DISPATCH_TASK), robust=True)
