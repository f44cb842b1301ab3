"""`/week/suggest/`: the week suggester (`weekplan`, pure) for the signed-in athlete, from
their level and goal, the counts they want and their fixed commitments, with the engine's
current thresholds. It proposes and explains; "Save to my week" turns it into plans."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from ..engine import weekplan
from ..verdict.thresholds import current_thresholds
from . import selectors as planner
from . import services as plans

DAY_CHOICES = [("", "No")] + [(str(n), name) for n, name in enumerate(weekplan.DAYS)]


class SuggestForm(forms.Form):
    leg_days = forms.TypedChoiceField(
        label="Leg days", choices=[(n, n) for n in range(5)], coerce=int, initial=2
    )
    runs = forms.TypedChoiceField(
        label="Runs", choices=[(n, n) for n in range(8)], coerce=int, initial=3
    )
    key_runs = forms.TypedChoiceField(
        label="Of the runs, key sessions (long, tempo, intervals, hills, race)",
        choices=[(n, n) for n in range(4)],
        coerce=int,
        initial=1,
    )
    light_legs = forms.BooleanField(label="Light leg days (not hard ones)", required=False)
    long_run_day = forms.ChoiceField(
        label="A long run fixed on (morning)", choices=DAY_CHOICES, required=False
    )
    leg_class_day = forms.ChoiceField(
        label="A leg class fixed on (evening)", choices=DAY_CHOICES, required=False
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["key_runs"] > data["runs"]:
            self.add_error("key_runs", "Key sessions are among the runs: at most as many as runs.")
            return data
        if data.get("long_run_day") and (data["runs"] < 1 or data["key_runs"] < 1):
            self.add_error("long_run_day", "A fixed long run counts as a run and a key session.")
        if data.get("leg_class_day") and data["leg_days"] < 1:
            self.add_error("leg_class_day", "A fixed leg class counts as one of the leg days.")
        return data

    def request_for(self, athlete, thresholds) -> weekplan.WeekRequest:
        return week_request(athlete, thresholds, self.cleaned_data)


def week_request(athlete, thresholds, data: dict) -> weekplan.WeekRequest:
    """The suggester's question for `athlete` (their level and goal) from the counts and
    commitments in `data` (a SuggestForm's, or a week template's fields)."""
    fixed = []
    if data.get("long_run_day") not in (None, ""):
        day = int(data["long_run_day"])
        fixed.append(weekplan.Session(day, "am", "run", True, True, "long run"))
    if data.get("leg_class_day") not in (None, ""):
        day = int(data["leg_class_day"])
        fixed.append(weekplan.Session(day, "pm", "leg", not data["light_legs"], True, "leg class"))
    return weekplan.WeekRequest(
        level=athlete.fitness_level,
        goal=athlete.goal,
        leg_days=data["leg_days"],
        runs=data["runs"],
        key_runs=data["key_runs"],
        light_legs=data["light_legs"],
        fixed=tuple(fixed),
        thresholds=thresholds,
    )


def mondays(athlete, count: int = 3) -> list[dt.date]:
    """This week's Monday and the next ones, in the athlete's zone."""
    today = athlete.local_today()
    monday = today - dt.timedelta(days=today.weekday())
    return [monday + dt.timedelta(weeks=n) for n in range(count)]


def week_choice(athlete, raw: str | None) -> dt.date | None:
    return next((m for m in mondays(athlete) if m.isoformat() == raw), None)


def week_suggest(request):
    form = SuggestForm(request.POST or request.GET or None)
    plan = None
    if form.is_valid():
        thresholds, _ = current_thresholds()
        plan = weekplan.suggest(form.request_for(request.user, thresholds))
    if request.method == "POST" and plan and plan.ok:
        monday = week_choice(request.user, request.POST.get("week"))
        if monday is None:
            messages.error(request, "Pick one of the weeks offered. Nothing was saved.")
        else:
            candidates = plans.week_candidates(request.user, monday, plan.sessions)
            saved = plans.week_save(
                athlete=request.user, entered_by=request.user, candidates=candidates
            )
            messages.success(request, f"Saved {saved} planned sessions to your week.")
            return redirect(planner.week_url(request.user, request.user, monday))
    days = []
    if plan and plan.ok:
        for number, name in enumerate(weekplan.DAYS):
            on_day = [s for s in plan.sessions if s.day == number]
            days.append({"name": name, "sessions": on_day})
    context = {
        "form": form,
        "plan": plan,
        "days": days,
        "rules": weekplan.RULES,
        "mondays": mondays(request.user),
    }
    status = 422 if form.errors else 200
    return render(request, "recovery/planning/week_suggest.html", context, status=status)
