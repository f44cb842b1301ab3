"""How the advice worked: the rule evaluation page and its CSV, for admins (everyone) and gym
managers (their gyms' athletes, aggregated, at least five of them)."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import EVALUATION_MIN_ATHLETES, evaluation_scope
from accounts.services import csv_safe

from ..staff.access import staff_athlete
from . import calibration, services
from .evaluation import EVALUATION_DAYS, RuleOutcome, newest_day, rule_outcomes


def _decide(request, athlete) -> None:
    """Apply the posted decision on the level suggested now (a stale or forged one: none)."""
    found = calibration.suggestion(athlete)
    accept = request.POST.get("decision") == "accept"
    if found is None or (accept and request.POST.get("level") != found.level):
        messages.info(
            request, gettext_lazy("That suggestion no longer stands: nothing was changed.")
        )
        return
    services.level_decide(athlete=athlete, by=request.user, accept=accept, level=found.level)
    if accept:
        messages.success(
            request, gettext_lazy("Fitness level set to {level}.").format(level=found.level)
        )
    else:
        messages.success(
            request,
            gettext_lazy("Kept {lower}: not asked again for eight weeks.").format(
                lower=athlete.get_fitness_level_display().lower()
            ),
        )


@require_http_methods(["GET", "POST"])
def level_suggestion(request):
    """The athlete's own: the suggestion as a fragment (Today and Settings show it), and the
    decision on it."""
    if request.method == "POST":
        _decide(request, request.user)
        back = request.POST.get("back") == "settings"
        return redirect("accounts:account_settings" if back else "recovery:today")
    context = {"suggestion": calibration.suggestion(request.user), "back": "settings", "who": None}
    return render(request, "recovery/outcomes/_level_suggestion.html", context)


@require_POST
def coach_level(request, athlete_id: int):
    """A coach decides on the level suggested for an athlete of their gym (the athlete is told)."""
    athlete = staff_athlete(request, athlete_id)
    _decide(request, athlete)
    return redirect("recovery:coach_athlete", athlete_id=athlete.pk)


def _outcomes(request) -> tuple[list[RuleOutcome], int | None]:
    """The rows the viewer may see, and how many athletes they cover (None: everyone)."""
    scope = evaluation_scope(request.user)
    athletes = None if scope is None else scope.count()
    if athletes is not None and athletes < EVALUATION_MIN_ATHLETES:
        return [], athletes
    today, newest = request.user.local_today(), newest_day(timezone.now())
    return rule_outcomes(scope, today, until=newest), athletes


def rule_evaluation(request):
    rows, athletes = _outcomes(request)
    context = {
        "rows": rows,
        "athletes": athletes,
        "too_few": athletes is not None and athletes < EVALUATION_MIN_ATHLETES,
        "minimum": EVALUATION_MIN_ATHLETES,
        "days": EVALUATION_DAYS,
    }
    return render(request, "recovery/outcomes/evaluation.html", context)


def rule_evaluation_csv(request):
    rows, _ = _outcomes(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="runready-rule-outcomes.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, quoting=csv.QUOTE_ALL)
    writer.writerow(
        [
            "level",
            "rule",
            "title",
            "days",
            "athletes",
            gettext_lazy("days with a run"),
            gettext_lazy("kept the advice"),
            gettext_lazy("soreness change next day (kept)"),
            gettext_lazy("soreness change next day (not kept)"),
            gettext_lazy("legs sore or painful (kept)"),
            gettext_lazy("legs answered (kept)"),
            gettext_lazy("legs sore or painful (not kept)"),
            gettext_lazy("legs answered (not kept)"),
        ]
    )
    for row in rows:
        values = (
            row.level,
            row.rule_id,
            row.title,
            row.days,
            row.athletes,
            row.ran,
            row.kept,
            "" if row.change_kept is None else f"{row.change_kept:.2f}",
            "" if row.change_not is None else f"{row.change_not:.2f}",
            row.legs_bad_kept,
            row.legs_told_kept,
            row.legs_bad_not,
            row.legs_told_not,
        )
        writer.writerow([csv_safe(value) for value in values])
    return response
