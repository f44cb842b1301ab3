"""Planned runs and the quality-window guard: a hard run planned inside the window after a
hard leg day is flagged (`PlannedRun.inside_recovery_window`, derived state that
`recovery.sync` keeps current) and offered fixes when it is planned."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.selectors import may_act_for
from training import legdays
from training.models import HARD_RUN_TYPES, PlannedRun
from training.services import announce

from . import background, readiness
from .thresholds import current_thresholds


@dataclass(frozen=True)
class PlanConflict:
    """A hard run planned inside the quality window of a hard leg day."""

    leg_day_end: dt.datetime
    window_hours: float
    safe_from: dt.datetime
    first_safe_day: dt.date


def plan_conflict(athlete: User, *, day: dt.date, run_type: str) -> PlanConflict | None:
    """Would a `run_type` run on `day` fall inside T_quality after a hard leg day?

    Conservative about the hour: the run could be at any time of `day`, so a window that
    ends during the day still covers it. One query, and one per leg day found.
    """
    if run_type not in HARD_RUN_TYPES:
        return None
    tz = athlete.tz
    day_start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    day_end = day_start + dt.timedelta(days=1)
    thresholds, _ = current_thresholds()
    # Every leg day whose window could reach into the day (no window is longer than T3's, a
    # session no longer than a day); of those, the one whose window ends last.
    reach = dt.timedelta(hours=thresholds.t_quality_unaccustomed_h + 24)
    legs = legdays.leg_days_in(
        Q(athlete=athlete, started_at__gte=day_start - reach, started_at__lt=day_end)
    ).get(athlete.pk, [])
    found = None
    for leg in legs:
        hard, window = readiness.quality_window(
            leg_rpe=leg.rpe,
            leg_minutes=leg.minutes,
            leg_unaccustomed=leg.unaccustomed,
            typical_leg_load=legdays.median_leg_load(athlete, now=leg.started_at),
            fitness_level=athlete.fitness_level,
            thresholds=thresholds,
        )
        safe_from = leg.ended_at + dt.timedelta(hours=window)
        if hard and safe_from > day_start and (found is None or safe_from > found[2]):
            found = (leg, window, safe_from)
    if found is None:
        return None
    leg, window, safe_from = found
    local = safe_from.astimezone(tz)
    first_safe_day = (
        local.date() if local.time() == dt.time.min else local.date() + dt.timedelta(days=1)
    )
    return PlanConflict(
        leg_day_end=leg.ended_at,
        window_hours=window,
        safe_from=safe_from,
        first_safe_day=first_safe_day,
    )


def upcoming_flaggable_plans(athletes) -> list[PlannedRun]:
    """The plans whose flag can change: hard or flagged runs from each athlete's today on
    (`athletes`: a list or a User queryset). One query."""
    now = timezone.now()
    plans = PlannedRun.objects.filter(
        Q(run_type__in=HARD_RUN_TYPES) | Q(inside_recovery_window=True),
        athlete__in=athletes,
        date__gte=now.date() - dt.timedelta(days=1),  # every zone's today is on or after it
    ).select_related("athlete")
    return [plan for plan in plans if plan.date >= background.local_today(plan.athlete, now)]


def plans_recheck(athletes: list[User]) -> int:
    """Re-flag the athletes' upcoming hard runs that fall inside a recovery window (after a
    leg day, threshold or profile change). Returns how many flags changed."""
    changed = 0
    for plan in upcoming_flaggable_plans(athletes):
        inside = plan_conflict(plan.athlete, day=plan.date, run_type=plan.run_type) is not None
        if inside != plan.inside_recovery_window:
            PlannedRun.objects.filter(pk=plan.pk).update(inside_recovery_window=inside)
            background.inputs_changed(plan.athlete)  # today's cached background holds the plan
            changed += 1
    return changed


@transaction.atomic
def planned_run_save(
    *, athlete: User, entered_by: User, day: dt.date, run_type: str, minutes: int
) -> PlannedRun:
    """Plan (or re-plan) the athlete's run on `day`; one plan per day. Derived state follows
    through the training signal (`recovery.sync.training_changed`)."""
    if not may_act_for(entered_by, athlete):
        raise PermissionDenied("You can only plan runs for yourself or your gym's athletes.")
    if day < background.local_today(athlete):
        raise ValidationError({"date": "Plan today or a day ahead, not a past day."})
    plan = PlannedRun.objects.select_for_update().filter(
        athlete=athlete, date=day
    ).first() or PlannedRun(athlete=athlete, date=day)
    plan.run_type = run_type
    plan.minutes = minutes
    plan.entered_by = None if entered_by.pk == athlete.pk else entered_by
    plan.full_clean()
    plan.save()
    announce([athlete])
    plan.refresh_from_db(fields=["inside_recovery_window"])
    return plan


@transaction.atomic
def planned_run_delete(*, plan: PlannedRun) -> None:
    plan.delete()
    announce([plan.athlete])
