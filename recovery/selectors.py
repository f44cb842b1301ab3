"""Reads for recovery pages: check-in history with verdicts, and the data export."""

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Lower, NullIf, TruncDate
from django.utils import timezone

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
FLAG_BITS = {flag: 1 << position for position, flag in enumerate(FLAG_LABELS)}
LIGHT_ORDER = {"red": 0, "amber": 1, "grey": 2, "green": 3}
LIGHT_NAMES = {rank: name for name, rank in LIGHT_ORDER.items()}
WELLNESS_RED_Z = -2.0


@dataclass
class RosterRow:
    athlete_id: int
    name: str
    email: str
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

    # Cells as text: formatted here, not by template filters, because the roster renders
    # fifty rows on every refresh (same output as |date:"D j M, H:i" in the current zone).
    @property
    def checkin_text(self) -> str:
        if not self.checkin_at:
            return "—"
        at = timezone.localtime(self.checkin_at)
        return f"{at:%a} {at.day} {at:%b, %H:%M}"

    @property
    def leg_text(self) -> str:
        return "—" if self.hours_since_leg is None else f"{self.hours_since_leg:.0f} h"

    @property
    def plan_text(self) -> str:
        if not self.plan_date:
            return "—"
        day = self.plan_date
        return f"{day:%a} {day.day} {day:%b}: {self.plan_type} {self.plan_minutes} min"


@dataclass(frozen=True)
class RosterFacts:
    """An athlete's latest check-in, verdict and leg day and next planned run: what their
    roster row is worked out from."""

    ci_date: dt.date | None
    ci_at: dt.datetime | None
    ci_red_flag: bool
    ci_worst: int | None
    ci_walk: bool | None
    rec_date: dt.date | None
    rec_level: int | None
    rec_minutes: int | None
    rec_not_resolving: bool
    rec_wellness_z: float | None
    leg_ended_at: dt.datetime | None
    plan_date: dt.date | None
    plan_type: str
    plan_minutes: int | None
    plan_inside: bool


def _latest(model_queryset, field: str):
    return Subquery(model_queryset.values(field)[:1])


def time_zones(athletes) -> list[str]:
    return list(athletes.order_by().values_list("time_zone", flat=True).distinct())


def local_today_sql(now: dt.datetime, zones: list[str]) -> Case | Value:
    """SQL for each athlete's own calendar day at `now`, from their time zone (one of `zones`)."""
    from accounts.models import User

    days = {zone: now.astimezone(User(time_zone=zone).tz).date() for zone in zones}
    if len(set(days.values())) <= 1:  # one zone, or zones all on the same date
        return Value(next(iter(days.values()), now.date()), output_field=DateField())
    return Case(
        *(When(time_zone=zone, then=Value(day)) for zone, day in days.items()),
        output_field=DateField(),
    )


def roster_facts(athletes, now: dt.datetime, zones: list[str]):
    """(athlete, RosterFacts) for each of `athletes` (whose time zones are among `zones`).
    One query, with correlated subqueries per athlete: for the few being refreshed."""
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
        athlete=OuterRef("pk"), date__gte=OuterRef("local_today")
    ).order_by("date")
    rows = athletes.only("pk", "time_zone").annotate(
        local_today=local_today_sql(now, zones),
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
    for row in rows:
        yield (
            row,
            RosterFacts(
                ci_date=row.ci_date,
                ci_at=row.ci_at,
                ci_red_flag=bool(row.ci_red_flag),
                ci_worst=row.ci_worst,
                ci_walk=row.ci_walk,
                rec_date=row.rec_date,
                rec_level=row.rec_level,
                rec_minutes=row.rec_minutes,
                rec_not_resolving=bool(row.rec_not_resolving),
                rec_wellness_z=row.rec_wellness_z,
                leg_ended_at=row.leg_started + dt.timedelta(seconds=row.leg_seconds or 0)
                if row.leg_started
                else None,
                plan_date=row.plan_date,
                plan_type=row.plan_type or "",
                plan_minutes=row.plan_minutes,
                plan_inside=bool(row.plan_inside),
            ),
        )


def roster_light_and_flags(facts: RosterFacts, today: dt.date) -> tuple[str, list[str], str]:
    """An athlete's traffic light, flags and short verdict on `today`, from `roster_facts`."""
    checked_today = facts.ci_date == today
    rec_today = facts.rec_date == today
    light = "grey"
    verdict = "No check-in today"
    if checked_today and rec_today:
        level = facts.rec_level
        light = "red" if level <= 1 else "amber" if level <= 3 else "green"
        verdict = wording.verdict(level, facts.rec_minutes or 0, None, "")["short"]
    raised = {
        "red_flag": checked_today and (facts.ci_red_flag or (rec_today and facts.rec_level == 0)),
        "sore_7": checked_today and (facts.ci_worst or 0) >= 7,
        "cant_walk": checked_today and facts.ci_walk is False,
        "no_checkin": facts.ci_date is None or facts.ci_date <= today - dt.timedelta(days=2),
        "hard_run_in_window": bool(facts.plan_inside),
        "not_resolving": rec_today and bool(facts.rec_not_resolving),
        "wellness_low": rec_today
        and facts.rec_wellness_z is not None
        and facts.rec_wellness_z <= WELLNESS_RED_Z,
    }
    return light, [flag for flag in FLAG_LABELS if raised[flag]], verdict


SORTS = {
    "flagged": ("-roster_status__flag_count", "roster_status__light", "sort_name"),
    "name": ("sort_name",),
    "light": ("roster_status__light", "sort_name"),
    "checkin": (F("roster_status__checkin_at").desc(nulls_last=True), "sort_name"),
    "leg": (F("roster_status__leg_ended_at").desc(nulls_last=True), "sort_name"),
    "plan": (F("roster_status__plan_date").asc(nulls_last=True), "sort_name"),
}


def roster(staff, *, sort: str = "flagged", flag: str = "", coach=None, query: str = ""):
    """The staff member's athletes with their roster status, filtered and sorted in SQL, so
    a page of it is one small query. Statuses must be current (`services.roster_heal`)."""
    from accounts.models import Membership, Role
    from accounts.selectors import athletes_for_staff

    athletes = athletes_for_staff(staff).annotate(
        sort_name=Lower(
            Coalesce(NullIf("display_name", Value("")), "email", output_field=CharField())
        )
    )
    if query:
        athletes = athletes.filter(Q(display_name__icontains=query) | Q(email__icontains=query))
    if coach is not None:
        coach_gyms = Membership.objects.filter(user=coach, role__in=Role.staff_roles()).values(
            "gym"
        )
        athletes = athletes.filter(
            Exists(
                Membership.objects.filter(
                    user=OuterRef("pk"), role=Role.ATHLETE, gym__in=coach_gyms
                )
            )
        )
    if flag in FLAG_BITS:
        athletes = athletes.alias(
            flag_set=F("roster_status__flag_bits").bitand(FLAG_BITS[flag])
        ).filter(flag_set__gt=0)
    # Plain values, not model instances: a page is read on every refresh.
    return athletes.order_by(*SORTS.get(sort, SORTS["flagged"]), "pk").values(
        "pk", "display_name", "email", *(f"roster_status__{name}" for name in ROSTER_CELLS)
    )


ROSTER_CELLS = (
    "light",
    "flag_bits",
    "verdict",
    "checkin_at",
    "leg_ended_at",
    "plan_date",
    "plan_type",
    "plan_minutes",
)


def roster_rows(athletes, now: dt.datetime) -> list[RosterRow]:
    """Display rows for athletes from `roster` (a page of them, or all for the export)."""
    from accounts.models import User

    rows = []
    for athlete in athletes:
        status = {name: athlete[f"roster_status__{name}"] for name in ROSTER_CELLS}
        hours = None
        if status["leg_ended_at"]:
            hours = max((now - status["leg_ended_at"]).total_seconds() / 3600, 0)
        rows.append(
            RosterRow(
                athlete_id=athlete["pk"],
                name=User.name_for(athlete["display_name"], athlete["email"]),
                email=athlete["email"],
                light=LIGHT_NAMES[status["light"]],
                flags=[flag for flag, bit in FLAG_BITS.items() if status["flag_bits"] & bit],
                checkin_at=status["checkin_at"],
                hours_since_leg=hours,
                plan_date=status["plan_date"],
                plan_type=status["plan_type"],
                plan_minutes=status["plan_minutes"],
                verdict=status["verdict"],
            )
        )
    return rows
