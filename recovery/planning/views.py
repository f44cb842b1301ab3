"""Planning: a run or a leg day (for oneself, or by staff for an athlete), the week planner
with each day's outlook, moving a plan (drag, or tap with no JavaScript), and the guard's
one-click fixes."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from config.fields import day_from_query
from training import selectors as training_selectors
from training.models import LegIntensity, PlannedLegDay, PlannedRun

from ..forms import LegPlanForm, PlanForm
from ..staff.views import staff_athlete
from ..verdict import verdicts
from ..verdict.presentation import verdict_words
from . import selectors as planner
from . import services as plans

MODELS = {"run": PlannedRun, "leg": PlannedLegDay}


def _back(request, plan) -> str:
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, None):
        return target
    return planner.week_url(plan.athlete, request.user, plan.date)


def _plan(request, kind: str, pk: int):
    """A plan `request.user` may change: their own, or of an athlete they may act for."""
    if kind not in MODELS:
        raise Http404("No such plan.")
    return get_object_or_404(training_selectors.plans_for(request.user, MODELS[kind]), pk=pk)


# --- The plan forms, with the guard before saving ---------------------------------------


def _guarded_form(request, athlete, form, candidate, save, template_context):
    """Validate, check the candidate plan against the guard, offer its fixes; save when
    nothing is broken, or when the planner picked a fix or chose to keep it."""
    warnings = []
    if request.method == "POST" and form.is_valid():
        plan = candidate(form.cleaned_data)
        warnings = planner.warnings_for(athlete, plan)
        resolve = request.POST.get("resolve", "")
        fix = next((f for w in warnings for f in w.fixes if f.action == resolve), None)
        if fix or resolve == "keep" or not warnings:
            if fix and fix.action == "make_easy":
                plan.run_type = "easy"
            elif fix and fix.action == "make_light":
                plan.intensity = LegIntensity.LIGHT
            elif fix and fix.action == "move":
                plan.date = fix.day
            try:
                saved = save(plan, form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, f"Planned: {saved}.")
                return redirect(planner.week_url(athlete, request.user, saved.date))
    context = {**template_context, "form": form, "warnings": warnings, "athlete": athlete}
    status = 422 if form.errors else 200
    return render(request, "recovery/planning/plan_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def plan_new(request, athlete=None):
    """Plan a run. A hard run inside a leg day's quality window (or too close to a leg day
    the same day) gets the reasons and one-click fixes before it is saved."""
    athlete = athlete or request.user
    today = athlete.local_today()
    form = PlanForm(
        request.POST or None, initial={"date": today + dt.timedelta(days=1), "minutes": 45}
    )

    def candidate(data):
        return PlannedRun(
            athlete=athlete,
            date=data["date"],
            time=data["time"],
            run_type=data["run_type"],
            minutes=data["minutes"],
        )

    def save(plan, data):
        return plans.planned_run_save(
            athlete=athlete,
            entered_by=request.user,
            day=plan.date,
            time=plan.time,
            run_type=plan.run_type,
            minutes=plan.minutes,
        )

    return _guarded_form(request, athlete, form, candidate, save, {"title": "Plan a run"})


@require_http_methods(["GET", "POST"])
def leg_plan_new(request, athlete=None):
    """Plan a leg day; one planned inside the quality window before a key run is warned."""
    athlete = athlete or request.user
    today = athlete.local_today()
    form = LegPlanForm(request.POST or None, initial={"date": today + dt.timedelta(days=1)})

    def candidate(data):
        return PlannedLegDay(
            athlete=athlete, date=data["date"], time=data["time"], intensity=data["intensity"]
        )

    def save(plan, data):
        return plans.planned_leg_day_save(
            athlete=athlete,
            entered_by=request.user,
            day=plan.date,
            time=plan.time,
            intensity=plan.intensity,
            exercises=data["exercises"],
        )

    return _guarded_form(request, athlete, form, candidate, save, {"title": "Plan a leg day"})


def coach_plan_new(request, athlete_id: int):
    return plan_new(request, athlete=staff_athlete(request, athlete_id))


def coach_leg_plan_new(request, athlete_id: int):
    return leg_plan_new(request, athlete=staff_athlete(request, athlete_id))


# --- Changing a saved plan ---------------------------------------------------------------


@require_POST
def plan_delete(request, kind: str, pk: int):
    plan = _plan(request, kind, pk)
    plans.plan_delete(plan=plan)
    messages.success(request, f"Removed the plan: {plan}.")
    return redirect(_back(request, plan))


@require_POST
def plan_move(request, kind: str, pk: int):
    """Move a plan to another day (the tap form, or a drop on a day column)."""
    plan = _plan(request, kind, pk)
    day, refused = day_from_query(request.POST.get("date"), plan.date)
    if refused:
        messages.error(request, "That is not a day a plan can move to. Nothing was changed.")
    elif day != plan.date:
        try:
            plans.plan_move(actor=request.user, plan=plan, day=day, time=plan.time)
        except ValidationError as error:
            messages.error(request, "Nothing was changed: " + " ".join(error.messages))
        else:
            messages.success(request, f"Moved the {plan.noun} to {day:%A %-d %B}.")
    return redirect(_back(request, plan))


@require_POST
def plan_fix(request, kind: str, pk: int):
    """Apply one of the guard's fixes for this plan, computed afresh (never from the form)."""
    plan = _plan(request, kind, pk)
    action = request.POST.get("action", "")
    found = planner.span(plan.athlete, plan.date, plan.date)
    today = plan.athlete.local_today()
    fix = next(
        (
            f
            for w in planner.warnings(found, today)
            if planner.ref(plan) in w.conflict.refs
            for f in w.fixes
            if f.action == action and planner.ref(f.plan) in w.conflict.refs
        ),
        None,
    )
    if fix is None:
        messages.info(request, "Nothing to fix there any more.")
        return redirect(_back(request, plan))
    try:
        plans.plan_fix(actor=request.user, fix=fix)
    except ValidationError as error:
        messages.error(request, "Nothing was changed: " + " ".join(error.messages))
    else:
        messages.success(request, "Done: the week meets the spacing rules there now.")
    return redirect(_back(request, plan))


# --- The week planner --------------------------------------------------------------------


def _planner(request, athlete):
    today = athlete.local_today()
    day, refused = day_from_query(request.GET.get("date"), today)
    if refused:
        messages.error(request, "That date isn't one the week view can show: here is this week.")
    done = training_selectors.week(athlete, day)
    dates = [d.date for d in done.days]
    found = planner.span(athlete, dates[0], dates[-1])
    outlooks = planner.outlooks(found, dates)
    warnings = planner.warnings(found, today)
    days = []
    for week_day in done.days:
        date = week_day.date
        days.append(
            {
                "date": date,
                "done": week_day.sessions,
                "plans": sorted(
                    [p for p in [*found.runs, *found.legs] if p.date == date],
                    key=lambda p: (p.time or dt.time(23, 59), p.kind),
                ),
                "outlook": outlooks[date],
                "outlook_all_day": outlooks[date] is not None
                and outlooks[date] >= _midnight_after(date, athlete),
                "warnings": [w for w in warnings if _warning_day(w, dates) == date],
                "movable": date >= today,
            }
        )
    recommendation = verdicts.verdict_today(athlete)
    context = {
        "athlete": athlete,
        "own": athlete.pk == request.user.pk,
        "week": done,
        "days": days,
        "today": today,
        "verdict": verdict_words(recommendation),
        "move_days": sorted(
            {today + dt.timedelta(days=n) for n in range(21)} | {d for d in dates if d >= today}
        ),
        "previous": done.start - dt.timedelta(days=7),
        "next": done.start + dt.timedelta(days=7),
        "here": request.get_full_path(),
    }
    return render(request, "recovery/planning/week.html", context)


def _midnight_after(date: dt.date, athlete) -> dt.datetime:
    return dt.datetime.combine(date + dt.timedelta(days=1), dt.time.min, tzinfo=athlete.tz)


def _warning_day(warning, dates: list[dt.date]) -> dt.date | None:
    """A warning shows on the later session's day, or on its other day if only that is in
    the week."""
    later, earlier = sorted((warning.leg.day, warning.run.day), reverse=True)
    return later if later in dates else earlier if earlier in dates else None


def week(request):
    return _planner(request, request.user)


def coach_week(request, athlete_id: int):
    return _planner(request, staff_athlete(request, athlete_id))
