"""The staff area: the roster, an athlete's page, and acting for an athlete (notes, overrides,
plans, logging a session)."""

import csv
import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.models import Role
from accounts.services import csv_safe
from config.fields import errors_onto, text_from_query
from training import selectors as training_selectors
from training import views as training_views
from training.fragments import trends_html
from training.units import day_words

from .. import selectors as recovery_selectors
from ..forms import NoteForm, OverrideForm
from ..outcomes import calibration
from ..outcomes import selectors as outcomes
from ..planning.forms import PlanForm
from ..verdict import verdicts
from ..verdict.presentation import verdict_card
from . import selectors, services
from .access import require_staff, staff_athlete

ROSTER_PAGE_SIZE = 50


def _roster(request, now, **filters):
    """The staff member's roster, filtered and sorted, and its length when known already."""
    total = services.roster_heal(request.user, now=now)
    unfiltered = not any(value for name, value in filters.items() if name != "sort")
    return selectors.roster(request.user, **filters), total if unfiltered else None


@vary_on_headers("HX-Request")
def coach_roster(request):
    """Every athlete of the staff member's gyms with today's traffic light and flags."""
    require_staff(request)
    now = timezone.now()
    coaches = selectors.gym_staff(request.user)
    coach_id = request.GET.get("coach", "")
    coach = next((m.user for m in coaches if str(m.user_id) == coach_id), None)
    sort = request.GET.get("sort", "flagged")
    flag = request.GET.get("flag", "")
    athletes, total = _roster(
        request,
        now,
        sort=sort,
        flag=flag,
        coach=coach,
        query=text_from_query(request.GET.get("q")),
    )
    paginator = Paginator(athletes, ROSTER_PAGE_SIZE)
    if total is not None:
        paginator.count = total  # counted while healing: spares a second pass over the gym
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": selectors.roster_rows(page.object_list, now),
        "sort": sort,
        "flag": flag,
        "flags": selectors.FLAG_LABELS,
        "coaches": list({m.user_id: m.user for m in coaches}.values()),  # once each, in order
        "coach_id": coach_id,
        "refresh_seconds": settings.ROSTER_REFRESH_SECONDS,
        "is_manager": Role.MANAGER in request.user.staff_roles,
        "now": now,
    }
    template = (
        "recovery/staff/roster.html#roster-table" if request.htmx else "recovery/staff/roster.html"
    )
    return render(request, template, context)


def coach_roster_csv(request):
    """Managers: the roster as CSV, with spreadsheet formulas neutralised."""
    require_staff(request)
    if Role.MANAGER not in request.user.staff_roles:
        raise PermissionDenied(gettext_lazy("Only managers can export the roster."))
    now = timezone.now()
    # Only the gyms this user manages: coaching in another gym gives no export rights there.
    rows = selectors.roster_rows(_roster(request, now, sort="name", managed_only=True)[0], now)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="runready-roster.csv"'
    response.write("\ufeff")  # a BOM, so spreadsheets read the file as UTF-8
    writer = csv.writer(response, quoting=csv.QUOTE_ALL)
    writer.writerow(
        [
            "name",
            "email",
            "today",
            gettext_lazy("last check-in (day)"),
            gettext_lazy("hours since leg day"),
            gettext_lazy("next planned run"),
            gettext_lazy("plans kept this week"),
            gettext_lazy("plans changed this week"),
            gettext_lazy("plans this week"),
            "flags",
        ]
    )
    for row in rows:
        writer.writerow(
            [
                csv_safe(value)
                for value in (
                    row.name,
                    row.email,
                    row.verdict,
                    row.checkin_date.isoformat() if row.checkin_date else "",
                    f"{row.hours_since_leg:.0f}" if row.hours_since_leg is not None else "",
                    f"{row.plan_date} {row.plan_type} {row.plan_minutes} min"
                    if row.plan_date
                    else "",
                    row.done,
                    row.changed,
                    row.planned,
                    "; ".join(row.flag_labels),
                )
            ]
        )
    return response


def coach_athlete(request, athlete_id: int):
    athlete = staff_athlete(request, athlete_id)
    today = athlete.local_today()
    verdict = verdicts.verdict_today(athlete)
    context = {
        "athlete": athlete,
        "today": today,
        "sessions": training_selectors.history(athlete)[:10],
        "days": recovery_selectors.history_days(athlete, end=today, days=14),
        "adherence_weeks": outcomes.adherence_weeks(athlete, today),
        "level_suggestion": calibration.suggestion(athlete),
        **verdict_card(verdict, athlete),
        "trends": trends_html(athlete, reverse("recovery:coach_week", args=[athlete.pk])),
        "plans": training_selectors.upcoming_plans(athlete, today),
        "notes": selectors.notes_for(request.user, athlete),
        "note_form": NoteForm(),
        "override_form": OverrideForm(initial=OverrideForm.initial_from(verdict, today)),
        "plan_form": PlanForm(initial={"date": today + dt.timedelta(days=1), "minutes": 45}),
        "overrides": selectors.overrides_ahead(athlete, today),
        **selectors.assignment(request.user, athlete),
    }
    with timezone.override(athlete.tz):  # one zone on the page: the athlete's, said so
        return render(request, "recovery/staff/athlete.html", context)


@require_POST
def coach_assign(request, athlete_id: int):
    """Set who looks after the athlete (managers: anyone of the gym's staff; a coach: self)."""
    athlete = staff_athlete(request, athlete_id)
    membership = account_selectors.athlete_membership(request.user, athlete)
    if membership is None:  # a staff member sees only athletes of their gyms
        raise Http404(gettext_lazy("No such athlete."))
    raw = request.POST.get("coach", "")
    coach = None
    if raw:
        coach = selectors.gym_staff_member(membership, raw)
        if coach is None:
            messages.error(
                request, gettext_lazy("Choose one of this gym's staff; nothing was changed.")
            )
            return redirect("recovery:coach_athlete", athlete_id=athlete.pk)
    try:
        account_services.coach_assign(by=request.user, membership=membership, coach=coach)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages) + gettext_lazy(" Nothing was changed."))
    else:
        messages.success(
            request,
            gettext_lazy("{name}'s coach: {name2}.").format(name=athlete.name, name2=coach.name)
            if coach
            else gettext_lazy("No coach assigned."),
        )
    return redirect("recovery:coach_athlete", athlete_id=athlete.pk)


@require_POST
def coach_note_add(request, athlete_id: int):
    athlete = staff_athlete(request, athlete_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(staff=request.user, athlete=athlete, body=form.cleaned_data["body"])
        messages.success(request, gettext_lazy("Note saved."))
    else:
        messages.error(
            request,
            gettext_lazy("Nothing was saved: ")
            + " ".join(str(e) for e in form.errors.get("body", [])),
        )
    return redirect("recovery:coach_athlete", athlete_id=athlete.pk)


@require_POST
def coach_override(request, athlete_id: int):
    athlete = staff_athlete(request, athlete_id)
    if "clear" in request.POST:
        try:
            day = dt.date.fromisoformat(request.POST["clear"])
        except ValueError:
            return redirect("recovery:coach_athlete", athlete_id=athlete.pk)
        services.override_clear(staff=request.user, athlete=athlete, day=day)
        messages.success(
            request, gettext_lazy("Override removed: the engine's advice applies again.")
        )
        return redirect("recovery:coach_athlete", athlete_id=athlete.pk)
    form = OverrideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.override_set(
                staff=request.user,
                athlete=athlete,
                day=data["date"],
                level=data["level"],
                max_minutes=data["max_minutes"],
                note=data["note"],
            )
        except ValidationError as error:
            errors_onto(form, error)
    if form.is_valid():
        messages.success(
            request,
            gettext_lazy("{name} will see your advice for {value}.").format(
                name=athlete.name, value=day_words(form.cleaned_data["date"])
            ),
        )
    else:
        problems = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(str(m) for m in e)}"
            for f, e in form.errors.items()
        )
        messages.error(
            request, gettext_lazy("Nothing was saved. {problems}").format(problems=problems)
        )
    return redirect("recovery:coach_athlete", athlete_id=athlete.pk)


def coach_log_strength(request, athlete_id: int):
    """Staff log a strength session on the athlete's behalf (recorded as entered by them)."""
    return training_views.strength_page(request, athlete=staff_athlete(request, athlete_id))


def coach_log_run(request, athlete_id: int):
    """Staff log a run on the athlete's behalf (recorded as entered by them)."""
    return training_views.run_page(request, athlete=staff_athlete(request, athlete_id))
