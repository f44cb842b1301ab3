"""Week templates for staff: "two leg days, three runs, long run Sunday", kept per gym and
applied to one athlete or many at once. The suggester fits the template to each athlete's
level and goal; before anything is saved, each athlete's conflicts are listed (no week
fits, plans it replaces, and the guard's warnings against their other plans and logged
sessions, across the week's edges too)."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from accounts.models import Role

from ..engine import weekplan
from ..models import WeekTemplate
from ..staff.views import require_staff
from ..verdict.thresholds import current_thresholds
from . import selectors as planner
from . import services as plans
from .suggest import SuggestForm, mondays, week_choice, week_request


class TemplateForm(SuggestForm):
    name = forms.CharField(label="Name", max_length=80)
    gym = forms.ModelChoiceField(label="Gym", queryset=None, empty_label=None)

    field_order = ["name", "gym"]

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gym"].queryset = account_selectors.staff_gyms(staff).order_by("name")


def _templates(user):
    return WeekTemplate.objects.filter(gym__in=account_selectors.staff_gyms(user)).select_related(
        "gym"
    )


def coach_templates(request):
    """The gym's week templates, and a form for a new one."""
    require_staff(request)
    form = TemplateForm(request.POST or None, staff=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                template = WeekTemplate.objects.create(
                    gym=data["gym"],
                    name=data["name"],
                    leg_days=data["leg_days"],
                    runs=data["runs"],
                    key_runs=data["key_runs"],
                    light_legs=data["light_legs"],
                    long_run_day=int(data["long_run_day"]) if data["long_run_day"] else None,
                    leg_class_day=int(data["leg_class_day"]) if data["leg_class_day"] else None,
                    created_by=request.user,
                )
        except IntegrityError:
            form.add_error("name", "The gym has a template of that name already.")
        else:
            messages.success(request, f"Saved the template “{template.name}”.")
            return redirect("recovery:coach_template_apply", template_id=template.pk)
    context = {"form": form, "templates": _templates(request.user), "days": weekplan.DAYS}
    return render(
        request, "recovery/planning/templates.html", context, status=422 if form.errors else 200
    )


@require_POST
def coach_template_delete(request, template_id: int):
    template = get_object_or_404(_templates(request.user), pk=template_id)
    template.delete()
    messages.success(request, f"Deleted the template “{template.name}”.")
    return redirect("recovery:coach_templates")


@dataclass
class Fitted:
    """The template fitted to one athlete's week: what would be saved, and what is in the way."""

    athlete: object
    plan: weekplan.WeekPlan
    candidates: list
    replaced: list
    warnings: list

    @property
    def clean(self) -> bool:
        return self.plan.ok and not self.replaced and not self.warnings


def fit(template: WeekTemplate, athlete, monday) -> Fitted:
    thresholds, _ = current_thresholds()
    data = {
        "leg_days": template.leg_days,
        "runs": template.runs,
        "key_runs": template.key_runs,
        "light_legs": template.light_legs,
        "long_run_day": template.long_run_day,
        "leg_class_day": template.leg_class_day,
    }
    plan = weekplan.suggest(week_request(athlete, thresholds, data))
    if not plan.ok:
        return Fitted(athlete, plan, [], [], [])
    candidates = plans.week_candidates(athlete, monday, plan.sessions)
    if not candidates:
        return Fitted(athlete, plan, [], [], [])
    replaced = plans.replaced_by(athlete, candidates)
    warnings = planner.warnings_with(athlete, candidates)
    return Fitted(athlete, plan, candidates, replaced, warnings)


def coach_template_apply(request, template_id: int):
    """Pick a week and athletes; "Check" lists each one's week and conflicts, "Save" saves
    the weeks that fit (a week that does not fit is never saved)."""
    template = get_object_or_404(_templates(request.user), pk=template_id)
    athletes = list(
        account_selectors.athletes_for_staff(request.user)
        .filter(memberships__gym=template.gym, memberships__role=Role.ATHLETE)
        .order_by("display_name", "email")
    )
    chosen_ids = set(request.POST.getlist("athletes"))
    chosen = [a for a in athletes if str(a.pk) in chosen_ids]
    monday = week_choice(request.user, request.POST.get("week"))
    fitted = []
    if request.method == "POST":
        if not chosen or monday is None:
            messages.error(request, "Pick a week and at least one athlete. Nothing was saved.")
        else:
            fitted = [fit(template, athlete, monday) for athlete in chosen]
            if request.POST.get("action") == "save":
                saved = [f for f in fitted if f.candidates]
                for f in saved:
                    plans.week_save(
                        athlete=f.athlete, entered_by=request.user, candidates=f.candidates
                    )
                skipped = len(fitted) - len(saved)
                messages.success(
                    request,
                    f"Saved “{template.name}” for {len(saved)} athlete(s)"
                    + (f"; {skipped} skipped: no week fits." if skipped else "."),
                )
                return redirect("recovery:coach_roster")
    context = {
        "template": template,
        "athletes": athletes,
        "chosen_ids": chosen_ids,
        "mondays": mondays(request.user),
        "monday": monday,
        "fitted": fitted,
        "days": weekplan.DAYS,
    }
    return render(request, "recovery/planning/template_apply.html", context)
