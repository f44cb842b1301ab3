"""What the plan guard reads (planned and done sessions around a span of days, as
`guard.Item`s) and what it offers: the warnings of a week and their one-click fixes, and each
day's outlook (when quality running is fine again)."""

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TypeAlias

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from training import legdays, prescriptions, strength
from training.models import (
    HARD_RUN_TYPES,
    LegIntensity,
    PlannedLegDay,
    PlannedRun,
    RunType,
    Session,
)

from ..engine import guard, readiness
from ..engine.rules import Thresholds
from ..verdict import background
from ..verdict.thresholds import current_thresholds
from . import prescription

REACH = dt.timedelta(days=5)  # no quality window is longer than T3's 120 h limit

Plan: TypeAlias = PlannedRun | PlannedLegDay


def week_url(athlete, viewer, day: dt.date) -> str:
    """The planner of `athlete`'s week holding `day`, as `viewer` reaches it."""
    if athlete.pk == viewer.pk:
        base = reverse("recovery:week")
    else:
        base = reverse("recovery:coach_week", args=[athlete.pk])
    return f"{base}?date={day:%Y-%m-%d}"


def ref(plan: Plan) -> str:
    return f"{plan.kind}:{plan.pk or 'new' + str(getattr(plan, 'number', ''))}"


def planned_wait(athlete: User, hard: bool, thresholds: Thresholds, unaccustomed: bool) -> float:
    """The quality window after a planned leg day, by the engine's rules for a session of
    that hardness (a hard one at the hard-leg RPE, a light one well below it) and, as for a
    logged one, whether it would be unaccustomed (`Span.unaccustomed_on`)."""
    return readiness.quality_window(
        leg_rpe=thresholds.hard_leg_rpe if hard else 2,
        leg_minutes=60,
        leg_unaccustomed=unaccustomed,
        typical_leg_load=None,
        fitness_level=athlete.fitness_level,
        thresholds=thresholds,
    )[1]


def plan_item(plan: Plan, found: "Span") -> guard.Item:
    athlete = plan.athlete
    tz, key = athlete.tz, ref(plan)
    if isinstance(plan, PlannedRun):
        return guard.Item(
            ref=key,
            kind="run",
            day=plan.date,
            tz=tz,
            time=plan.time,
            minutes=plan.minutes,
            hard=plan.is_hard,
            label=f"planned {plan.get_run_type_display().lower()} run",
        )
    judged = found.hardness(plan)
    if judged is not None:  # a prescription: judged by what it asks
        words = "hard" if judged.hard else "light"
        hard, wait, minutes = judged.hard, judged.wait_h, judged.expected.minutes
        label = gettext_lazy("planned {words} leg day ({sets} sets at RPE {rpe})").format(
            words=words, sets=judged.expected.sets, rpe=judged.rpe
        )
    else:
        unaccustomed = bool(found.unaccustomed_on(plan.date))
        hard, minutes, label = (
            plan.is_hard,
            60.0,
            gettext_lazy("planned {intensity} leg day").format(intensity=plan.intensity),
        )
        wait = planned_wait(athlete, hard, found.thresholds, unaccustomed)
    return guard.Item(
        ref=key,
        kind="leg",
        day=plan.date,
        tz=tz,
        time=plan.time,
        minutes=minutes,
        hard=hard,
        wait_h=wait,
        label=label,
    )


@dataclass
class Span:
    """Everything the guard needs of an athlete between two days (and the windows reaching in)."""

    athlete: User
    thresholds: Thresholds
    runs: list[PlannedRun]
    legs: list[PlannedLegDay]
    done: list[Session]
    start: dt.datetime  # the span's first moment (with the windows reaching in)
    items: list[guard.Item] = field(default_factory=list)
    log_start: dt.datetime | None = None  # the athlete's first logged session
    leg_starts: tuple[dt.datetime, ...] = ()  # leg days from 28 days before the span on

    def unaccustomed_on(self, day: dt.date, rows=()) -> str:
        """Why a leg day on `day` (with the prescribed `rows`, if any) would be unaccustomed,
        by the rule for logged ones (`legdays.unaccustomed`), in words; "" if it would not."""
        at = dt.datetime.combine(day, dt.time.min, tzinfo=self.athlete.tz)
        since = at - legdays.UNACCUSTOMED_WINDOW
        covered = self.log_start is not None and self.log_start <= since
        had_prior = any(since <= started < at for started in self.leg_starts)
        new = sorted(
            {
                row.exercise.name
                for row in rows
                if row.exercise.eccentric_heavy
                and not any(
                    since <= done < at for done in self.done_exercises.get(row.exercise_id, ())
                )
            }
        )
        answer = self.athlete.legs_trained_recently
        if not legdays.unaccustomed(
            covered=covered, had_prior=had_prior, new_eccentric=bool(new), answer=answer
        ):
            return ""
        if not covered:
            return gettext("your answer that your legs were not trained in the last four weeks")
        if not had_prior:
            return gettext("no leg day in the four weeks before it")
        return gettext_lazy("eccentric-heavy work new to you in four weeks: {join}").format(
            join=", ".join(new)
        )

    @cached_property
    def done_exercises(self) -> dict[int, list[dt.datetime]]:
        """When each exercise was done, from 28 days before the span on (one query, when a
        prescription asks)."""
        return prescriptions.exercise_days(
            self.athlete, since=self.start - legdays.UNACCUSTOMED_WINDOW
        )

    @cached_property
    def one_rms(self) -> dict[int, prescriptions.OneRm]:
        return prescriptions.one_rep_maxes(self.athlete)

    @cached_property
    def typical_load(self) -> float | None:
        return legdays.median_leg_load(self.athlete)

    def hardness(self, plan: PlannedLegDay) -> prescription.Hardness | None:
        """A prescribed leg day's hardness (None without a prescription)."""
        rows = prescriptions.rows_of(plan)
        if not rows:
            return None
        return prescription.hardness(
            rows=rows,
            intensity_hard=plan.is_hard,
            one_rms=self.one_rms,
            typical_load=self.typical_load,
            unaccustomed=self.unaccustomed_on(plan.date, rows),
            fitness_level=self.athlete.fitness_level,
            thresholds=self.thresholds,
        )

    @property
    def plans(self) -> list[Plan]:
        return [*self.runs, *self.legs]

    def plan(self, reference: str) -> Plan | None:
        return next((p for p in self.plans if ref(p) == reference), None)

    def taken(self, kind: str, but: Plan | None = None) -> set[dt.date]:
        plans = self.runs if kind == "run" else self.legs
        return {p.date for p in plans if but is None or p.pk != but.pk}


def span(athlete: User, first: dt.date, last: dt.date) -> Span:
    """Plans and done sessions of `athlete` from `first` to `last` (local days), those whose
    window or key run could meet them, and those a move could meet. Six queries."""
    thresholds, _ = current_thresholds()
    tz = athlete.tz
    # Past `last` as far as a move can go, so the first good day is judged with what is there.
    lo, hi = first - REACH, last + REACH + dt.timedelta(days=guard.MOVE_HORIZON_DAYS)
    runs = list(PlannedRun.objects.filter(athlete=athlete, date__range=(lo, hi)))
    legs = list(
        prescriptions.with_rows(
            PlannedLegDay.objects.filter(athlete=athlete, date__range=(lo, hi))
        ).prefetch_related("exercises")
    )
    for run in runs:
        run.athlete = athlete
    for leg in legs:
        leg.athlete = athlete
    start = dt.datetime.combine(lo, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(hi + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    window = Q(athlete=athlete, started_at__gte=start, started_at__lt=end)
    done = list(Session.objects.filter(window).order_by("started_at"))
    done_legs = legdays.leg_days_in(window).get(athlete.pk, [])
    log_start, leg_starts = legdays.leg_history(athlete, since=start - legdays.UNACCUSTOMED_WINDOW)
    found = Span(
        athlete,
        thresholds,
        runs,
        legs,
        done,
        start=start,
        log_start=log_start,
        leg_starts=leg_starts,
    )
    found.items = _items(found, done_legs)
    return found


def _items(found: Span, done_legs: list[legdays.LegDay]) -> list[guard.Item]:
    athlete, thresholds, tz = found.athlete, found.thresholds, found.athlete.tz
    done_days = {(_kind_word(s), s.started_at.astimezone(tz).date()) for s in found.done}
    items = [
        plan_item(plan, found)
        for plan in found.plans
        if (plan.kind, plan.date) not in done_days  # done already: the logged one stands
    ]
    typical = legdays.median_leg_load(athlete) if done_legs else None
    for leg in done_legs:
        hard, wait = background.leg_quality_window(leg, athlete, typical, thresholds)
        label = gettext_lazy("{value} leg day you logged").format(value="hard" if hard else "light")
        items.append(
            _done(leg.session_id, "leg", leg.started_at, tz, leg.minutes, hard, label, wait)
        )
    for run in (s for s in found.done if s.kind == "run"):
        label = gettext_lazy("{lower} run you logged").format(
            lower=run.get_run_type_display().lower()
        )
        hard = run.run_type in HARD_RUN_TYPES
        items.append(_done(run.pk, "run", run.started_at, tz, run.duration_s / 60, hard, label))
    return items


def _done(pk, kind, started_at, tz, minutes, hard, label, wait=0.0) -> guard.Item:
    """A logged session as the guard sees it."""
    local = started_at.astimezone(tz)
    return guard.Item(
        ref=f"done:{pk}",
        kind=kind,
        day=local.date(),
        tz=tz,
        time=local.time(),
        minutes=minutes,
        hard=hard,
        wait_h=wait,
        planned=False,
        label=label,
    )


def _kind_word(session: Session) -> str:
    """ "leg" for a leg day, "run" for a run, else the session's kind (which plans never are)."""
    return "leg" if session.is_leg_day else session.kind


@dataclass(frozen=True)
class Fix:
    action: str  # make_easy / make_light / move / swap
    plan: Plan  # the plan it changes
    day: dt.date | None = None  # move: where to
    other: Plan | None = None  # swap: with which


@dataclass(frozen=True)
class Warning:
    conflict: guard.Conflict
    leg_plan: Plan | None
    run_plan: Plan | None
    fixes: tuple[Fix, ...]

    @property
    def rule(self) -> str:
        return self.conflict.rule

    @property
    def leg(self) -> guard.Item:
        return self.conflict.leg

    @property
    def run(self) -> guard.Item:
        return self.conflict.run


def fixes(found: Span, conflict: guard.Conflict, today: dt.date) -> tuple[Fix, ...]:
    """The one-click fixes that clear `conflict`, tried on the guard before they are offered."""
    goal = found.athlete.goal
    leg_plan, run_plan = found.plan(conflict.leg.ref), found.plan(conflict.run.ref)
    leg_plan = leg_plan if leg_plan and leg_plan.date >= today else None
    run_plan = run_plan if run_plan and run_plan.date >= today else None
    offered = []
    if conflict.rule == "P1" and run_plan:
        offered.append(Fix("make_easy", run_plan))
    if (
        conflict.rule == "P1"
        and isinstance(leg_plan, PlannedLegDay)
        and leg_plan.is_hard
        and not prescriptions.rows_of(leg_plan)  # a prescription's hardness is its rows'
    ):
        light = planned_wait(
            found.athlete, False, found.thresholds, bool(found.unaccustomed_on(leg_plan.date))
        )
        lighter = replace(conflict.leg, hard=False, wait_h=light)
        if "P1" not in guard.pair_rules(lighter, conflict.run, goal):
            offered.append(Fix("make_light", leg_plan))
    mover = run_plan or leg_plan
    if mover:
        item = conflict.run if mover is run_plan else conflict.leg
        day = guard.first_good_day(item, found.items, goal, taken=found.taken(mover.kind, mover))
        if day:
            offered.append(Fix("move", mover, day=day))
    if (
        leg_plan
        and run_plan
        and leg_plan.date not in found.taken("run", run_plan)
        and run_plan.date not in found.taken("leg", leg_plan)
    ):
        swapped = [
            conflict.leg.moved(conflict.run.day, conflict.run.time),
            conflict.run.moved(conflict.leg.day, conflict.leg.time),
        ]
        if not guard.pair_rules(swapped[0], swapped[1], goal):
            offered.append(Fix("swap", run_plan, other=leg_plan))
    return tuple(offered)


def warnings(found: Span, today: dt.date) -> list[Warning]:
    """Every conflict involving a plan from `today` on, with its fixes."""
    return [
        Warning(
            conflict,
            found.plan(conflict.leg.ref),
            found.plan(conflict.run.ref),
            fixes(found, conflict, today),
        )
        for conflict in guard.conflicts(found.items, found.athlete.goal, from_day=today)
    ]


def planner_days(athlete: User, done, today: dt.date) -> list[dict]:
    """The week planner's days for `done` (`training.selectors.week`): what was done, the
    plans in time order, the outlook (when quality running is fine again), the warnings
    shown on that day, and whether plans may move there."""
    dates = [d.date for d in done.days]
    found = span(athlete, dates[0], dates[-1])
    outlook = outlooks(found, dates)
    shown = warnings(found, today)
    for leg in found.legs:  # a prescription says how hard it is, and why
        leg.judged = found.hardness(leg)  # type: ignore[attr-defined]
        rows = prescriptions.rows_of(leg)
        numbers = prescriptions.arithmetic_rows(rows, found.one_rms) if rows else []
        for row, number in zip(rows, numbers, strict=True):
            row.fitted_kg = strength.row_kg(number)  # type: ignore[attr-defined]  # its kg
    days = []
    for week_day in done.days:
        date = week_day.date
        days.append(
            {
                "date": date,
                "done": week_day.sessions,
                "plans": sorted(
                    [p for p in found.plans if p.date == date],
                    key=lambda p: (p.time or dt.time(23, 59), p.kind),
                ),
                "outlook": outlook[date],
                "outlook_all_day": _all_day(outlook[date], date, athlete),
                "warnings": [w for w in shown if _warning_day(w, dates) == date],
                "movable": date >= today,
            }
        )
    return days


def _all_day(outlook: dt.datetime | None, date: dt.date, athlete: User) -> bool:
    """Whether quality running waits past the day's end (the whole day is easy)."""
    midnight = dt.datetime.combine(date + dt.timedelta(days=1), dt.time.min, tzinfo=athlete.tz)
    return outlook is not None and outlook >= midnight


def _warning_day(warning, dates: list[dt.date]) -> dt.date | None:
    """A warning shows on the later session's day, or on its other day if only that is in
    the week."""
    later, earlier = sorted((warning.leg.day, warning.run.day), reverse=True)
    return later if later in dates else earlier if earlier in dates else None


def resolved(plan: Plan, found: list[Warning], resolve: str) -> Plan | None:
    """An unsaved `plan` as the planner resolved the guard's warnings about it: with the fix
    they chose (`resolve`: its action) applied, or as it is when nothing is wrong or they
    chose to "keep" it; None while a warning stands unresolved."""
    if not found or resolve == "keep":
        return plan
    fix = next((f for w in found for f in w.fixes if f.action == resolve), None)
    if fix is None:
        return None
    if fix.action == "make_easy" and isinstance(plan, PlannedRun):
        plan.run_type = RunType.EASY
    elif fix.action == "make_light" and isinstance(plan, PlannedLegDay):
        plan.intensity = LegIntensity.LIGHT
    elif fix.action == "move" and fix.day is not None:
        plan.date = fix.day
    return plan


def fix_for(plan: Plan, action: str) -> Fix | None:
    """The guard's fix `action` for a saved `plan`, computed afresh (never from the form)."""
    found = span(plan.athlete, plan.date, plan.date)
    return next(
        (
            f
            for w in warnings(found, plan.athlete.local_today())
            if ref(plan) in w.conflict.refs
            for f in w.fixes
            if f.action == action and ref(f.plan) in w.conflict.refs
        ),
        None,
    )


def warnings_for(athlete: User, plan: Plan) -> list[Warning]:
    """The warnings the plan is part of (after it was saved, or as a candidate)."""
    return warnings_with(athlete, [plan])


def warnings_with(athlete: User, candidates: list[Plan]) -> list[Warning]:
    """The warnings the candidates (unsaved plans, each replacing the plan of its kind on its
    day; a saved one as it is) would be part of, numbered apart ("run:new1", …)."""
    days = [plan.date for plan in candidates]
    found = span(athlete, min(days), max(days))
    numbered = []
    for number, plan in enumerate(candidates):
        if plan.pk is None:
            plan.athlete = athlete
            if plan.kind == "run":
                found.runs = [p for p in found.runs if p.date != plan.date] + [plan]
            else:
                found.legs = [p for p in found.legs if p.date != plan.date] + [plan]
            found.items = [i for i in found.items if not _same_slot(i, plan)]
            item = plan_item(plan, found)
            if len(candidates) > 1:
                plan.number = number  # `ref` tells them apart
                item = replace(item, ref=ref(plan))
            found.items.append(item)
        numbered.append(ref(plan))
    today = athlete.local_today()
    return [w for w in warnings(found, today) if set(numbered) & set(w.conflict.refs)]


def _same_slot(item: guard.Item, plan: Plan) -> bool:
    return item.planned and item.kind == plan.kind and item.day == plan.date


def outlooks(found: Span, days: list[dt.date]) -> dict[dt.date, dt.datetime | None]:
    legs = [item for item in found.items if item.kind == "leg"]
    return {day: guard.outlook(day, legs, found.athlete.tz) for day in days}


EVENING_AHEAD_DAYS = 3  # tonight's page lists the conflicts of the next three days' plans


@dataclass(frozen=True)
class Evening:
    """Tomorrow as the guard sees it tonight, and the plans that now conflict."""

    tomorrow: dt.date
    quality_from: dt.datetime | None  # None: quality running is fine all day tomorrow
    warnings: list[Warning]

    @property
    def easy_only_tomorrow(self) -> bool:
        """No quality running at all tomorrow: the window reaches past tomorrow's end."""
        if self.quality_from is None:
            return False
        end = dt.datetime.combine(
            self.tomorrow + dt.timedelta(days=1), dt.time.min, tzinfo=self.quality_from.tzinfo
        )
        return self.quality_from >= end


def evening(athlete: User, today: dt.date) -> Evening:
    """What the evening after a leg day shows: when quality running is fine tomorrow, and the
    guard's warnings (with their fixes) about plans of the next three days."""
    tomorrow = today + dt.timedelta(days=1)
    last = today + dt.timedelta(days=EVENING_AHEAD_DAYS)
    found = span(athlete, today, last)
    shown = [w for w in warnings(found, today) if today <= w.conflict.run.day <= last]
    return Evening(tomorrow, outlooks(found, [tomorrow])[tomorrow], shown)
