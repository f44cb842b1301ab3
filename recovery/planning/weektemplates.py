"""Week templates for staff: "two leg days, three runs, long run Sunday", kept per gym and
applied to one athlete or many at once. The suggester fits the template to each athlete's
level and goal; before anything is saved, each athlete's conflicts are listed (no week
fits, plans it replaces, and the guard's warnings against their other plans and logged
sessions, across the week's edges too)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from accounts.models import Role
from config.fields import errors_onto
from training import selectors as training_selectors

from ..staff.access import require_staff
from . import services as plans
from . import weeks
from .forms import TemplateForm, row_formset


def coach_templates(request):
    """The gym's week templates, and a form for a new one."""
    require_staff(request)
    form = TemplateForm(request.POST or None, staff=request.user)
    rows = row_formset(
        request.POST,
        exercises={e.pk: e for e in training_selectors.active_exercises()},
        weight_unit=request.user.weight_unit,
    )
    if request.method == "POST" and form.is_valid() & rows.valid():
        try:
            template = plans.week_template_create(
                staff=request.user, data=form.cleaned_data, rows=rows.rows()
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request, gettext_lazy("Saved the template “{name}”.").format(name=template.name)
            )
            return redirect("recovery:coach_template_apply", template_id=template.pk)
    context = {
        "form": form,
        "rows": rows,
        "templates": weeks.week_templates_for(request.user),
        "days": weeks.day_names(),
    }
    return render(
        request,
        "recovery/planning/templates.html",
        context,
        status=422 if form.errors or rows.total_error_count() else 200,
    )


@require_POST
def coach_template_delete(request, template_id: int):
    template = get_object_or_404(weeks.week_templates_for(request.user), pk=template_id)
    plans.week_template_delete(template=template)
    messages.success(
        request, gettext_lazy("Deleted the template “{name}”.").format(name=template.name)
    )
    return redirect("recovery:coach_templates")


def coach_template_apply(request, template_id: int):
    """Pick a week and athletes; "Check" lists each one's week and conflicts, "Save" saves
    the weeks that fit (a week that does not fit is never saved)."""
    template = get_object_or_404(weeks.week_templates_for(request.user), pk=template_id)
    athletes = list(
        account_selectors.athletes_for_staff(request.user)
        .filter(memberships__gym=template.gym, memberships__role=Role.ATHLETE)
        .order_by("display_name", "email")
    )
    chosen_ids = set(request.POST.getlist("athletes"))
    chosen = [a for a in athletes if str(a.pk) in chosen_ids]
    monday = weeks.week_choice(request.user, request.POST.get("week"))
    fitted = []
    if request.method == "POST":
        if not chosen or monday is None:
            messages.error(
                request, gettext_lazy("Pick a week and at least one athlete. Nothing was saved.")
            )
        else:
            fitted = [weeks.template_fit(template, athlete, monday) for athlete in chosen]
            if request.POST.get("action") == "save":
                saved = [f for f in fitted if f.candidates]
                for f in saved:
                    plans.week_save(
                        athlete=f.athlete, entered_by=request.user, candidates=f.candidates
                    )
                skipped = len(fitted) - len(saved)
                messages.success(
                    request,
                    gettext_lazy("Saved “{name}” for {value} athlete(s)").format(
                        name=template.name, value=len(saved)
                    )
                    + (f"; {skipped} skipped: no week fits." if skipped else "."),
                )
                return redirect("recovery:coach_roster")
    context = {
        "template": template,
        "athletes": athletes,
        "chosen_ids": chosen_ids,
        "mondays": weeks.mondays(request.user),
        "monday": monday,
        "fitted": fitted,
        "days": weeks.day_names(),
    }
    return render(request, "recovery/planning/template_apply.html", context)
