"""Athlete home (Today and the check-in) and the staff area."""

import csv
import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.forms import InvitationForm
from accounts.models import Membership, Role
from accounts.services import csv_safe
from training import selectors as training_selectors
from training import views as training_views
from training.fragments import trends_html
from training.models import PlannedRun

from . import markdown, reminders, selectors, services, wording
from .forms import CheckInForm, NoteForm, OverrideForm, PlanForm
from .models import CheckIn, CoachNote, GuidanceArticle, Notification, Override, ReminderKind

CHECKIN_EDITABLE_DAYS = 14


def _today_context(request, *, form=None, day=None, recommendation=None) -> dict:
    """Everything the Today card shows (`recommendation`: today's, when just computed).
    A fixed number of queries, whatever the history."""
    user = request.user
    now = timezone.now()
    today = services.local_today(user, now)
    recommendation = recommendation or services.recommendation_for_today(user, now=now)
    background = services.background_today(user, now)  # cached: read with the verdict
    plan, leg = background.next_plan, background.leg_day(user, now)
    planned = plan if plan and plan.date == today else None
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
    status = 200
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if day > today:
            form.add_error(None, "You can't check in for a day that hasn't started yet.")
        elif day < today - dt.timedelta(days=CHECKIN_EDITABLE_DAYS):
            form.add_error(None, f"Check-ins can be changed for {CHECKIN_EDITABLE_DAYS} days.")
        if form.is_valid():
            try:
                _, recommendation = services.checkin_save(
                    athlete=request.user, day=day, answers=form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
        if form.is_valid():
            if day != today:
                messages.success(request, f"Check-in for {day:%a %d %b} saved.")
                return redirect("today")
            if request.htmx:
                response = render(
                    request,
                    "recovery/today.html#today-card",
                    _today_context(request, recommendation=recommendation),
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
        existing = CheckIn.objects.filter(athlete=request.user, local_date=day).first()
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


ROSTER_PAGE_SIZE = 50


def _roster(request, now, **filters):
    """The staff member's roster, filtered and sorted, and its length when known already."""
    total = services.roster_heal(request.user, now=now)
    unfiltered = not any(value for name, value in filters.items() if name != "sort")
    return selectors.roster(request.user, **filters), total if unfiltered else None


@vary_on_headers("HX-Request")
def coach_roster(request):
    """Every athlete of the staff member's gyms with today's traffic light and flags."""
    _require_staff(request)
    now = timezone.now()
    coaches = list(
        Membership.objects.filter(
            gym__in=account_selectors.staff_gyms(request.user), role__in=Role.staff_roles()
        )
        .select_related("user")
        .order_by("user__display_name", "user__email")
    )
    coach_id = request.GET.get("coach", "")
    coach = next((m.user for m in coaches if str(m.user_id) == coach_id), None)
    sort = request.GET.get("sort", "flagged")
    flag = request.GET.get("flag", "")
    athletes, total = _roster(
        request, now, sort=sort, flag=flag, coach=coach, query=request.GET.get("q", "").strip()
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
    template = "recovery/roster.html#roster-table" if request.htmx else "recovery/roster.html"
    return render(request, template, context)


def coach_roster_csv(request):
    """Managers: the roster as CSV, with spreadsheet formulas neutralised."""
    _require_staff(request)
    if Role.MANAGER not in request.user.staff_roles:
        raise PermissionDenied("Only managers can export the roster.")
    now = timezone.now()
    rows = selectors.roster_rows(_roster(request, now, sort="name")[0], now)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="runready-roster.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "name",
            "email",
            "today",
            "last check-in",
            "hours since leg day",
            "next planned run",
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
                    row.checkin_at.isoformat() if row.checkin_at else "",
                    f"{row.hours_since_leg:.0f}" if row.hours_since_leg is not None else "",
                    f"{row.plan_date} {row.plan_type} {row.plan_minutes} min"
                    if row.plan_date
                    else "",
                    "; ".join(row.flag_labels),
                )
            ]
        )
    return response


def _staff_athlete(request, athlete_id: int):
    # Not staff, or not their athlete: either way the athlete doesn't exist for them (404).
    return get_object_or_404(account_selectors.athletes_for_staff(request.user), pk=athlete_id)


def coach_athlete(request, athlete_id: int):
    athlete = _staff_athlete(request, athlete_id)
    today = services.local_today(athlete)
    context = {
        "athlete": athlete,
        "today": today,
        "sessions": training_selectors.history(athlete)[:10],
        "days": selectors.history_days(athlete, end=today, days=14),
        "recommendation": services.recommendation_for_today(athlete),
        "trends": trends_html(request, athlete),
        "plans": training_selectors.upcoming_plans(athlete, today),
        "notes": CoachNote.objects.filter(
            athlete=athlete, gym__in=account_selectors.staff_gyms(request.user)
        ).select_related("author", "gym"),
        "note_form": NoteForm(),
        "override_form": OverrideForm(initial={"date": today, "level": 3, "max_minutes": 40}),
        "plan_form": PlanForm(initial={"date": today + dt.timedelta(days=1), "minutes": 45}),
        "overrides": Override.objects.filter(athlete=athlete, local_date__gte=today).select_related(
            "author"
        ),
    }
    context["rules"] = wording.explained_rules(context["recommendation"].fired)
    context["verdict"] = wording.verdict(
        context["recommendation"].level,
        context["recommendation"].max_minutes,
        context["recommendation"].rpe_cap,
        context["recommendation"].urgency,
    )
    return render(request, "recovery/athlete.html", context)


@require_POST
def coach_note_add(request, athlete_id: int):
    athlete = _staff_athlete(request, athlete_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(staff=request.user, athlete=athlete, body=form.cleaned_data["body"])
        messages.success(request, "Note saved.")
    else:
        messages.error(request, "Nothing was saved: " + " ".join(form.errors.get("body", [])))
    return redirect("coach_athlete", athlete_id=athlete.pk)


@require_POST
def coach_override(request, athlete_id: int):
    athlete = _staff_athlete(request, athlete_id)
    if "clear" in request.POST:
        try:
            day = dt.date.fromisoformat(request.POST["clear"])
        except ValueError:
            return redirect("coach_athlete", athlete_id=athlete.pk)
        services.override_clear(staff=request.user, athlete=athlete, day=day)
        messages.success(request, "Override removed: the engine's advice applies again.")
        return redirect("coach_athlete", athlete_id=athlete.pk)
    form = OverrideForm(request.POST)
    today = services.local_today(athlete)
    if form.is_valid() and form.cleaned_data["date"] < today:
        form.add_error("date", "Set advice for today or a later day.")
    if form.is_valid():
        data = form.cleaned_data
        services.override_set(
            staff=request.user,
            athlete=athlete,
            day=data["date"],
            level=data["level"],
            max_minutes=data["max_minutes"],
            note=data["note"],
        )
        messages.success(
            request, f"{athlete.name} will see your advice for {data['date']:%a %d %b}."
        )
    else:
        errors = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
            for f, e in form.errors.items()
        )
        messages.error(request, f"Nothing was saved. {errors}")
    return redirect("coach_athlete", athlete_id=athlete.pk)


@require_POST
def coach_plan(request, athlete_id: int):
    """Plan a run on the athlete's behalf (recorded as entered by the staff member)."""
    athlete = _staff_athlete(request, athlete_id)
    form = PlanForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.planned_run_save(
                athlete=athlete,
                entered_by=request.user,
                day=data["date"],
                run_type=data["run_type"],
                minutes=data["minutes"],
            )
        except ValidationError as error:
            messages.error(request, "Nothing was saved: " + " ".join(error.messages))
        else:
            warning = services.plan_conflict(athlete, day=data["date"], run_type=data["run_type"])
            messages.success(
                request,
                "Run planned."
                + (
                    " It falls inside the athlete's recovery window after a hard leg day."
                    if warning
                    else ""
                ),
            )
    else:
        messages.error(
            request,
            "Nothing was saved: " + " ".join(e for errors in form.errors.values() for e in errors),
        )
    return redirect("coach_athlete", athlete_id=athlete.pk)


def coach_log_strength(request, athlete_id: int):
    """Staff log a strength session on the athlete's behalf (recorded as entered by them)."""
    return training_views.strength_form(request, athlete=_staff_athlete(request, athlete_id))


def coach_log_run(request, athlete_id: int):
    return training_views.run_form(request, athlete=_staff_athlete(request, athlete_id))


@require_POST
def coach_staff_remove(request, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("gym", "user"),
        pk=membership_id,
        gym__in=account_selectors.managed_gyms(request.user),
    )
    try:
        account_services.staff_remove(by=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{membership.user.name} no longer has access to {membership.gym}."
        )
    return redirect("coach_invite")


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
    staff = Membership.objects.filter(
        gym__in=account_selectors.managed_gyms(request.user), role__in=Role.staff_roles()
    ).select_related("user", "gym")
    context = {"form": form, "invitations": invitations, "staff": staff}
    return render(request, "recovery/invite.html", context, status=422 if form.errors else 200)


@require_POST
def coach_invite_revoke(request, invitation_id: int):
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
