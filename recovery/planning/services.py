"""Writes of planning: planned runs and leg days, moving them and the guard's fixes, a whole
week, and week templates. A hard run planned inside the quality window after a hard leg day
is flagged (`PlannedRun.inside_recovery_window`, derived state that `recovery.sync` keeps
current through `plans_recheck`)."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.selectors import may_act_for, staff_gyms
from training.models import (
    HARD_RUN_TYPES,
    LegIntensity,
    PlannedLegDay,
    PlannedRun,
    PrescribedRow,
    RunType,
)
from training.services import announce

from ..engine import guard
from ..models import TemplateRow, WeekTemplate
from ..verdict import background
from . import selectors as planner


@dataclass(frozen=True)
class PlanConflict:
    """A hard run planned inside the quality window of a leg day (planned or done): the one
    whose window ends last."""

    leg_day_end: dt.datetime
    window_hours: float
    safe_from: dt.datetime
    first_safe_day: dt.date


def plan_conflict(
    athlete: User, *, day: dt.date, run_type: str, time: dt.time | None = None
) -> PlanConflict | None:
    """Would a `run_type` run on `day` (at `time`, or at any time of the day) fall inside
    T_quality after a leg day, done or planned? (`guard` rule P1.)"""
    if run_type not in HARD_RUN_TYPES:
        return None
    return conflict_in(planner.span(athlete, day, day), day=day, time=time)


def conflict_in(found: planner.Span, *, day: dt.date, time: dt.time | None) -> PlanConflict | None:
    """`plan_conflict` for a key run on `day`, read from a span that covers it."""
    athlete = found.athlete
    run = guard.Item(ref="run:new", kind="run", day=day, tz=athlete.tz, time=time)
    legs = [
        item
        for item in found.items
        if item.kind == "leg" and "P1" in guard.pair_rules(item, run, athlete.goal)
    ]
    if not legs:
        return None
    leg = max(legs, key=lambda item: item.safe_from)
    local = leg.safe_from.astimezone(athlete.tz)
    first_safe_day = (
        local.date() if local.time() == dt.time.min else local.date() + dt.timedelta(days=1)
    )
    return PlanConflict(
        leg_day_end=leg.end,
        window_hours=leg.wait_h,
        safe_from=leg.safe_from,
        first_safe_day=first_safe_day,
    )


def upcoming_flaggable_plans(athletes) -> list[PlannedRun]:
    """The plans whose flag can change: hard or flagged runs from each athlete's today on
    (`athletes`: a list or a User queryset). One query."""
    now = timezone.now()
    plans = (
        PlannedRun.objects.filter(
            Q(run_type__in=HARD_RUN_TYPES) | Q(inside_recovery_window=True),
            athlete__in=athletes,
            date__gte=now.date() - dt.timedelta(days=1),  # every zone's today is on or after it
        )
        .select_related("athlete")
        .order_by("athlete", "date")
    )
    return [plan for plan in plans if plan.date >= plan.athlete.local_today(now)]


def plans_recheck(athletes: list[User] | QuerySet[User]) -> list[User]:
    """Re-flag the athletes' upcoming hard runs that fall inside a recovery window (after a
    leg day, plan, threshold or profile change). Returns the athletes whose flags changed."""
    changed: dict[int, User] = {}
    by_athlete: dict[int, list[PlannedRun]] = {}
    for plan in upcoming_flaggable_plans(athletes):
        by_athlete.setdefault(plan.athlete_id, []).append(plan)
    for upcoming in by_athlete.values():  # one span of plans and sessions per athlete
        found = planner.span(upcoming[0].athlete, upcoming[0].date, upcoming[-1].date)
        for plan in upcoming:
            _reflag(plan, found, changed)
    return list(changed.values())


def _reflag(plan: PlannedRun, found: planner.Span, changed: dict) -> None:
    inside = plan.is_hard and conflict_in(found, day=plan.date, time=plan.time) is not None
    if inside != plan.inside_recovery_window:
        PlannedRun.objects.filter(pk=plan.pk).update(inside_recovery_window=inside)
        background.inputs_changed(plan.athlete)  # today's cached background holds the plan
        changed[plan.athlete_id] = plan.athlete


def _may_plan(entered_by: User, athlete: User, day: dt.date) -> None:
    if not may_act_for(entered_by, athlete):
        raise PermissionDenied(
            gettext_lazy("You can only plan for yourself or your gym's athletes.")
        )
    if day < athlete.local_today():
        raise ValidationError({"date": gettext_lazy("Plan today or a day ahead, not a past day.")})


def _entered(plan, entered_by: User, athlete: User) -> None:
    plan.entered_by = None if entered_by.pk == athlete.pk else entered_by


@transaction.atomic
def planned_run_save(
    *,
    athlete: User,
    entered_by: User,
    day: dt.date,
    run_type: str,
    minutes: int,
    time: dt.time | None = None,
) -> PlannedRun:
    """Plan (or re-plan) the athlete's run on `day`; one plan per day. Derived state follows
    through the training signal (`recovery.sync.training_changed`)."""
    _may_plan(entered_by, athlete, day)
    plan = PlannedRun.objects.select_for_update().filter(
        athlete=athlete, date=day
    ).first() or PlannedRun(athlete=athlete, date=day)
    plan.run_type, plan.minutes, plan.time = run_type, minutes, time
    _entered(plan, entered_by, athlete)
    plan.full_clean()
    plan.save()
    announce([athlete])
    plan.refresh_from_db(fields=["inside_recovery_window"])
    return plan


@transaction.atomic
def planned_leg_day_save(
    *,
    athlete: User,
    entered_by: User,
    day: dt.date,
    intensity: str,
    time: dt.time | None = None,
    exercises=(),
    rows: list[PrescribedRow] | None = None,
) -> PlannedLegDay:
    """Plan (or re-plan) the athlete's leg day on `day`; one a day. `rows` (unsaved
    `PrescribedRow`s, in order) replace its prescription when given; their exercises are
    the plan's exercises."""
    _may_plan(entered_by, athlete, day)
    plan = PlannedLegDay.objects.select_for_update().filter(
        athlete=athlete, date=day
    ).first() or PlannedLegDay(athlete=athlete, date=day)
    plan.intensity, plan.time = intensity, time
    _entered(plan, entered_by, athlete)
    plan.full_clean()
    plan.save()
    if rows is not None:
        _prescription_save(plan, rows)
        exercises = list(dict.fromkeys(row.exercise for row in rows)) or exercises
    plan.exercises.set(exercises)
    announce([athlete])
    return plan


def _prescription_save(plan: PlannedLegDay, rows: list[PrescribedRow]) -> None:
    """`rows` become the plan's prescription, in their order (each checked as the admin
    would: a ValidationError names the row)."""
    plan.rows.all().delete()
    for position, row in enumerate(rows):
        row.plan, row.position = plan, position
        try:
            row.full_clean(exclude=["plan"])
        except ValidationError as error:
            raise ValidationError(
                gettext_lazy("Row {value} ({exercise}): {join}").format(
                    value=position + 1, exercise=row.exercise, join=" ".join(error.messages)
                )
            ) from None
    PrescribedRow.objects.bulk_create(rows)


@transaction.atomic
def plan_delete(*, plan: PlannedRun | PlannedLegDay) -> None:
    plan.delete()
    announce([plan.athlete])


@transaction.atomic
def plan_move(
    *, actor: User, plan: PlannedRun | PlannedLegDay, day: dt.date, time: dt.time | None = None
) -> None:
    """Move a plan to another day (and time of day): a day that has a plan of its kind
    already is refused, so moving never deletes anything."""
    _may_plan(actor, plan.athlete, day)
    _may_plan(actor, plan.athlete, plan.date)  # a past plan stays where it was
    model = type(plan)
    if model.objects.filter(athlete=plan.athlete, date=day).exclude(pk=plan.pk).exists():
        raise ValidationError(
            {
                "date": gettext_lazy(
                    "There is already a planned {noun} on {day:%A %-d %B}."
                ).format(noun=plan.noun, day=day)
            }
        )
    model.objects.filter(pk=plan.pk).update(date=day, time=time)
    announce([plan.athlete])


def _plans_of(plan: PlannedRun | PlannedLegDay) -> QuerySet:
    return PlannedRun.objects.all() if isinstance(plan, PlannedRun) else PlannedLegDay.objects.all()


@transaction.atomic
def plan_fix(*, actor: User, fix: "planner.Fix") -> None:
    """Apply one of the guard's one-click fixes (`planner.fixes`, computed afresh)."""
    plan = fix.plan
    _may_plan(actor, plan.athlete, plan.date)
    if fix.action == "make_easy":
        PlannedRun.objects.filter(pk=plan.pk).update(run_type=RunType.EASY)
    elif fix.action == "make_light":
        PlannedLegDay.objects.filter(pk=plan.pk).update(intensity=LegIntensity.LIGHT)
    elif fix.action == "move" and fix.day is not None:
        plan_move(actor=actor, plan=plan, day=fix.day, time=plan.time)
        return
    elif fix.action == "swap" and fix.other is not None:
        other = fix.other
        _may_plan(actor, plan.athlete, other.date)
        _plans_of(plan).filter(pk=plan.pk).update(date=other.date, time=other.time)
        _plans_of(other).filter(pk=other.pk).update(date=plan.date, time=plan.time)
    announce([plan.athlete])


@transaction.atomic
def week_save(*, athlete: User, entered_by: User, candidates) -> int:
    """Save a week of plans (`week_candidates`), each replacing the plan of its kind on its
    day; derived state follows once, for the whole week. Returns how many were saved."""
    for plan in candidates:
        _may_plan(entered_by, athlete, plan.date)
        model = type(plan)
        saved = model.objects.select_for_update().filter(athlete=athlete, date=plan.date).first()
        if saved:  # an update of the saved row: the candidate's fields onto it
            for field in model._meta.concrete_fields:
                if not field.primary_key and field.name != "created_at":
                    setattr(saved, field.attname, getattr(plan, field.attname))
            if plan.kind == "leg":
                saved.exercises.clear()
            plan = saved
        pending = getattr(plan, "pending_rows", None)
        _entered(plan, entered_by, athlete)
        plan.full_clean(validate_unique=False)
        plan.save()
        if pending:  # a template's prescription, copied for this athlete
            _prescription_save(plan, [PrescribedRow(**row.copy_fields()) for row in pending])
    announce([athlete])
    return len(candidates)


def week_template_create(*, staff: User, data: dict, rows=()) -> WeekTemplate:
    """Save a week template for one of `staff`'s gyms (`data`: a TemplateForm's cleaned
    data; `rows`: unsaved `PrescribedRow`s, the prescription of its leg days). Nothing
    derives from a template until it is applied (`week_save`)."""
    if not staff_gyms(staff).filter(pk=data["gym"].pk).exists():
        raise PermissionDenied(gettext_lazy("Templates belong to a gym you work in."))
    template = WeekTemplate(
        gym=data["gym"],
        name=data["name"],
        leg_days=data["leg_days"],
        runs=data["runs"],
        key_runs=data["key_runs"],
        light_legs=data["light_legs"],
        long_run_day=int(data["long_run_day"]) if data["long_run_day"] else None,
        leg_class_day=int(data["leg_class_day"]) if data["leg_class_day"] else None,
        created_by=staff,
    )
    template.full_clean(validate_constraints=False)
    try:  # the name once per gym: the constraint decides, and its message names the field
        with transaction.atomic():
            template.save()
            TemplateRow.objects.bulk_create(
                TemplateRow(template=template, position=n, **row.copy_fields())
                for n, row in enumerate(rows)
            )
    except IntegrityError:
        raise ValidationError(
            {"name": gettext_lazy("The gym has a template of that name already.")}
        ) from None
    return template


def week_template_delete(*, template: WeekTemplate) -> None:
    """Delete a week template (plans made from it stay)."""
    template.delete()
