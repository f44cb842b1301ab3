"""Reads of the staff area: the roster, filtered, sorted and paged in SQL over the stored
roster rows (which `services.roster_heal` keeps current)."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Membership, Role, User
from accounts.selectors import (
    athlete_membership,
    athletes_coached_by,
    athletes_for_staff,
    athletes_of_managed_gyms,
    staff_gyms,
)
from training.models import PlannedLegDay, PlannedRun, RunType, Session
from training.units import day_words, hours_since_words

from ..engine import texts
from ..models import CoachNote, Light, Override, RosterFlag

FLAG_KEYS = {flag.name.lower(): flag for flag in RosterFlag}
FLAG_LABELS = {key: flag.label for key, flag in FLAG_KEYS.items()}


RUN_TYPES = dict(RunType.choices)


@dataclass
class RosterRow:
    athlete_id: int
    name: str
    email: str
    light: str
    flags: list[str]
    checkin_at: dt.datetime | None
    checkin_date: dt.date | None
    hours_since_leg: float | None
    plan_date: dt.date | None
    plan_type: str
    plan_minutes: int | None
    verdict: str
    url: str
    planned: int = 0  # plans of this week (Monday to Sunday in the athlete's zone)
    done: int = 0  # of those, how many were kept (`plan_kept`)
    changed: int = 0  # and how many had another run that day instead
    prescribed: int = 0  # leg days of this week logged from a prescription

    @property
    def flag_labels(self) -> list[str]:
        return [str(FLAG_LABELS[flag]) for flag in self.flags]

    # Cells as text: formatted here, not by template filters, because the roster renders
    # fifty rows on every refresh (the same words as |date:"D j M" in the current zone and
    # language: `day_words` keeps each day's words per language).
    @property
    def checkin_text(self) -> str:
        """The day checked in for, and when it was given in the viewer's zone ("Wed 9 Dec,
        07:42"; "Wed 9 Dec, given Thu 10 Dec" when filled in later from the history)."""
        day = self.checkin_date
        if day is None:
            return "—"
        text = day_words(day)
        if self.checkin_at is None:
            return text
        at = timezone.localtime(self.checkin_at)
        if at.date() == day:
            return f"{text}, {at:%H:%M}"
        return gettext("{text}, given {value}").format(text=text, value=day_words(at.date()))

    @property
    def leg_text(self) -> str:
        return hours_since_words(self.hours_since_leg)

    @property
    def plan_text(self) -> str:
        if not self.plan_date:
            return "—"
        return gettext("{day}: {run} {minutes} min").format(
            day=day_words(self.plan_date),
            run=str(RUN_TYPES.get(self.plan_type, "")).lower(),
            minutes=self.plan_minutes,
        )

    @property
    def compliance_text(self) -> str:
        if not self.planned:
            return "—"
        if self.changed:
            text = gettext("{done} of {planned} as planned, {changed} changed").format(
                done=self.done, planned=self.planned, changed=self.changed
            )
        else:
            text = gettext("{done} of {planned} as planned").format(
                done=self.done, planned=self.planned
            )
        if self.prescribed:
            return gettext("{text}; {prescribed} logged as prescribed").format(
                text=text, prescribed=self.prescribed
            )
        return text


SORTS = {
    "flagged": ("-roster_status__flag_count", "roster_status__light", "sort_name"),
    "name": ("sort_name",),
    "light": ("roster_status__light", "sort_name"),
    "checkin": (
        F("roster_status__checkin_date").desc(nulls_last=True),
        F("roster_status__checkin_at").desc(nulls_last=True),
        "sort_name",
    ),
    "leg": (F("roster_status__leg_ended_at").desc(nulls_last=True), "sort_name"),
    "plan": (F("roster_status__plan_date").asc(nulls_last=True), "sort_name"),
}
ROSTER_CELLS = (
    "light",
    "flag_bits",
    "verdict",
    "checkin_at",
    "checkin_date",
    "leg_ended_at",
    "plan_date",
    "plan_type",
    "plan_minutes",
)


def roster(
    staff: User,
    *,
    sort: str = "flagged",
    flag: str = "",
    coach=None,
    query: str = "",
    managed_only: bool = False,
):
    """The staff member's athletes with their roster status, filtered and sorted in SQL, so
    a page of it is one small query. Statuses must be current (`services.roster_heal`)."""
    athletes = athletes_for_staff(staff).annotate(
        sort_name=Lower(
            Coalesce(NullIf("display_name", Value("")), "email", output_field=CharField())
        )
    )
    if query:
        athletes = athletes.filter(Q(display_name__icontains=query) | Q(email__icontains=query))
    if managed_only:
        athletes = athletes.filter(pk__in=athletes_of_managed_gyms(staff).values("pk"))
    if coach is not None:
        athletes = athletes.filter(pk__in=athletes_coached_by(coach).values("pk"))
    if flag in FLAG_KEYS:
        athletes = athletes.alias(
            flag_set=F("roster_status__flag_bits").bitand(FLAG_KEYS[flag].value)
        ).filter(flag_set__gt=0)
    # Plain values, not model instances: a page is read on every refresh.
    return athletes.order_by(*SORTS.get(sort, SORTS["flagged"]), "pk").values(
        "pk",
        "display_name",
        "email",
        "time_zone",
        *(f"roster_status__{name}" for name in ROSTER_CELLS),
    )


# A run keeps its plan when its type is the plan's and its minutes are within this share of
# the plan's; a run of another type or length on the day is the plan changed, not kept.
PLAN_MINUTES_SLACK = 0.2


def plan_kept(plan: tuple[str, int], run: tuple[str, float]) -> bool:
    (plan_type, plan_minutes), (run_type, minutes) = plan, run
    return (
        run_type == plan_type and abs(minutes - plan_minutes) <= plan_minutes * PLAN_MINUTES_SLACK
    )


def compliance(athletes, now: dt.datetime) -> dict[int, tuple[int, int, int, int]]:
    """(kept, changed, planned, logged as prescribed) this week for each athlete of
    `athletes` (rows of `roster`): a planned leg day is kept by a leg day logged on its day; a
    planned run by a run of its type and about its minutes (`plan_kept`), changed by any other
    run that day; a leg day logged from its prescription is counted apart (its page says done
    vs prescribed). Two queries, whatever the number of athletes."""
    weeks = {}
    for athlete in athletes:
        today = now.astimezone(zoneinfo.ZoneInfo(athlete["time_zone"])).date()
        monday = today - dt.timedelta(days=today.weekday())
        weeks[athlete["pk"]] = (monday, monday + dt.timedelta(days=6), athlete["time_zone"])
    if not weeks:
        return {}
    first = min(week[0] for week in weeks.values())
    last = max(week[1] for week in weeks.values())
    span = {"athlete__in": weeks, "date__range": (first, last)}
    # One query for both kinds; no ordering inside a UNION (SQLite refuses it).
    runs = (
        PlannedRun.objects.filter(**span)
        .order_by()
        .values_list("athlete", "date", Value("run"), "run_type", "minutes")
    )
    legs = (
        PlannedLegDay.objects.filter(**span)
        .order_by()
        .values_list("athlete", "date", Value("leg"), Value(""), Value(0))
    )
    planned = list(runs.union(legs, all=True))
    logged: dict[tuple[int, dt.date, str], list[tuple[str, float]]] = {}
    counts = {athlete_id: [0, 0, 0, 0] for athlete_id in weeks}
    for (
        athlete_id,
        started_at,
        kind,
        is_leg_day,
        run_type,
        seconds,
        prescribed,
    ) in Session.objects.filter(
        athlete__in=weeks,
        started_at__gte=dt.datetime.combine(first - dt.timedelta(days=1), dt.time.min, dt.UTC),
        started_at__lt=dt.datetime.combine(last + dt.timedelta(days=2), dt.time.min, dt.UTC),
    ).values_list(
        "athlete", "started_at", "kind", "is_leg_day", "run_type", "duration_s", "prescription"
    ):
        day = started_at.astimezone(zoneinfo.ZoneInfo(weeks[athlete_id][2])).date()
        key = (athlete_id, day, "leg" if is_leg_day else kind)
        logged.setdefault(key, []).append((run_type, seconds / 60))
        if prescribed and weeks[athlete_id][0] <= day <= weeks[athlete_id][1]:
            counts[athlete_id][3] += 1
    for athlete_id, day, kind, plan_type, minutes in planned:
        monday, sunday, _ = weeks[athlete_id]
        if not monday <= day <= sunday:
            continue
        counts[athlete_id][2] += 1
        done = logged.get((athlete_id, day, kind), [])
        if (kind == "leg" and done) or any(plan_kept((plan_type, minutes), run) for run in done):
            counts[athlete_id][0] += 1
        elif done:
            counts[athlete_id][1] += 1
    return {
        athlete_id: (kept, changed, total, by_rx)
        for athlete_id, (kept, changed, total, by_rx) in counts.items()
    }


def roster_rows(athletes, now: dt.datetime) -> list[RosterRow]:
    """Display rows for athletes from `roster` (a page of them, or all for the export)."""
    url = reverse("recovery:coach_athlete", args=[0]).replace(
        "/0/", "/{}/"
    )  # one reverse, not fifty
    athletes = list(athletes)
    weekly = compliance(athletes, now)
    verdicts: dict[str, str] = {}  # a verdict cell's words, once per distinct cell
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
                light=Light(status["light"]).label,
                flags=[key for key, bit in FLAG_KEYS.items() if status["flag_bits"] & bit],
                checkin_at=status["checkin_at"],
                checkin_date=status["checkin_date"],
                hours_since_leg=hours,
                plan_date=status["plan_date"],
                plan_type=status["plan_type"],
                plan_minutes=status["plan_minutes"],
                verdict=_verdict_words(status["verdict"], verdicts),
                url=url.format(athlete["pk"]),
                done=weekly[athlete["pk"]][0],
                changed=weekly[athlete["pk"]][1],
                planned=weekly[athlete["pk"]][2],
                prescribed=weekly[athlete["pk"]][3],
            )
        )
    return rows


def _verdict_words(stored: dict, seen: dict[str, str]) -> str:
    """The stored verdict cell in the active language; athletes often share one."""
    key = repr(stored)
    if key not in seen:
        seen[key] = str(texts.from_stored(stored))
    return seen[key]


def gym_staff(staff: User) -> list[Membership]:
    """The staff memberships of the gyms `staff` works in, by name (the roster's coach filter)."""
    return list(
        Membership.objects.filter(gym__in=staff_gyms(staff), role__in=Role.staff_roles())
        .select_related("user")
        .order_by("user__display_name", "user__email")
    )


def notes_for(staff: User, athlete: User) -> QuerySet[CoachNote]:
    """The notes on `athlete` that `staff` may read: those of the gyms they work in."""
    return CoachNote.objects.filter(athlete=athlete, gym__in=staff_gyms(staff)).select_related(
        "author", "gym"
    )


def overrides_ahead(athlete: User, today: dt.date) -> QuerySet[Override]:
    """The coaches' overrides of the athlete's days from `today` on."""
    return Override.objects.filter(athlete=athlete, local_date__gte=today).select_related("author")


def assignment(staff: User, athlete: User) -> dict:
    """The athlete's membership in a gym of `staff` (with the assigned coach), and the staff
    of that gym who may be chosen."""
    membership = athlete_membership(staff, athlete)
    chosen = (
        Membership.objects.filter(gym=membership.gym, role__in=Role.staff_roles())
        .select_related("user")
        .order_by("user__display_name", "user__email")
        if membership
        else []
    )
    return {"assignment": membership, "gym_staff": [m.user for m in chosen]}


def gym_staff_member(membership: Membership, raw_id: str) -> User | None:
    """The member of `membership`'s gym whose id is `raw_id` (as posted), if any."""
    return next(
        (
            m.user
            for m in membership.gym.memberships.select_related("user")
            if str(m.user_id) == raw_id
        ),
        None,
    )
