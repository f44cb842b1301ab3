"""How the advice worked: the rule evaluation page and its CSV, for admins (everyone) and gym
managers (their gyms' athletes, aggregated, at least five of them)."""

import csv

from django.http import HttpResponse
from django.shortcuts import render

from accounts.selectors import EVALUATION_MIN_ATHLETES, evaluation_scope
from accounts.services import csv_safe

from .evaluation import EVALUATION_DAYS, RuleOutcome, rule_outcomes


def _outcomes(request) -> tuple[list[RuleOutcome], int | None]:
    """The rows the viewer may see, and how many athletes they cover (None: everyone)."""
    scope = evaluation_scope(request.user)
    athletes = None if scope is None else scope.count()
    if athletes is not None and athletes < EVALUATION_MIN_ATHLETES:
        return [], athletes
    return rule_outcomes(scope, request.user.local_today()), athletes


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
            "days with a run",
            "kept the advice",
            "soreness change next day (kept)",
            "soreness change next day (not kept)",
            "legs sore or painful (kept)",
            "legs answered (kept)",
            "legs sore or painful (not kept)",
            "legs answered (not kept)",
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
