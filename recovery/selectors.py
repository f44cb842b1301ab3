"""Reads for recovery pages: check-in history with verdicts, and the data export."""

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Greatest, TruncDate

from training.models import Session

from . import wording
from .models import RED_FLAG_FIELDS, SORENESS_FIELDS, CheckIn, Recommendation
from .readiness import Level

HISTORY_DAYS = 28


@dataclass(frozen=True)
class HistoryDay:
    date: dt.date
    checkin: CheckIn | None
    recommendation: Recommendation | None
    leg_day: bool

    @property
    def soreness_max(self) -> int | None:
        return self.checkin.soreness_max if self.checkin else None

    @property
    def level_name(self) -> str:
        if not self.recommendation:
            return ""
        return Level(self.recommendation.level).name.replace("_", " ").capitalize()


def history_days(athlete, *, end: dt.date, days: int = HISTORY_DAYS) -> list[HistoryDay]:
    """The `days` days up to `end`, newest first: check-in, verdict, and whether it was a leg
    day. Three queries, whatever the history."""
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
    return [
        HistoryDay(
            date=day,
            checkin=checkins.get(day),
            recommendation=recommendations.get(day),
            leg_day=day in leg_dates,
        )
        for day in (end - dt.timedelta(days=i) for i in range(days))
    ]


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
    return {"checkins": checkins, "recommendations": recommendations}


# --- Staff roster ---------------------------------------------------------------------

FLAG_LABELS = {
    "red_flag": "Red flag answered",
    "sore_7": "Soreness 7+",
    "cant_walk": "Can't walk normally",
    "no_checkin": "No check-in for 2+ days",
    "hard_run_in_window": "Hard run in recovery window",
    "not_resolving": "Soreness not resolving",
    "wellness_low": "Wellness far below normal",
}
LIGHT_ORDER = {"red": 0, "amber": 1, "grey": 2, "green": 3}
WELLNESS_RED_Z = -2.0


@dataclass
class RosterRow:
    athlete: object
    light: str
    flags: list[str]
    checkin_at: dt.datetime | None
    hours_since_leg: float | None
    plan_date: dt.date | None
    plan_type: str
    plan_minutes: int | None
    verdict: str

    @property
    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS[flag] for flag in self.flags]


def _latest(model_queryset, field: str):
    return Subquery(model_queryset.values(field)[:1])


def roster_queryset(staff, now: dt.datetime):
    """Every athlete `staff` may see, annotated with what the roster shows: one query."""
    from accounts.selectors import athletes_for_staff
    from training.models import PlannedRun

    checkin = (
        CheckIn.objects.filter(athlete=OuterRef("pk"))
        .order_by("-local_date")
        .annotate(
            any_red_flag=ExpressionWrapper(
                reduce(operator.or_, (Q(**{name: True}) for name in RED_FLAG_FIELDS)),
                output_field=BooleanField(),
            ),
            worst=Greatest(*SORENESS_FIELDS),
        )
    )
    recommendation = Recommendation.objects.filter(athlete=OuterRef("pk")).order_by("-local_date")
    leg_day = (
        Session.objects.leg_days()
        .filter(athlete=OuterRef("pk"), started_at__lte=now)
        .order_by("-started_at")
    )
    plan = PlannedRun.objects.filter(
        athlete=OuterRef("pk"), date__gte=(now - dt.timedelta(days=1)).date()
    ).order_by("date")
    return athletes_for_staff(staff).annotate(
        ci_date=_latest(checkin, "local_date"),
        ci_at=_latest(checkin, "updated_at"),
        ci_red_flag=_latest(checkin, "any_red_flag"),
        ci_worst=_latest(checkin, "worst"),
        ci_walk=_latest(checkin, "can_walk_normally"),
        rec_date=_latest(recommendation, "local_date"),
        rec_level=_latest(recommendation, "level"),
        rec_minutes=_latest(recommendation, "max_minutes"),
        rec_not_resolving=_latest(recommendation, "non_resolving"),
        rec_wellness_z=_latest(recommendation, "wellness_z"),
        leg_started=_latest(leg_day, "started_at"),
        leg_seconds=_latest(leg_day, "duration_s"),
        plan_date=_latest(plan, "date"),
        plan_type=_latest(plan, "run_type"),
        plan_minutes=_latest(plan, "minutes"),
        plan_inside=_latest(plan, "inside_recovery_window"),
    )


def _roster_row(athlete, now: dt.datetime) -> RosterRow:
    today = now.astimezone(athlete.tz).date()
    checked_today = athlete.ci_date == today
    rec_today = athlete.rec_date == today
    light = "grey"
    verdict = "No check-in today"
    if checked_today and rec_today:
        level = athlete.rec_level
        light = "red" if level <= 1 else "amber" if level <= 3 else "green"
        verdict = wording.verdict(level, athlete.rec_minutes or 0, None, "")["short"]
    flags = []
    if checked_today and (athlete.ci_red_flag or (rec_today and athlete.rec_level == 0)):
        flags.append("red_flag")
    if checked_today and (athlete.ci_worst or 0) >= 7:
        flags.append("sore_7")
    if checked_today and athlete.ci_walk is False:
        flags.append("cant_walk")
    if athlete.ci_date is None or athlete.ci_date <= today - dt.timedelta(days=2):
        flags.append("no_checkin")
    if athlete.plan_inside and athlete.plan_date and athlete.plan_date >= today:
        flags.append("hard_run_in_window")
    if rec_today and athlete.rec_not_resolving:
        flags.append("not_resolving")
    if (
        rec_today
        and athlete.rec_wellness_z is not None
        and athlete.rec_wellness_z <= WELLNESS_RED_Z
    ):
        flags.append("wellness_low")
    hours = None
    if athlete.leg_started:
        ended = athlete.leg_started + dt.timedelta(seconds=athlete.leg_seconds or 0)
        hours = max((now - ended).total_seconds() / 3600, 0)
    return RosterRow(
        athlete=athlete,
        light=light,
        flags=flags,
        checkin_at=athlete.ci_at,
        hours_since_leg=hours,
        plan_date=athlete.plan_date if athlete.plan_date and athlete.plan_date >= today else None,
        plan_type=athlete.plan_type or "",
        plan_minutes=athlete.plan_minutes,
        verdict=verdict,
    )


SORTS = {
    "flagged": lambda row: (-len(row.flags), LIGHT_ORDER[row.light], row.athlete.name.lower()),
    "name": lambda row: row.athlete.name.lower(),
    "light": lambda row: (LIGHT_ORDER[row.light], row.athlete.name.lower()),
    "checkin": lambda row: (
        row.checkin_at is None,
        -(row.checkin_at.timestamp() if row.checkin_at else 0),
    ),
    "leg": lambda row: (row.hours_since_leg is None, row.hours_since_leg or 0),
    "plan": lambda row: (row.plan_date is None, row.plan_date or dt.date.max),
}


def roster(
    staff, *, now: dt.datetime, sort: str = "flagged", flag: str = "", coach=None, query: str = ""
) -> list[RosterRow]:
    """The roster rows, filtered and sorted. A fixed number of queries for any roster size."""
    from accounts.models import Membership, Role

    athletes = roster_queryset(staff, now)
    if query:
        athletes = athletes.filter(Q(display_name__icontains=query) | Q(email__icontains=query))
    if coach is not None:
        coach_gyms = Membership.objects.filter(user=coach, role__in=Role.staff_roles()).values(
            "gym"
        )
        athletes = athletes.filter(
            memberships__role=Role.ATHLETE, memberships__gym__in=coach_gyms
        ).distinct()
    rows = [_roster_row(athlete, now) for athlete in athletes]
    if flag:
        rows = [row for row in rows if flag in row.flags]
    return sorted(rows, key=SORTS.get(sort, SORTS["flagged"]))
