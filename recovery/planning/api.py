"""The API's planner: planned runs and leg days with the guard's warnings and one-click
fixes (computed afresh, as on the week page), planning through the plan forms' validation
and the same services, and applying a fix."""

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import StringConstraints

from config.apischema import Body, Int, IsoDate, Number, Text, responds, valid
from training import prescriptions, strength
from training import selectors as training_selectors
from training.api import RowId
from training.models import PlannedLegDay, PlannedRun

from ..engine.weekplan import RULES
from . import selectors as planner
from . import services as plans
from .forms import LegPlanForm, PlanForm, RowForm

router = Router(tags=["planning"])
MODELS = {"run": PlannedRun, "leg": PlannedLegDay}
Kind = Literal["run", "leg"]
SPAN_DAYS = 35  # at most five weeks a call
# A time of day as the athlete reads it (their zone): "07:30".
LocalTime = Annotated[Text, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class FixOut(Schema):
    action: str = Field(..., description="make_easy, make_light, move or swap.")
    day: dt.date | None = Field(None, description="move: to this day.")
    other: str | None = Field(None, description="swap: with this plan (kind:id).")


class WarningOut(Schema):
    rule: str
    title: str
    leg_day: dt.date
    run_day: dt.date
    quality_from: dt.datetime | None = Field(None, description="P1: when quality running is fine.")
    fixes: list[FixOut]


class RowOut(Schema):
    exercise_id: int
    exercise: str
    sets: int
    reps: int | None
    reps_max: int | None
    seconds: int | None
    load_kind: str = Field(..., description="none, kg, percent (of 1RM), rpe or rir.")
    load: float | None
    kg: float | None = Field(None, description="The weight: kg, or a % of the athlete's 1RM.")
    note: str


class PlanOut(Schema):
    kind: str
    id: int
    date: dt.date
    time: str | None = Field(None, description="Local time of day, HH:MM.")
    run_type: str = ""
    minutes: int | None = None
    intensity: str = ""
    inside_recovery_window: bool = False
    rows: list[RowOut] = Field(default_factory=list, description="A leg day's prescription.")
    hard: bool | None = Field(None, description="A prescribed leg day: hard by its rows?")
    hard_because: list[str] = Field(default_factory=list)
    warnings: list[WarningOut]


class PlansFilter(Schema):
    date_from: IsoDate | None = Field(None, description="From this day (default: today).")
    date_to: IsoDate | None = Field(None, description=f"To this day (at most {SPAN_DAYS} days on).")


class RunPlanIn(Body):
    date: IsoDate
    run_type: Literal["recovery", "easy", "long", "tempo", "intervals", "hills", "race"]
    minutes: Int = Field(..., ge=1, le=600)
    time: LocalTime | None = None


class RowIn(Body):
    """A prescribed exercise (as the plan form's rows: the same checks and messages)."""

    exercise_id: Int = Field(..., ge=1, le=2**31 - 1)
    sets: Int = Field(..., ge=1, le=50)
    reps: Int | None = Field(None, ge=1, le=500)
    reps_max: Int | None = Field(None, ge=1, le=500)
    seconds: Int | None = Field(None, ge=1, le=600)
    load_kind: Literal["none", "kg", "percent", "rpe", "rir"] = "none"
    load: Number | None = Field(None, ge=0, le=1000)
    note: Text = Field("", max_length=200)


class LegPlanIn(Body):
    date: IsoDate
    intensity: Literal["light", "hard"]
    time: LocalTime | None = None
    rows: list[RowIn] = Field(default_factory=list, max_length=20)


class FixIn(Body):
    action: Literal["make_easy", "make_light", "move", "swap"]


def _warning(w) -> dict:
    leg, run = w.leg, w.run
    return {
        "rule": w.rule,
        "title": RULES.get(w.rule, w.rule),
        "leg_day": leg.day,
        "run_day": run.day,
        "quality_from": leg.safe_from if w.rule == "P1" else None,
        "fixes": [
            {
                "action": fix.action,
                "day": fix.day,
                "other": f"{fix.other.kind}:{fix.other.pk}" if fix.other is not None else None,
            }
            for fix in w.fixes
        ],
    }


def _rows_out(plan, found) -> tuple[list[dict], bool | None, list[str]]:
    if not isinstance(plan, PlannedLegDay):
        return [], None, []
    rows = prescriptions.rows_of(plan)
    if not rows:
        return [], None, []
    numbers = prescriptions.arithmetic_rows(rows, found.one_rms)
    judged = found.hardness(plan)
    out = [
        {
            "exercise_id": row.exercise_id,
            "exercise": row.exercise.name,
            **{f: getattr(row, f) for f in ("sets", "reps", "reps_max", "seconds", "load_kind")},
            "load": row.load,
            "kg": strength.row_kg(number),
            "note": row.note,
        }
        for row, number in zip(rows, numbers, strict=True)
    ]
    return out, judged.hard, list(judged.reasons)


def plan_out(plan, warnings, found) -> dict:
    mine = [w for w in warnings if planner.ref(plan) in w.conflict.refs]
    rows, hard, because = _rows_out(plan, found)
    return {
        "kind": plan.kind,
        "id": plan.pk,
        "date": plan.date,
        "time": plan.time.strftime("%H:%M") if plan.time else None,
        "run_type": getattr(plan, "run_type", ""),
        "minutes": getattr(plan, "minutes", None),
        "intensity": getattr(plan, "intensity", ""),
        "inside_recovery_window": getattr(plan, "inside_recovery_window", False),
        "rows": rows,
        "hard": hard,
        "hard_because": because,
        "warnings": [_warning(w) for w in mine],
    }


def _plans(athlete, first: dt.date, last: dt.date) -> list[dict]:
    found = planner.span(athlete, first, last)
    warnings = planner.warnings(found, athlete.local_today())
    return [
        plan_out(plan, warnings, found)
        for plan in sorted(
            [*found.runs, *found.legs], key=lambda p: (p.date, isinstance(p, PlannedRun))
        )
        if first <= plan.date <= last
    ]


def _saved(athlete, plan) -> dict:
    found = planner.span(athlete, plan.date, plan.date)
    saved = next((p for p in found.plans if p.kind == plan.kind and p.pk == plan.pk), plan)
    return plan_out(saved, planner.warnings_for(athlete, plan), found)


def _rows_in(rows: list[RowIn]) -> list:
    """The rows through the plan form's row form: its checks, its messages (per row)."""
    exercises = {e.pk: e for e in training_selectors.active_exercises()}
    found, errors = [], {}
    for n, row in enumerate(rows):
        data = {k: "" if v is None else str(v) for k, v in row.dict().items()}
        data["exercise"] = data.pop("exercise_id")
        form = RowForm(data, exercises=exercises, weight_unit="kg")
        if form.is_valid():
            found.append(form.row())
        for field, messages in form.errors.items():
            errors[f"rows.{n}.{'exercise_id' if field == 'exercise' else field}"] = messages
    if errors:
        raise ValidationError(errors)
    return found


def _plan(request, kind: str, pk: int):
    found = training_selectors.plans_for(request.user, MODELS[kind]).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@router.get("/plans", response=responds({200: list[PlanOut]}), summary="My plans, with warnings")
def plan_list(request, filters: Query[PlansFilter]):
    today = request.user.local_today()
    first = filters.date_from or today
    last = filters.date_to or first + dt.timedelta(days=13)
    if last < first or (last - first).days > SPAN_DAYS:
        raise ValidationError({"date_to": [f"From date_from, up to {SPAN_DAYS} days on."]})
    return _plans(request.user, first, last)


@router.post("/plans/runs", response=responds({201: PlanOut}), summary="Plan a run")
def plan_run(request, body: RunPlanIn):
    """Saved as asked; its warnings (and their fixes) come back with it."""
    data = valid(PlanForm({**body.dict(), "time": body.time or ""}))
    plan = plans.planned_run_save(
        athlete=request.user,
        entered_by=request.user,
        day=data["date"],
        run_type=data["run_type"],
        minutes=data["minutes"],
        time=data["time"],
    )
    return Status(201, _saved(request.user, plan))


@router.post("/plans/legs", response=responds({201: PlanOut}), summary="Plan a leg day")
def plan_legs(request, body: LegPlanIn):
    data = valid(LegPlanForm({**body.dict(exclude={"rows"}), "time": body.time or ""}))
    rows = _rows_in(body.rows)
    plan = plans.planned_leg_day_save(
        athlete=request.user,
        entered_by=request.user,
        day=data["date"],
        intensity=data["intensity"],
        time=data["time"],
        rows=rows or None,
    )
    return Status(201, _saved(request.user, plan))


@router.delete("/plans/{kind}/{plan_id}", response=responds({204: None}), summary="Drop a plan")
def plan_remove(request, kind: Kind, plan_id: RowId):
    plans.plan_delete(plan=_plan(request, kind, plan_id))
    return Status(204, None)


@router.post(
    "/plans/{kind}/{plan_id}/fix", response=responds({200: PlanOut}), summary="Apply a fix"
)
def plan_fix(request, kind: Kind, plan_id: RowId, body: FixIn):
    """One of the guard's fixes for this plan, computed afresh; 409 when it no longer applies."""
    plan = _plan(request, kind, plan_id)
    fix = planner.fix_for(plan, body.action)
    if fix is None:
        raise HttpError(409, gettext("That fix does not apply to this plan (any more)."))
    plans.plan_fix(actor=request.user, fix=fix)
    plan.refresh_from_db()
    return _saved(request.user, plan)
