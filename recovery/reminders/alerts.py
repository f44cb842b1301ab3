"""Red-flag alerts to the athlete's gym staff: queued once per athlete and day when a warning
sign is answered, and sent through the reminders' outbox (the same rows, locks and retries), so
a worker that dies mid-send still gives exactly one alert."""

import datetime as dt

from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import User
from accounts.selectors import staff_seeing
from training.units import day_words

from ..models import Notification, Reminder, ReminderKind
from . import push
from .messages import send_templated


def alert_queue(athlete: User, day: dt.date) -> None:
    """Queue the staff alert of `athlete`'s `day`, due now, unless one exists already or nobody
    is there to tell."""
    if staff_seeing(athlete).exists():
        Reminder.objects.get_or_create(
            athlete=athlete,
            kind=ReminderKind.RED_FLAG_ALERT,
            local_date=day,
            defaults={"due_at": timezone.now()},
        )


def alert_send(reminder: Reminder, connection=None) -> str:
    """Tell every staff member of the athlete's gyms: in the app always, by email when they
    keep email on and verified their address. Returns the subject. The email and the push
    say that a warning sign was answered, never which one: health data stays behind the
    sign-in, on the athlete's page."""
    athlete = reminder.athlete
    staff = list(User.objects.filter(pk__in=staff_seeing(athlete).values("user"), is_active=True))
    path = reverse("recovery:coach_athlete", args=[athlete.pk])
    context = {
        "athlete": athlete,
        "day": reminder.local_date,
        "url": settings.SITE_URL.rstrip("/") + path,
    }
    verified = set(
        EmailAddress.objects.filter(user__in=staff, verified=True).values_list("email", flat=True)
    )
    for person in staff:
        with translation.override(person.language_code):  # each in their own language
            subject = _subject(athlete, reminder.local_date)
            Notification.objects.bulk_create(
                [
                    Notification(
                        reminder=reminder, user=person, about=athlete, title=subject, url=path
                    )
                ],
                ignore_conflicts=True,  # one per alert and person
            )
            push.push_queue(
                reminder,
                [person],
                title=gettext("Red flag"),
                body=gettext("{name} answered a warning sign. Open their page.").format(
                    name=athlete.name
                ),
                path=path,
            )
            if person.remind_by_email and person.email in verified:
                send_templated(
                    subject,
                    "recovery/reminders/email/red_flag_alert",
                    context,
                    person.email,
                    connection,
                )
    with translation.override(settings.LANGUAGE_CODE):  # as the reminder row records it
        return _subject(athlete, reminder.local_date)


def _subject(athlete: User, day: dt.date) -> str:
    return gettext("Red flag: {name} answered a warning sign ({day})").format(
        name=athlete.name, day=day_words(day)
    )
