"""Reads of whole weeks: the weeks a plan may be saved to, a suggested week as unsaved plans,
what they would replace, and a gym's week templates fitted to an athlete (with the guard's
warnings from `selectors`)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from accounts.selectors import staff_gyms
from training.models import LegIntensity, PlannedLegDay, PlannedRun, PrescribedRow, RunType

from ..engine import weekplan
from ..engine.weekplan import SLOT_HOUR
from ..models import TemplateRow, WeekTemplate
from ..verdict.thresholds import current_thresholds
from .forms import week_request
from .selectors import span, warnings_with


def mondays(athlete, count: int = 3) -> list[dt.date]:
    """This week's Monday and the next ones, in the athlete's zone."""
    today = athlete.local_today()
    monday = today - dt.timedelta(days=today.weekday())
    return [monday + dt.timedelta(weeks=n) for n in range(count)]


def week_choice(athlete, raw: str | None) -> dt.date | None:
    return next((m for m in mondays(athlete) if m.isoformat() == raw), None)


# A suggested week's sessions as plans: their minutes, and what a key run is.
EASY_MINUTES, KEY_MINUTES, LONG_MINUTES = 40, 50, 90


def week_candidates(athlete: User, monday: dt.date, sessions) -> list[PlannedRun | PlannedLegDay]:
    """Unsaved plans for the `weekplan.Session`s of the week starting `monday`, at the hour
    of their slot; days before the athlete's today are left out."""
    today = athlete.local_today()
    found: list[PlannedRun | PlannedLegDay] = []
    for session in sessions:
        day = monday + dt.timedelta(days=session.day)
        if day < today:
            continue
        time = dt.time(SLOT_HOUR[session.slot])
        if session.kind == "leg":
            intensity = LegIntensity.HARD if session.hard else LegIntensity.LIGHT
            found.append(PlannedLegDay(athlete=athlete, date=day, time=time, intensity=intensity))
        elif session.hard:
            long = session.label == gettext_lazy("long run")
            found.append(
                PlannedRun(
                    athlete=athlete,
                    date=day,
                    time=time,
                    run_type=RunType.LONG if long else RunType.TEMPO,
                    minutes=LONG_MINUTES if long else KEY_MINUTES,
                )
            )
        else:
            found.append(
                PlannedRun(
                    athlete=athlete,
                    date=day,
                    time=time,
                    run_type=RunType.EASY,
                    minutes=EASY_MINUTES,
                )
            )
    return found


def replaced_by(athlete: User, candidates) -> list[PlannedRun | PlannedLegDay]:
    """The athlete's saved plans that `candidates` would replace (same kind, same day)."""
    days = {kind: {p.date for p in candidates if p.kind == kind} for kind in ("run", "leg")}
    return [
        *PlannedRun.objects.filter(athlete=athlete, date__in=days["run"]),
        *PlannedLegDay.objects.filter(athlete=athlete, date__in=days["leg"]),
    ]


def week_templates_for(staff: User) -> QuerySet[WeekTemplate]:
    """The week templates of the gyms `staff` works in, with their prescriptions."""
    rows = TemplateRow.objects.select_related("exercise").order_by("position", "pk")
    return (
        WeekTemplate.objects.filter(gym__in=staff_gyms(staff))
        .select_related("gym")
        .prefetch_related(Prefetch("rows", queryset=rows))
    )


@dataclass
class Fitted:
    """A week template fitted to one athlete's week: what would be saved, and what is in the
    way (no week fits, plans it replaces, the guard's warnings)."""

    athlete: User
    plan: weekplan.WeekPlan
    candidates: list
    replaced: list
    warnings: list

    @property
    def clean(self) -> bool:
        return self.plan.ok and not self.replaced and not self.warnings


def template_fit(template: WeekTemplate, athlete: User, monday: dt.date) -> Fitted:
    """The suggester's week for `athlete` from `template` (their level and goal), as plans
    from `monday`, with what each would replace and the guard's warnings against their other
    plans and logged sessions, across the week's edges too."""
    thresholds, _ = current_thresholds()
    shape, rows = template.shape(), list(template.rows.all())
    if rows:  # the suggester spaces the leg days as hard as their prescription is for them
        shape["light_legs"] = not _prescribed_hard(athlete, monday, rows)
    plan = weekplan.suggest(week_request(athlete, thresholds, shape))
    if not plan.ok:
        return Fitted(athlete, plan, [], [], [])
    candidates = week_candidates(athlete, monday, plan.sessions)
    if not candidates:
        return Fitted(athlete, plan, [], [], [])
    for leg in (c for c in candidates if isinstance(c, PlannedLegDay) and rows):
        # The template's prescription on each leg day (a % of 1RM fits each athlete's own).
        leg.pending_rows = _copies(rows)  # type: ignore[attr-defined]
    replaced = replaced_by(athlete, candidates)
    return Fitted(athlete, plan, candidates, replaced, warnings_with(athlete, candidates))


def _copies(rows: list[TemplateRow]) -> list[PrescribedRow]:
    return [PrescribedRow(**row.copy_fields()) for row in rows]


def _prescribed_hard(athlete: User, monday: dt.date, rows: list[TemplateRow]) -> bool:
    """Whether a leg day with the template's prescription would be hard for `athlete` that
    week (their 1RMs, usual load and the exercises they know), as the plan guard will judge it."""
    found = span(athlete, monday, monday + dt.timedelta(days=6))
    probe = PlannedLegDay(athlete=athlete, date=monday, intensity=LegIntensity.HARD)
    probe.pending_rows = _copies(rows)  # type: ignore[attr-defined]
    judged = found.hardness(probe)
    return judged is not None and judged.hard


def day_names() -> list[str]:
    """Monday to Sunday in the reader's language (the engine's names are message ids)."""
    return [gettext(name) for name in weekplan.DAYS]


def week_days(plan: weekplan.WeekPlan) -> list[dict]:
    """A suggested week by day, as its table shows it (Monday first)."""
    return [
        {"name": name, "sessions": [s for s in plan.sessions if s.day == number]}
        for number, name in enumerate(day_names())
    ]
