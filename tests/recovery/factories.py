"""factory_boy-style builders of the recovery app's stateful rows, each made through the
service a user's action goes through (check-ins, plans, overrides, reminders)."""

import datetime as dt

from django.utils import timezone

from recovery import services
from recovery.models import RED_FLAG_FIELDS, SORENESS_FIELDS, Reminder, ReminderStatus
from recovery.planning import services as plans
from recovery.staff import services as staff_services
from tests.training.factories import StrengthFactory


def checkin_answers(**overrides) -> dict:
    """A valid check-in for recovery.services.checkin_save: no red flags, no soreness, rested."""
    answers = dict.fromkeys(RED_FLAG_FIELDS, False)
    answers.update(dict.fromkeys(SORENESS_FIELDS, 0))
    answers.update(can_walk_normally=True, sleep_quality=4, energy=4)
    answers.update(overrides)
    return answers


def checkin_post(**overrides) -> dict:
    """The same calm check-in as form data for POST /checkin/ (yes/no and numbers as text)."""
    answers = {
        name: ("yes" if value else "no") if isinstance(value, bool) else str(value)
        for name, value in checkin_answers().items()
    }
    return {**answers, "note": "", **overrides}


def checkin(athlete, *, days_ago: int = 0, **answers):
    """The athlete's check-in `days_ago` days before their today, through `checkin_save`."""
    day = athlete.local_today() - dt.timedelta(days=days_ago)
    return services.checkin_save(athlete=athlete, day=day, answers=checkin_answers(**answers))[0]


def planned_run(athlete, *, days_ahead: int = 1, run_type: str = "easy", minutes: int = 40):
    day = athlete.local_today() + dt.timedelta(days=days_ahead)
    return plans.planned_run_save(
        athlete=athlete, entered_by=athlete, day=day, run_type=run_type, minutes=minutes
    )


def override(staff, athlete, *, days_ahead: int = 0, level: int = 3, max_minutes: int = 30):
    day = athlete.local_today() + dt.timedelta(days=days_ahead)
    return staff_services.override_set(
        staff=staff, athlete=athlete, day=day, level=level, max_minutes=max_minutes, note="Go easy"
    )


def due_reminder(athlete, *, leg_day_hours_ago: float = 30) -> Reminder:
    """A next-day reminder due a minute ago, after a leg day that many hours ago. The leg day
    is logged through the service (which schedules what is still ahead); the reminder row is
    then made due now, as the beat scan would find it."""
    now = timezone.now()
    StrengthFactory(
        athlete=athlete,
        started_at=now - dt.timedelta(hours=leg_day_hours_ago),
        exercises=["Back squat"],
    )
    reminder, _ = Reminder.objects.update_or_create(
        athlete=athlete,
        kind="next_day",
        local_date=now.astimezone(athlete.tz).date(),
        defaults={"due_at": now - dt.timedelta(minutes=1), "status": ReminderStatus.PENDING},
    )
    return reminder
