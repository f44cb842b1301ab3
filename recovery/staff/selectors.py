"""Reads of the staff area: the roster, filtered, sorted and paged in SQL over the stored
roster rows (which `services.roster_heal` keeps current)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.selectors import athletes_coached_by, athletes_for_staff, athletes_of_managed_gyms

from ..models import Light, RosterFlag

FLAG_KEYS = {flag.name.lower(): flag for flag in RosterFlag}
FLAG_LABELS = {key: flag.label for key, flag in FLAG_KEYS.items()}


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
    url: str

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


SORTS = {
    "flagged": ("-roster_status__flag_count", "roster_status__light", "sort_name"),
    "name": ("sort_name",),
    "light": ("roster_status__light", "sort_name"),
    "checkin": (F("roster_status__checkin_at").desc(nulls_last=True), "sort_name"),
    "leg": (F("roster_status__leg_ended_at").desc(nulls_last=True), "sort_name"),
    "plan": (F("roster_status__plan_date").asc(nulls_last=True), "sort_name"),
}
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
        "pk", "display_name", "email", *(f"roster_status__{name}" for name in ROSTER_CELLS)
    )


def roster_rows(athletes, now: dt.datetime) -> list[RosterRow]:
    """Display rows for athletes from `roster` (a page of them, or all for the export)."""
    url = reverse("recovery:coach_athlete", args=[0]).replace(
        "/0/", "/{}/"
    )  # one reverse, not fifty
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
                hours_since_leg=hours,
                plan_date=status["plan_date"],
                plan_type=status["plan_type"],
                plan_minutes=status["plan_minutes"],
                verdict=status["verdict"],
                url=url.format(athlete["pk"]),
            )
        )
    return rows
