"""Reads for the athlete's recovery pages: a day's check-in, the history with verdicts, the
next reminder, the guidance library; and the data export."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    F,
    Prefetch,
)
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy

from training.models import Session

from .engine import wording
from .models import (
    RED_FLAG_FIELDS,
    SORENESS_FIELDS,
    CheckIn,
    GuidanceArticle,
    GuidanceTranslation,
    Notification,
    Override,
    Recommendation,
    RedFlagAnswer,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from .verdict.downhill import against_advice

HISTORY_DAYS = 28
# Short names of the warning signs, for the history and the coach's page.
RED_FLAG_LABELS = {
    "dark_urine": gettext_lazy("dark urine"),
    "no_urine": gettext_lazy("no urine"),
    "severe_pain_or_swelling": gettext_lazy("severe pain or swelling"),
    "true_weakness": gettext_lazy("true weakness"),
    "joint_or_bone_pain": gettext_lazy("joint or bone pain"),
    "acute_injury": gettext_lazy("acute injury"),
    "cardiac_symptoms": gettext_lazy("chest or heart symptoms"),
    "systemic_illness": gettext_lazy("feeling unwell"),
    "confusion": "confusion",
}


@dataclass(frozen=True)
class HistoryDay:
    date: dt.date
    checkin: CheckIn | None
    recommendation: Recommendation | None
    leg_day: bool
    red_flags: tuple[str, ...] = ()  # answered that day, kept when the check-in changed since
    downhill: object = None  # a run with a large descent against that day's advice

    @property
    def soreness_max(self) -> int | None:
        return self.checkin.soreness_max if self.checkin else None

    @property
    def level_name(self) -> str:
        if not self.recommendation:
            return ""
        return wording.level_name(self.recommendation.level)


def soreness_by_week(days: list[HistoryDay]) -> list[dict]:
    """Each muscle group's worst soreness in each week of `days` (newest first, 7 days a
    week), as a table: [{"group": "quads", "weeks": [3, None, 5, 1]}, …] with the oldest week
    first; None where no check-in that week."""
    weeks = [days[start : start + 7] for start in range(0, len(days), 7)][::-1]
    rows = []
    for group in SORENESS_FIELDS:
        worst = [
            max((day.checkin.soreness[group] for day in week if day.checkin), default=None)
            for week in weeks
        ]
        rows.append({"group": group, "weeks": worst})
    return rows


def history_days(athlete, *, end: dt.date, days: int = HISTORY_DAYS) -> list[HistoryDay]:
    """The `days` days up to `end`, newest first: check-in, verdict, and whether it was a leg
    day, the red flags answered that day, and a downhill run against the day's advice. Six
    queries, whatever the history."""
    start = end - dt.timedelta(days=days - 1)
    checkins = {
        c.local_date: c
        for c in CheckIn.objects.filter(athlete=athlete, local_date__range=(start, end))
    }
    recommendations = {
        r.local_date: r
        for r in Recommendation.objects.filter(
            athlete=athlete, local_date__range=(start, end)
        ).defer("inputs")
    }
    leg_dates = set(
        Session.objects.leg_days()
        .filter(athlete=athlete)
        .annotate(day=TruncDate("started_at", tzinfo=athlete.tz))
        .filter(day__range=(start, end))
        .values_list("day", flat=True)
    )
    flagged: dict[dt.date, list[str]] = {}
    for day, flag in RedFlagAnswer.objects.filter(
        athlete=athlete, local_date__range=(start, end)
    ).values_list("local_date", "flag"):
        flagged.setdefault(day, []).append(str(RED_FLAG_LABELS.get(flag, flag)))
    downhill = against_advice(athlete, start, end)
    return [
        HistoryDay(
            date=day,
            checkin=checkins.get(day),
            recommendation=recommendations.get(day),
            leg_day=day in leg_dates,
            red_flags=tuple(flagged.get(day, ())),
            downhill=downhill.get(day),
        )
        for day in (end - dt.timedelta(days=i) for i in range(days))
    ]


def checkin_of(athlete, day: dt.date) -> CheckIn | None:
    """The athlete's check-in for `day`, if given."""
    return CheckIn.objects.filter(athlete=athlete, local_date=day).first()


def next_day_reminder(athlete) -> Reminder | None:
    """The athlete's next pending "run tomorrow?" reminder."""
    return (
        Reminder.objects.filter(
            athlete=athlete, status=ReminderStatus.PENDING, kind=ReminderKind.NEXT_DAY
        )
        .order_by("due_at")
        .first()
    )


def guidance_articles(thresholds, language: str) -> list[GuidanceArticle]:
    """The published guidance in `language` where translated (English otherwise), its
    summaries with the numbers of the thresholds in force."""
    articles = list(
        GuidanceArticle.objects.filter(published=True)
        .only("slug", "title", "summary")
        .prefetch_related(_in_language(language))
    )
    for article in articles:
        _translate(article)
        article.summary = wording.fill(article.summary, thresholds)
    return articles


def guidance_article(slug: str, language: str) -> GuidanceArticle | None:
    """The published article at `slug`, if there is one, in `language` where translated
    (`article.language` says which language it is in)."""
    article = (
        GuidanceArticle.objects.filter(slug=slug, published=True)
        .prefetch_related(_in_language(language))
        .first()
    )
    if article is not None:
        _translate(article)
    return article


def _in_language(language: str) -> Prefetch:
    return Prefetch(
        "translations",
        queryset=GuidanceTranslation.objects.filter(language=language),
        to_attr="in_language",
    )


def _translate(article: GuidanceArticle) -> None:
    """The article's words in the prefetched language, if it has them (English stays)."""
    article.language = settings.LANGUAGE_CODE  # type: ignore[attr-defined]
    for translation in article.in_language:  # type: ignore[attr-defined]
        article.title, article.summary = translation.title, translation.summary
        article.body, article.language = translation.body, translation.language  # type: ignore[attr-defined]


def export_tables(user) -> dict[str, list[dict]]:
    checkins = list(
        CheckIn.objects.filter(athlete=user)
        .order_by("local_date")
        .values(
            "local_date",
            *RED_FLAG_FIELDS,
            "can_walk_normally",
            *SORENESS_FIELDS,
            "sleep_quality",
            "energy",
            "note",
        )
    )
    recommendations = list(
        Recommendation.objects.filter(athlete=user)
        .order_by("local_date")
        .values(
            "local_date",
            "level",
            "max_minutes",
            "rpe_cap",
            "avoid",
            "checklist",
            "urgency",
            "provisional",
            "threshold_version",
            rules=F("fired"),
        )
    )
    overrides = list(
        Override.objects.filter(athlete=user)
        .order_by("local_date")
        .values("local_date", "level", "max_minutes", "note", coach=F("author__display_name"))
    )
    red_flags = list(
        RedFlagAnswer.objects.filter(athlete=user)
        .order_by("local_date", "flag")
        .values("local_date", "flag", "answered_at")
    )
    reminders = list(
        Reminder.objects.filter(athlete=user)
        .order_by("due_at")
        .values("kind", "local_date", "due_at", "status", "sent_at", "subject")
    )
    notifications = list(
        Notification.objects.filter(user=user)
        .order_by("created_at")
        .values("title", "body", "url", "created_at", "read_at")
    )
    return {
        "checkins": checkins,
        "recommendations": recommendations,
        "red_flag_answers": red_flags,
        "coach_overrides": overrides,
        "reminders": reminders,
        "notifications": notifications,
    }


def export_answer(sender, *, user, **kwargs) -> dict[str, list[dict]]:
    """Receiver of `accounts.signals.export_requested`: this app's tables of `user`."""
    return export_tables(user)
