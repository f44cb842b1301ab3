"""The reminder email: subject, plain and HTML bodies, one-click unsubscribe links."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext, pgettext

from accounts.models import User
from training.legdays import LegDay

from ..models import Reminder, ReminderKind
from ..verdict.presentation import verdict_card

UNSUBSCRIBE_SALT = "runready.reminders.unsubscribe"


def unsubscribe_token(athlete: User, kind: str) -> str:
    return signing.dumps({"u": athlete.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[User, str]:
    """The athlete and kind a token stands for; raises signing.BadSignature if tampered."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    athlete = User.objects.filter(pk=data.get("u")).first()
    if athlete is None or data.get("k") not in ReminderKind.values:
        raise signing.BadSignature("unknown athlete or kind")
    return athlete, data["k"]


def send_templated(subject: str, template: str, context: dict, to: str, connection=None) -> None:
    """Send `template`.txt with `template`.html as its HTML part (alerts and heads-ups)."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[to],
        connection=connection,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()


class ReminderMessage(EmailMultiAlternatives):
    verdict_line: str = ""
    headline: str = ""  # the verdict alone: all a push carries


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _subject(reminder: Reminder, verdict: dict, max_minutes: int, level: int, exercise: str) -> str:
    minutes = (
        gettext(", up to {max_minutes} min").format(max_minutes=max_minutes)
        if 1 < level < 4
        else ""
    )
    if reminder.kind == ReminderKind.NEXT_DAY:
        return gettext("Legs after yesterday's {exercise}? {value}{minutes}").format(
            exercise=exercise, value=verdict["short"], minutes=minutes
        )
    return gettext("Day 2 after {exercise}: {value}{minutes}").format(
        exercise=exercise, value=verdict["short"], minutes=minutes
    )


def compose(
    reminder: Reminder, recommendation, leg_day: LegDay | None, connection=None
) -> ReminderMessage:
    athlete = reminder.athlete
    name = leg_day.exercise.lower() if leg_day and leg_day.exercise else ""
    if not get_language().startswith("en"):
        name = ""  # exercise names are English content: "the leg day" in other languages
    exercise = (
        name + ("s" if not name.endswith("s") else "")
        if name
        else pgettext("reminder subject: legs after yesterday's …", "leg day")
    )
    card = verdict_card(recommendation, athlete)
    verdict = card["verdict"]
    subject = _subject(
        reminder, verdict, recommendation.max_minutes, recommendation.level, exercise
    )
    unsubscribe_url = _absolute(
        reverse("recovery:reminder_unsubscribe", args=[unsubscribe_token(athlete, reminder.kind)])
    )
    context = {
        "athlete": athlete,
        "reminder": reminder,
        **card,
        "today_url": _absolute(reverse("recovery:today")),
        "checkin_url": _absolute(reverse("recovery:checkin")),
        "settings_url": _absolute(reverse("accounts:account_settings")),
        "unsubscribe_url": unsubscribe_url,
    }
    message = ReminderMessage(
        subject=subject,
        body=render_to_string("recovery/reminders/email/reminder.txt", context),
        to=[athlete.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("recovery/reminders/email/reminder.html", context), "text/html"
    )
    message.verdict_line = f"{verdict['headline']}. {verdict['detail']}"
    message.headline = verdict["headline"]
    return message
