"""The athlete's recovery pages: Today with the check-in, the check-in history, the evening
after a leg day, and the public guidance library."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from config.fields import day_from_query
from training.charts import bar_geometry
from training.models import LegsFeel
from training.units import day_words

from . import markdown, selectors, services
from .engine import readiness, wording
from .forms import CHECKIN_EDITABLE_DAYS, CheckInForm, checkin_day_problem
from .outcomes import calibration
from .outcomes import selectors as outcomes
from .planning import selectors as planner
from .staff import services as staff_services
from .verdict import background, downhill, verdicts
from .verdict.presentation import checklist, verdict_card
from .verdict.thresholds import current_thresholds


def _today_context(request, *, form=None, day=None, recommendation=None, card_only=False) -> dict:
    """Everything the Today page shows (`recommendation`: today's, when just computed;
    `card_only`: only the verdict card, as the check-in's HTMX answer swaps in — no recent
    runs or level suggestion). A fixed number of queries, whatever the history."""
    user = request.user
    now = timezone.now()
    today = user.local_today(now)
    recommendation = recommendation or verdicts.verdict_today(user, now=now)
    inputs = background.background_today(user, now)  # cached: read with the verdict
    plan, leg = inputs.next_plan, inputs.leg_day(user, now)
    planned = plan if plan and plan.date == today else None
    runs = [] if card_only else outcomes.recent_runs(user, today, inputs)
    ran_today = [run for run in runs if run.day == today]
    # Tomorrow's outlook once today's run is done, and a plan of the next days that clashes
    # with a leg day, with its fix, on the card (read only then: the planner's span).
    ahead = today + dt.timedelta(days=planner.EVENING_AHEAD_DAYS)
    clash = plan is not None and plan.inside_recovery_window and plan.date <= ahead
    tomorrow = planner.evening(user, today) if (ran_today or clash) and not card_only else None
    newest = inputs.earlier[0] if inputs.earlier else None
    return {
        "today": today,
        "day": day or today,
        # Yesterday's check-in, offered as a start for today's.
        "yesterday": newest
        if newest and newest.local_date == today - dt.timedelta(days=1)
        else None,
        **verdict_card(recommendation, user, planned),
        "hours_since_leg": (now - leg.ended_at).total_seconds() / 3600 if leg else None,
        "form": form,
        "runs": runs,
        "ran_today": ran_today,
        "evening": tomorrow,
        "here": request.get_full_path(),
        "painful_run": outcomes.painful(runs),
        "level_suggestion": None if card_only else calibration.suggestion(user, now),
        "reask_fields": outcomes.REASK_FIELDS,
        "legs_choices": LegsFeel.choices,
        # The first fortnight without a leg day logged: say how the app works.
        "new_here": leg is None
        and user.onboarded_at is not None
        and now - user.onboarded_at < dt.timedelta(days=14),
        # Nothing logged or checked in yet: nothing to judge, so no verdict and no questions
        # "since your workout" until a workout exists.
        "first_day": recommendation.provisional
        and recommendation.override_id is None  # a coach's advice for today is shown
        and leg is None
        and not inputs.activity
        and not inputs.earlier,
    }


@vary_on_headers("HX-Request")
def today(request):
    context = _today_context(request)
    if context["recommendation"].provisional and not context["first_day"]:
        context["form"] = CheckInForm()
        context["downhill"] = downhill.follow_up(request.user, context["today"])
    return render(request, "recovery/today.html", context)


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def checkin(request):
    """Today's (or a recent day's) check-in. HTMX swaps the Today card; plain POST redirects."""
    user = request.user
    today = user.local_today()
    day, refused = day_from_query(request.GET.get("date") or request.POST.get("date"), today)
    if refused:
        messages.error(
            request, gettext_lazy("That is not a day you can check in for. Nothing was saved.")
        )
        return redirect("recovery:today")
    status = 200
    if request.method == "POST":
        form = CheckInForm(request.POST, athlete=user, day=day)
        if form.is_valid():
            try:
                _, recommendation = services.checkin_save(
                    athlete=user, day=day, answers=form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
        if form.is_valid():
            if day != today:
                messages.success(
                    request,
                    gettext_lazy("Check-in for {value} saved.").format(value=day_words(day)),
                )
                return redirect("recovery:today")
            if request.htmx:
                response = render(
                    request,
                    "recovery/today.html#today-card",
                    _today_context(request, recommendation=recommendation, card_only=True),
                )
                response["HX-Trigger"] = "checkin-saved"
                return response
            messages.success(request, gettext_lazy("Check-in saved."))
            return redirect("recovery:today")
        status = 422
    else:
        if problem := checkin_day_problem(user, day):
            messages.error(request, problem)
            return redirect("recovery:today")
        form = CheckInForm.for_checkin(selectors.checkin_of(user, day))
    context = _today_context(request, form=form, day=day)
    wants_yesterday = request.method == "GET" and request.GET.get("start") == "yesterday"
    if wants_yesterday and not form.initial and context["yesterday"] and day == today:
        form = context["form"] = CheckInForm.starting_from(context["yesterday"])
        context["started_from_yesterday"] = True
    if day == today:
        context["downhill"] = downhill.follow_up(user, today)
    template = "recovery/today.html#today-card" if request.htmx else "recovery/today.html"
    return render(request, template, context, status=status)


@require_POST
def override_dismiss(request):
    """The athlete sets their coach's advice for a day aside: the engine's verdict applies."""
    today = request.user.local_today()
    day, _ = day_from_query(request.POST.get("date"), today)
    staff_services.override_dismiss(athlete=request.user, day=day)
    messages.success(request, gettext_lazy("Your coach's advice for that day is set aside."))
    return redirect("recovery:today")


def history(request):
    """Check-ins and verdicts of the last 28 days, with soreness against leg days."""
    today = request.user.local_today()
    days = selectors.history_days(request.user, end=today)
    chart_days = list(reversed(days))
    soreness = [day.soreness_max or 0 for day in chart_days]  # 0-10, drawn 14 px a point
    bars = [
        {**bar, "day": day}
        for bar, day in zip(
            bar_geometry(soreness, peak=10, bottom=150, top=30), chart_days, strict=True
        )
    ]
    context = {
        "days": days,
        "bars": bars,
        "has_checkins": any(day.checkin for day in days),
        "by_group": selectors.soreness_by_week(days),
        "week_starts": [days[start].date for start in range(0, len(days), 7)][::-1],
        "today": today,
        "editable_from": today - dt.timedelta(days=CHECKIN_EDITABLE_DAYS),
    }
    return render(request, "recovery/history.html", context)


def after_leg_day(request):
    """Where logging a leg day ends: tonight's recovery checklist (as the engine would give it
    for tomorrow's plan) and when tomorrow's reminder comes."""
    user = request.user
    now = timezone.now()
    inputs = background.background_today(user, now)
    tomorrow = user.local_today(now) + dt.timedelta(days=1)
    plan = inputs.next_plan if inputs.next_plan and inputs.next_plan.date == tomorrow else None
    keys = readiness.evening_checklist(
        goal=user.goal, fitness_level=user.fitness_level, run_soon=plan is not None
    )
    leg = inputs.leg_day(user, now)
    context = {
        "expected": outcomes.expected_next_morning(user, leg, inputs, now) if leg else [],
        "checklist": checklist(keys, user),
        "reminder": selectors.next_day_reminder(user),
        "plan": plan,
        "evening": planner.evening(user, user.local_today(now)),
        "here": request.get_full_path(),
    }
    return render(request, "recovery/after_leg_day.html", context)


@login_not_required  # public: the guidance behind every rule, for anyone to read
def guidance_list(request):
    articles = selectors.guidance_articles(current_thresholds()[0], get_language())
    return render(request, "recovery/guidance_list.html", {"articles": articles})


@login_not_required
def guidance_article(request, slug: str):
    """One article. One that is unpublished or gone sends to the library (every "Read more"
    and "Why" link keeps working when an admin withdraws or renames an article)."""
    article = selectors.guidance_article(slug, get_language())
    if article is None:
        messages.info(
            request,
            gettext_lazy("That article is not available now: here is the guidance library."),
        )
        return redirect("recovery:guidance")
    thresholds, _ = current_thresholds()
    article.summary = wording.fill(article.summary, thresholds)
    context = {
        "article": article,
        "body": mark_safe(  # noqa: S308 - sanitised by nh3
            markdown.render(wording.fill(article.body, thresholds))
        ),
        "references": mark_safe(markdown.render(article.references)),  # noqa: S308
    }
    return render(request, "recovery/guidance_article.html", context)
