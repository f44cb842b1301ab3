"""The private calendar feed (`/calendar/<token>.ics`, icalendar): an athlete's planned runs
and leg days, logged sessions, and "quality running OK from …" after each hard leg day, in
their time zone; for staff, also their athletes' planned sessions (in each athlete's zone).
Whoever holds the address reads it: no sign-in, and a reset makes the old one 404."""

import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from icalendar import Calendar, Event

from accounts.models import User
from accounts.selectors import athletes_for_staff, calendar_feed_by_token
from training.models import PlannedLegDay, PlannedRun

from . import selectors as planner

PAST = dt.timedelta(days=60)
AHEAD = dt.timedelta(days=120)
DOMAIN = "runready"


def _event(uid: str, summary: str, start, end, description: str = "") -> Event:
    event = Event()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end)
    if description:
        event.add("description", description)
    return event


def _plan_event(plan, tz, who: str = "") -> Event:
    if plan.kind == "run":
        what = gettext("{run} run, {minutes} min").format(
            run=plan.get_run_type_display(), minutes=plan.minutes
        )
        minutes = plan.minutes
    else:
        what = gettext_lazy("{intensity} leg day").format(intensity=plan.get_intensity_display())
        minutes = 60
    summary = gettext_lazy("{who}Planned: {what}").format(who=who, what=what)
    exercises = ", ".join(e.name for e in plan.exercises.all()) if plan.kind == "leg" else ""
    if plan.time is None:  # all day
        return _event(f"plan-{plan.kind}-{plan.pk}", summary, plan.date,
                      plan.date + dt.timedelta(days=1), exercises)  # fmt: skip
    start = dt.datetime.combine(plan.date, plan.time, tzinfo=tz)
    return _event(
        f"plan-{plan.kind}-{plan.pk}",
        summary,
        start,
        start + dt.timedelta(minutes=minutes),
        exercises,
    )


def feed(user: User) -> bytes:
    tz = user.tz
    today = user.local_today()
    first, last = today - PAST, today + AHEAD
    calendar = Calendar()
    calendar.add("prodid", "-//RunReady//Training//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", gettext_lazy("RunReady — {name}").format(name=user.name))
    calendar.add("x-wr-timezone", user.time_zone)
    found = planner.span(user, first, last)
    for plan in found.plans:
        if first <= plan.date <= last:
            calendar.add_component(_plan_event(plan, tz))
    for session in found.done:
        start = session.started_at.astimezone(tz)
        if not first <= start.date() <= last:
            continue
        if session.kind == "run":
            summary = gettext("{run} run, {km:.1f} km").format(
                run=session.get_run_type_display(), km=(session.distance_m or 0) / 1000
            )
        else:
            summary = gettext("Leg day") if session.is_leg_day else gettext("Strength session")
        end = start + dt.timedelta(seconds=session.duration_s)
        calendar.add_component(_event(f"session-{session.pk}", summary, start, end))
    for leg in found.items:
        if leg.kind != "leg" or not leg.hard or not first <= leg.day <= last:
            continue
        safe = leg.safe_from.astimezone(tz)
        calendar.add_component(
            _event(
                f"quality-{leg.ref.replace(':', '-')}",
                gettext_lazy("Quality running OK from {safe:%H:%M}").format(safe=safe),
                safe,
                safe + dt.timedelta(minutes=30),
                gettext_lazy(
                    "{wait_h:g} h after the {label}: intervals, tempo, hills, long runs and races are fine again."
                ).format(wait_h=leg.wait_h, label=leg.label),
            )
        )
    if user.is_gym_staff:
        _staff_plans(calendar, user, today)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _staff_plans(calendar: Calendar, staff: User, today: dt.date) -> None:
    athletes = {a.pk: a for a in athletes_for_staff(staff).exclude(pk=staff.pk)}
    window = {"athlete__in": list(athletes), "date__range": (today - PAST, today + AHEAD)}
    plans: list[PlannedRun | PlannedLegDay] = [
        *PlannedRun.objects.filter(**window),
        *PlannedLegDay.objects.filter(**window).prefetch_related("exercises"),
    ]
    for plan in plans:
        athlete = athletes[plan.athlete_id]
        event = _plan_event(plan, athlete.tz, who=f"{athlete.name}: ")
        event["uid"] = f"staff-{staff.pk}-{event['uid']}"
        calendar.add_component(event)


@login_not_required  # the address is the key
def calendar_feed(request, token: str):
    """The feed of whoever `token` belongs to; 404 for an unknown or reset one."""
    found = calendar_feed_by_token(token)
    if found is None:
        raise Http404(gettext_lazy("No such calendar."))
    with translation.override(found.user.language_code):  # the owner's, not the fetcher's
        body = feed(found.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="runready.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
