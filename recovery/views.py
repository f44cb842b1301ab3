"""Athlete home (Today and the check-in) and the staff area."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.forms import InvitationForm
from accounts.models import Role
from training import selectors as training_selectors
from training.models import PlannedRun

from . import markdown, reminders, selectors, services, wording
from .forms import CheckInForm, PlanForm
from .models import CheckIn, GuidanceArticle, Notification, ReminderKind

CHECKIN_EDITABLE_DAYS = 14


def _today_context(request, *, form=None, day=None) -> dict:
    """Everything the Today card shows. A fixed number of queries, whatever the history."""
    user = request.user
    now = timezone.now()
    today = services.local_today(user, now)
    recommendation = services.recommendation_for_today(user, now=now)
    planned = PlannedRun.objects.filter(athlete=user, date=today).first()
    leg = training_selectors.latest_leg_day(user, now=now)
    return {
        "today": today,
        "day": day or today,
        "recommendation": recommendation,
        "verdict": wording.verdict(
            recommendation.level,
            recommendation.max_minutes,
            recommendation.rpe_cap,
            recommendation.urgency,
            planned,
        ),
        "avoid": [wording.AVOID_WORDS.get(key, key) for key in recommendation.avoid],
        "checklist": [
            wording.checklist_words(key, user.body_mass_kg) for key in recommendation.checklist
        ],
        "rules": wording.explained_rules(recommendation.fired),
        "planned": planned,
        "hours_since_leg": (now - leg.ended_at).total_seconds() / 3600 if leg else None,
        "form": form,
    }


@vary_on_headers("HX-Request")
def today(request):
    context = _today_context(request)
    if context["recommendation"].provisional:
        context["form"] = CheckInForm()
    return render(request, "recovery/today.html", context)


def _checkin_day(request) -> dt.date:
    today = services.local_today(request.user)
    raw = request.GET.get("date") or request.POST.get("date")
    if not raw:
        return today
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return today


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def checkin(request):
    """Today's (or a recent day's) check-in. HTMX swaps the Today card; plain POST redirects."""
    day = _checkin_day(request)
    today = services.local_today(request.user)
    existing = CheckIn.objects.filter(athlete=request.user, local_date=day).first()
    status = 200
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if day > today:
            form.add_error(None, "You can't check in for a day that hasn't started yet.")
        elif day < today - dt.timedelta(days=CHECKIN_EDITABLE_DAYS):
            form.add_error(None, f"Check-ins can be changed for {CHECKIN_EDITABLE_DAYS} days.")
        if form.is_valid():
            try:
                services.checkin_save(athlete=request.user, day=day, answers=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
        if form.is_valid():
            if day != today:
                messages.success(request, f"Check-in for {day:%a %d %b} saved.")
                return redirect("today")
            if request.htmx:
                response = render(
                    request, "recovery/today.html#today-card", _today_context(request)
                )
                response["HX-Trigger"] = "checkin-saved"
                return response
            messages.success(request, "Check-in saved.")
            return redirect("today")
        status = 422
    else:
        if day > today:
            messages.error(request, "You can't check in for a day that hasn't started yet.")
            return redirect("today")
        form = CheckInForm(initial=CheckInForm.initial_from(existing) if existing else None)
    context = _today_context(request, form=form, day=day)
    template = "recovery/today.html#today-card" if request.htmx else "recovery/today.html"
    return render(request, template, context, status=status)


def history(request):
    """Check-ins and verdicts of the last 28 days, with soreness against leg days."""
    today = services.local_today(request.user)
    days = selectors.history_days(request.user, end=today)
    chart_days = list(reversed(days))
    slot = 600 / len(chart_days)
    bars = [
        {
            "day": day,
            "x": round(i * slot + slot * 0.15, 1),
            "width": round(slot * 0.7, 1),
            "height": round(14 * (day.soreness_max or 0), 1),
            "y": round(150 - 14 * (day.soreness_max or 0), 1),
            "label_x": round(i * slot + slot / 2, 1),
        }
        for i, day in enumerate(chart_days)
    ]
    context = {
        "days": days,
        "bars": bars,
        "today": today,
        "editable_from": today - dt.timedelta(days=CHECKIN_EDITABLE_DAYS),
    }
    return render(request, "recovery/history.html", context)


@require_http_methods(["GET", "POST"])
def plan_new(request):
    """Plan a run. A hard run inside the quality window of a hard leg day gets a warning
    with one-click fixes: make it easy, or move it to the first safe day."""
    today = services.local_today(request.user)
    form = PlanForm(
        request.POST or None, initial={"date": today + dt.timedelta(days=1), "minutes": 45}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        resolve = request.POST.get("resolve")
        conflict = services.plan_conflict(request.user, day=data["date"], run_type=data["run_type"])
        if conflict and resolve == "make_easy":
            data["run_type"], conflict = "easy", None
        elif conflict and resolve == "move":
            data["date"], conflict = conflict.first_safe_day, None
        elif resolve == "keep":
            conflict = None
        if conflict is None:
            try:
                plan = services.planned_run_save(
                    athlete=request.user,
                    entered_by=request.user,
                    day=data["date"],
                    run_type=data["run_type"],
                    minutes=data["minutes"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, f"Planned: {plan}.")
                return redirect("training:history")
    status = 422 if form.errors else 200
    return render(
        request, "recovery/plan_form.html", {"form": form, "conflict": conflict}, status=status
    )


@require_POST
def plan_delete(request, pk: int):
    plan = get_object_or_404(PlannedRun, pk=pk, athlete=request.user)
    services.planned_run_delete(plan=plan)
    messages.success(request, f"Removed the plan: {plan}.")
    return redirect("training:history")


def _require_staff(request) -> None:
    if not request.user.is_gym_staff:
        raise PermissionDenied("This page is for gym staff.")


def coach_roster(request):
    _require_staff(request)
    athletes = account_selectors.athletes_for_staff(request.user).order_by("display_name", "email")
    return render(request, "recovery/roster.html", {"athletes": athletes})


def coach_athlete(request, athlete_id: int):
    _require_staff(request)
    athlete = get_object_or_404(account_selectors.athletes_for_staff(request.user), pk=athlete_id)
    return render(request, "recovery/athlete.html", {"athlete": athlete})


def coach_invite(request):
    _require_staff(request)
    gyms = account_selectors.staff_gyms(request.user).distinct()
    roles = {
        role for gym in gyms for role in account_services.roles_user_may_invite(request.user, gym)
    }
    form = InvitationForm(
        request.POST or None, gyms=gyms, roles=roles, initial={"role": Role.ATHLETE}
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = account_services.invitation_create(
                created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(
                request,
                f"Invitation created. Share the link or the code {invitation.code}; "
                "it works once and expires in 7 days.",
            )
            return redirect("coach_invite")
    invitations = account_selectors.invitations_for_staff(request.user).pending()
    context = {"form": form, "invitations": invitations}
    return render(request, "recovery/invite.html", context, status=422 if form.errors else 200)


@require_POST
def coach_invite_revoke(request, invitation_id: int):
    _require_staff(request)
    invitation = get_object_or_404(
        account_selectors.invitations_for_staff(request.user), pk=invitation_id
    )
    try:
        account_services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Invitation {invitation.code} revoked.")
    return redirect("coach_invite")


def guidance_list(request):
    articles = GuidanceArticle.objects.filter(published=True).only("slug", "title", "summary")
    return render(request, "recovery/guidance_list.html", {"articles": articles})


def guidance_article(request, slug: str):
    article = get_object_or_404(GuidanceArticle, slug=slug, published=True)
    context = {
        "article": article,
        "body": mark_safe(markdown.render(article.body)),  # noqa: S308 - sanitised by nh3
        "references": mark_safe(markdown.render(article.references)),  # noqa: S308
    }
    return render(request, "recovery/guidance_article.html", context)


@login_not_required
@csrf_exempt  # mail clients' one-click unsubscribe (RFC 8058) can't send a CSRF token
@require_http_methods(["GET", "POST"])
def reminder_unsubscribe(request, token: str):
    """GET shows what will be switched off; POST (a button, or a mail client's one-click) does it."""
    try:
        athlete, kind = reminders.unsubscribe_read(token)
    except signing.BadSignature:
        return render(request, "recovery/unsubscribe.html", {"invalid": True}, status=400)
    label = ReminderKind(kind).label.lower()
    if request.method == "POST":
        reminders.unsubscribe(athlete=athlete, kind=kind)
        return render(request, "recovery/unsubscribe.html", {"done": True, "label": label})
    return render(request, "recovery/unsubscribe.html", {"label": label, "email": athlete.email})


def notifications(request):
    items = Notification.objects.filter(user=request.user)[:50]
    return render(request, "recovery/notifications.html", {"items": items})


def notifications_bell(request):
    """HTMX: the bell with its unread count (polled every minute)."""
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(request, "components/_bell.html", {"unread": unread})


@require_POST
def notification_read(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or "notifications")


@require_POST
def notifications_read_all(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(request, "All notifications marked as read.")
    return redirect("notifications")
