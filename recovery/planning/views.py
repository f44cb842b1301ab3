"""Planning pages: a run or a leg day (the athlete's own, or staff's for an athlete through
their own views), the week planner with each day's outlook, moving a plan (drag, or tap with
no JavaScript), and the guard's one-click fixes."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from config.fields import day_from_query, errors_onto, id_from_query
from training import prescriptions
from training import selectors as training_selectors
from training.models import PlannedLegDay, PlannedRun

from ..staff.access import staff_athlete
from ..verdict import verdicts
from ..verdict.presentation import verdict_words
from . import selectors as planner
from . import services as plans
from .forms import LegPlanForm, PlanForm, leg_plan_initial, row_formset

MODELS = {"run": PlannedRun, "leg": PlannedLegDay}


def _back(request, plan) -> str:
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, None):
        return target
    return planner.week_url(plan.athlete, request.user, plan.date)


def _plan(request, kind: str, pk: int):
    """A plan `request.user` may change: their own, or of an athlete they may act for."""
    if kind not in MODELS:
        raise Http404(gettext_lazy("No such plan."))
    return get_object_or_404(training_selectors.plans_for(request.user, MODELS[kind]), pk=pk)


# --- The plan forms, with the guard before saving ---------------------------------------


def _guarded_form(request, athlete, form, candidate, save, title: str, rows=None, editing=None):
    """Validate, check the candidate plan against the guard, offer its fixes; save when
    nothing is broken, or when the planner picked a fix or chose to keep it. The same for
    an athlete planning their own week and for staff planning an athlete's (the actor is
    `request.user`, recorded as the plan's author). `rows`: a leg day's prescription rows."""
    warnings = []
    rows_valid = rows is None or rows.valid()
    if request.method == "POST" and form.is_valid() and rows_valid:
        plan = candidate(form.cleaned_data)
        warnings = planner.warnings_for(athlete, plan)
        resolved = planner.resolved(plan, warnings, request.POST.get("resolve", ""))
        if resolved is not None:
            try:
                saved = save(resolved, form.cleaned_data)
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, gettext_lazy("Planned: {saved}.").format(saved=saved))
                return redirect(planner.week_url(athlete, request.user, saved.date))
    context = {
        "title": title,
        "form": form,
        "rows": rows,
        "editing": editing,
        "warnings": warnings,
        "athlete": athlete,
    }
    status = 422 if form.errors or (rows is not None and rows.total_error_count()) else 200
    return render(request, "recovery/planning/plan_form.html", context, status=status)


def _run_form(request, athlete):
    """Plan a run for `athlete`. A hard run inside a leg day's quality window (or too close
    to a leg day the same day) gets the reasons and one-click fixes before it is saved."""
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

    return _guarded_form(request, athlete, form, candidate, save, gettext_lazy("Plan a run"))


def _leg_form(request, athlete):
    """Plan a leg day for `athlete`; one inside the quality window before a key run is warned."""
    today = athlete.local_today()
    editing = _leg_plan_to_edit(request, athlete)
    initial, row_initial = {"date": today + dt.timedelta(days=1)}, None
    if editing is not None:
        initial, row_initial = leg_plan_initial(editing, athlete.weight_unit)
    form = LegPlanForm(request.POST or None, initial=initial)
    rows = row_formset(
        request.POST,
        exercises={e.pk: e for e in training_selectors.active_exercises()},
        weight_unit=athlete.weight_unit,
        initial=row_initial,
    )

    def candidate(data):
        plan = PlannedLegDay(
            athlete=athlete, date=data["date"], time=data["time"], intensity=data["intensity"]
        )
        plan.pending_rows = rows.rows()  # the guard judges the prescription before it is saved
        return plan

    def save(plan, data):
        saved = plans.planned_leg_day_save(
            athlete=athlete,
            entered_by=request.user,
            day=plan.date,
            time=plan.time,
            intensity=plan.intensity,
            exercises=data["exercises"],
            rows=plan.pending_rows if rows.is_bound else None,
        )
        if editing is not None and editing.date != saved.date:  # moved: not on both days
            plans.plan_delete(plan=editing)
        return saved

    title = gettext_lazy("Change the leg day") if editing else gettext_lazy("Plan a leg day")
    return _guarded_form(request, athlete, form, candidate, save, title, rows, editing)


def _leg_plan_to_edit(request, athlete) -> PlannedLegDay | None:
    """The leg day `?plan=<id>` (or the form's `plan`) asks to change: one of `athlete`'s
    that `request.user` may change (else a new plan, with a message for a bad id)."""
    wanted = request.POST.get("plan") or request.GET.get("plan")
    pk = id_from_query(wanted)
    plan = None
    if pk:
        plans_of = training_selectors.plans_for(request.user, PlannedLegDay)
        plan = prescriptions.with_rows(plans_of.filter(athlete=athlete, pk=pk)).first()
    if wanted and plan is None:
        messages.error(
            request, gettext_lazy("That plan can't be changed here: plan a new leg day.")
        )
    return plan


@require_http_methods(["GET", "POST"])
def plan_new(request):
    return _run_form(request, request.user)


@require_http_methods(["GET", "POST"])
def leg_plan_new(request):
    return _leg_form(request, request.user)


@require_http_methods(["GET", "POST"])
def coach_plan_new(request, athlete_id: int):
    """Staff plan a run for an athlete (from the planner, or the athlete page's short form),
    with the same guard and fixes as the athlete's own form."""
    return _run_form(request, staff_athlete(request, athlete_id))


@require_http_methods(["GET", "POST"])
def coach_leg_plan_new(request, athlete_id: int):
    return _leg_form(request, staff_athlete(request, athlete_id))


# --- Changing a saved plan ---------------------------------------------------------------


@require_POST
def plan_delete(request, kind: str, pk: int):
    plan = _plan(request, kind, pk)
    plans.plan_delete(plan=plan)
    messages.success(request, gettext_lazy("Removed the plan: {plan}.").format(plan=plan))
    return redirect(_back(request, plan))


@require_POST
def plan_move(request, kind: str, pk: int):
    """Move a plan to another day (the tap form, or a drop on a day column)."""
    plan = _plan(request, kind, pk)
    day, refused = day_from_query(request.POST.get("date"), plan.date)
    if refused:
        messages.error(
            request, gettext_lazy("That is not a day a plan can move to. Nothing was changed.")
        )
    elif day != plan.date:
        try:
            plans.plan_move(actor=request.user, plan=plan, day=day, time=plan.time)
        except ValidationError as error:
            messages.error(
                request, gettext_lazy("Nothing was changed: ") + " ".join(error.messages)
            )
        else:
            messages.success(
                request,
                gettext_lazy("Moved the {noun} to {day:%A %-d %B}.").format(
                    noun=plan.noun, day=day
                ),
            )
    return redirect(_back(request, plan))


@require_POST
def plan_fix(request, kind: str, pk: int):
    """Apply one of the guard's fixes for this plan, computed afresh (never from the form)."""
    plan = _plan(request, kind, pk)
    fix = planner.fix_for(plan, request.POST.get("action", ""))
    if fix is None:
        messages.info(request, gettext_lazy("Nothing to fix there any more."))
        return redirect(_back(request, plan))
    try:
        plans.plan_fix(actor=request.user, fix=fix)
    except ValidationError as error:
        messages.error(request, gettext_lazy("Nothing was changed: ") + " ".join(error.messages))
    else:
        messages.success(request, gettext_lazy("Done: the week meets the spacing rules there now."))
    return redirect(_back(request, plan))


# --- The week planner --------------------------------------------------------------------


def _planner(request, athlete):
    today = athlete.local_today()
    day, refused = day_from_query(request.GET.get("date"), today)
    if refused:
        messages.error(
            request, gettext_lazy("That date isn't one the week view can show: here is this week.")
        )
    done = training_selectors.week(athlete, day)
    days = planner.planner_days(athlete, done, today)
    context = {
        "athlete": athlete,
        "own": athlete.pk == request.user.pk,
        "week": done,
        "days": days,
        "today": today,
        "verdict": verdict_words(verdicts.verdict_today(athlete)),
        "move_days": sorted(
            {today + dt.timedelta(days=n) for n in range(21)}
            | {d["date"] for d in days if d["date"] >= today}
        ),
        "previous": done.start - dt.timedelta(days=7),
        "next": done.start + dt.timedelta(days=7),
        "here": request.get_full_path(),
    }
    with timezone.override(athlete.tz):  # the athlete's days and times, for staff too
        return render(request, "recovery/planning/week.html", context)


def week(request):
    return _planner(request, request.user)


def coach_week(request, athlete_id: int):
    return _planner(request, staff_athlete(request, athlete_id))
