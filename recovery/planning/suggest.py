"""`/week/suggest/`: the week suggester (`weekplan`, pure) for the signed-in athlete, from
their level and goal, the counts they want and their fixed commitments, with the engine's
current thresholds. It proposes and explains; "Save to my week" turns it into plans."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from ..engine import weekplan
from ..verdict.thresholds import current_thresholds
from . import selectors as planner
from . import services as plans
from . import weeks
from .forms import SuggestForm


def week_suggest(request):
    form = SuggestForm(request.POST or request.GET or None)
    plan = None
    if form.is_valid():
        thresholds, _ = current_thresholds()
        plan = weekplan.suggest(form.request_for(request.user, thresholds))
    if request.method == "POST" and plan and plan.ok:
        monday = weeks.week_choice(request.user, request.POST.get("week"))
        if monday is None:
            messages.error(
                request, gettext_lazy("Pick one of the weeks offered. Nothing was saved.")
            )
        else:
            candidates = weeks.week_candidates(request.user, monday, plan.sessions)
            saved = plans.week_save(
                athlete=request.user, entered_by=request.user, candidates=candidates
            )
            messages.success(
                request,
                gettext_lazy("Saved {saved} planned sessions to your week.").format(saved=saved),
            )
            return redirect(planner.week_url(request.user, request.user, monday))
    context = {
        "form": form,
        "plan": plan,
        "days": weeks.week_days(plan) if plan and plan.ok else [],
        "mondays": weeks.mondays(request.user),
    }
    status = 422 if form.errors else 200
    return render(request, "recovery/planning/week_suggest.html", context, status=status)
