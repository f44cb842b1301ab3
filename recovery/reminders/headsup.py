"""The heads-up the evening before a hard run planned inside a recovery window: to the
athlete (in the app, by email, by push, as they chose) and, as a copy, to their assigned
coach when that coach asked for plan heads-ups. It links to the planner, where the guard's
one-click fixes are (make it easy, move it, swap)."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.models import User
from accounts.selectors import assigned_coaches
from training.models import PlannedRun

from ..models import Notification, Reminder
from ..planning import selectors as planner
from ..planning import services as plans
from . import push
from .messages import send_templated


def heads_up_send(reminder: Reminder, connection, email_verified: bool) -> str | None:
    """Send the heads-up; None when there is nothing to say any more (the plan was fixed)."""
    athlete = reminder.athlete
    plan = PlannedRun.objects.filter(athlete=athlete, date=reminder.local_date).first()
    if plan is None:
        return None
    conflict = plans.plan_conflict(athlete, day=plan.date, run_type=plan.run_type, time=plan.time)
    if conflict is None:
        return None
    coaches = list(assigned_coaches(athlete).filter(coach_plan_alerts=True))
    verified = set(  # as for red-flag alerts: email only to a verified address
        EmailAddress.objects.filter(user__in=coaches, verified=True).values_list("email", flat=True)
    )
    recipients = [(athlete, athlete.remind_by_email and email_verified, athlete.remind_in_app)]
    recipients += [(c, c.remind_by_email and c.email in verified, True) for c in coaches]
    for person, by_email, in_app in recipients:
        with translation.override(person.language_code):  # each in their own language
            _send_one(reminder, plan, conflict, person, by_email, in_app, connection)
    with translation.override(settings.LANGUAGE_CODE):  # as the reminder row records it
        return _title(plan, athlete, own=True)


def _title(plan: PlannedRun, athlete: User, own: bool) -> str:
    what = gettext("{run} planned {day}").format(
        run=plan.get_run_type_display().lower(), day=date_format(plan.date, "l")
    )
    if own:
        return gettext("Heads-up: {what} falls inside your recovery window").format(what=what)
    return gettext("Heads-up: {name}'s {what} falls inside a recovery window").format(
        name=athlete.name, what=what
    )


def _send_one(reminder, plan, conflict, person, by_email: bool, in_app: bool, connection) -> None:
    athlete = reminder.athlete
    path = planner.week_url(athlete, person, plan.date)
    context = {
        "athlete": athlete,
        "own": person.pk == athlete.pk,
        "plan": plan,
        "conflict": conflict,
        "url": settings.SITE_URL.rstrip("/") + path,
    }
    title = _title(plan, athlete, own=person.pk == athlete.pk)
    if in_app:
        Notification.objects.bulk_create(
            [
                Notification(
                    reminder=reminder,
                    user=person,
                    about=None if person.pk == athlete.pk else athlete,
                    title=title,
                    url=path,
                )
            ],
            ignore_conflicts=True,
        )
    if by_email:
        send_templated(
            title, "recovery/reminders/email/plan_heads_up", context, person.email, connection
        )
    push.push_queue(
        reminder, [person], title=gettext("Heads-up for tomorrow"), body=title, path=path
    )
