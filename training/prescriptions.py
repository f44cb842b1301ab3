"""Reads of prescribed strength work: an athlete's 1RMs (set by hand, else estimated from
their logged sets), a planned leg day's rows as `strength.Row`s, the rows a log of it starts
from, and a logged session against its prescription (done vs prescribed)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, FloatField, Max, Prefetch
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from . import strength
from .models import ExerciseEntry, OneRepMax, PlannedLegDay, PrescribedRow, Session
from .selectors import plans_for
from .units import from_kg

ESTIMATE_WINDOW = dt.timedelta(days=180)  # sets older than this say little of today's 1RM


@dataclass(frozen=True)
class OneRm:
    kg: float
    estimated: bool  # from logged sets (Epley), not set by hand


def one_rep_maxes(athlete, *, now: dt.datetime | None = None) -> dict[int, OneRm]:
    """Each exercise's 1RM for `athlete`, by exercise id: the one set by hand, else the best
    Epley estimate from sets of at most 12 reps logged in the last 180 days. Two queries."""
    now = now or timezone.now()
    epley = F("load_kg") * (1 + Cast("reps", FloatField()) / 30.0)
    estimates = (
        ExerciseEntry.objects.filter(
            session__athlete=athlete,
            session__started_at__gte=now - ESTIMATE_WINDOW,
            session__started_at__lte=now,
            load_kg__gt=0,
            reps__lte=strength.ESTIMATE_MAX_REPS,
        )
        .values("exercise")
        .annotate(best=Max(epley))
    )
    found = {row["exercise"]: OneRm(round(row["best"], 1), True) for row in estimates}
    for exercise_id, kg in OneRepMax.objects.filter(athlete=athlete).values_list("exercise", "kg"):
        found[exercise_id] = OneRm(kg, False)
    return found


def exercise_days(athlete, *, since: dt.datetime) -> dict[int, list[dt.datetime]]:
    """When `athlete` did each exercise from `since` on, by exercise id. One query."""
    found: dict[int, list[dt.datetime]] = {}
    for exercise_id, started_at in ExerciseEntry.objects.filter(
        session__athlete=athlete, session__started_at__gte=since
    ).values_list("exercise", "session__started_at"):
        found.setdefault(exercise_id, []).append(started_at)
    return found


def rows_of(plan: PlannedLegDay) -> list[PrescribedRow]:
    """The plan's rows in order: unsaved ones a form is checking (`plan.pending_rows`), else
    its saved ones (prefetched by `with_rows`)."""
    pending = getattr(plan, "pending_rows", None)
    if pending is not None:
        return list(pending)
    if plan.pk is None:
        return []
    return list(plan.rows.all())


def with_rows(plans):
    """Leg-day plans with their rows and each row's exercise, in two more queries."""
    rows = PrescribedRow.objects.select_related("exercise").order_by("position", "pk")
    return plans.prefetch_related(Prefetch("rows", queryset=rows))


def arithmetic_rows(rows: list[PrescribedRow], one_rms: dict[int, OneRm]) -> list[strength.Row]:
    return [
        strength.Row(
            sets=row.sets,
            reps=row.reps,
            load_kind=row.load_kind,
            load=row.load,
            one_rm_kg=one_rms[row.exercise_id].kg if row.exercise_id in one_rms else None,
            eccentric_heavy=row.exercise.eccentric_heavy,
        )
        for row in rows
    ]


def prescribed_plan(user, athlete, pk: int) -> PlannedLegDay | None:
    """`athlete`'s planned leg day `pk` with a prescription, if `user` may act for them."""
    plans = with_rows(plans_for(user, PlannedLegDay).filter(athlete=athlete, rows__isnull=False))
    return plans.distinct().filter(pk=pk).first()


def log_initial(
    plan: PlannedLegDay, one_rms: dict[int, OneRm], weight_unit: str
) -> tuple[dict, list[dict]]:
    """The strength form's start for logging `plan` as prescribed: the session's RPE (its
    hardest row's; none where no row says: the athlete gives it) and minutes as expected, and one
    row per prescribed row (its weight in `weight_unit` where known; a range logged at its
    bottom; a hold as one rep a set) — what the plan guard judged, so the logged session
    gets the same hardness from the engine."""
    rows = rows_of(plan)
    numbers = arithmetic_rows(rows, one_rms)
    expected = strength.expected(numbers)
    session = {"duration": round(expected.minutes) * 60, "rpe": expected.rpe}
    entries = []
    for row, number in zip(rows, numbers, strict=True):
        kg = strength.row_kg(number)
        load = None if kg is None else round(from_kg(kg, weight_unit), 1)
        entries.append(
            {"exercise": row.exercise_id, "sets": row.sets, "reps": row.reps or 1, "load": load}
        )
    return session, entries


@dataclass(frozen=True)
class RowDone:
    exercise: str
    prescribed: str  # "5 x 5 @ RPE 8"
    done: str  # "5 x 5 at 100 kg", or "not done"
    met: bool  # sets and reps at least as prescribed


@dataclass(frozen=True)
class DoneVsPrescribed:
    rows: list[RowDone]
    extra: list[str]  # exercises done that were not prescribed
    sets_done: int
    sets_prescribed: int
    volume_done_kg: float  # sets x reps x kg of the exercises with a weight
    volume_prescribed_kg: float | None  # where every weighted row's weight is known


def _weight(kg: float, unit: str) -> str:
    return f"{round(from_kg(kg, unit), 1):g} {unit}"


def load_words(row: PrescribedRow, unit: str = "kg") -> str:
    if row.load is None:
        return ""
    return {
        "kg": _weight(row.load, unit),
        "percent": gettext_lazy("{load:g} % 1RM").format(load=row.load),
        "rpe": gettext_lazy("RPE {load:g}").format(load=row.load),
        "rir": gettext_lazy("{load:g} in reserve").format(load=row.load),
    }.get(row.load_kind, "")


def prescribed_words(row: PrescribedRow, unit: str = "kg") -> str:
    load = load_words(row, unit)
    return f"{row.sets} × {row.reps_text}" + (f" @ {load}" if load else "")


def done_vs_prescribed(
    session: Session, one_rms: dict[int, OneRm], unit: str = "kg"
) -> DoneVsPrescribed | None:
    """A strength session logged from a prescription, row by row against it: a row is met
    with its sets, its reps and (where the prescription gives a weight) that weight."""
    if session.prescription_id is None:
        return None
    plans = PlannedLegDay.objects.select_related("entered_by")
    plan = with_rows(plans).get(pk=session.prescription_id)  # rows and their exercises at once
    session.prescription = plan  # the page reads its date and author
    rows = rows_of(plan)
    entries = list(session.entries.all())
    by_exercise: dict[int, list] = {}
    for entry in entries:
        by_exercise.setdefault(entry.exercise_id, []).append(entry)
    lines, volume_prescribed, known = [], 0.0, True
    for row, number in zip(rows, arithmetic_rows(rows, one_rms), strict=True):
        done = by_exercise.pop(row.exercise_id, [])
        sets = sum(e.sets for e in done)
        words = ", ".join(
            gettext("{sets} × {reps} at {load}").format(
                sets=e.sets, reps=e.reps, load=_weight(e.load_kg, unit)
            )
            if e.load_kg
            else f"{e.sets} × {e.reps}"
            for e in done
        )
        kg = strength.row_kg(number)
        met = (
            sets >= row.sets
            and all(e.reps >= (row.reps or 1) for e in done)
            and (kg is None or all(abs((e.load_kg or 0) - kg) < 0.5 for e in done))
        )
        lines.append(
            RowDone(
                row.exercise.name,
                prescribed_words(row, unit),
                words or gettext("not done"),
                met,
            )
        )
        if kg is not None:
            volume_prescribed += row.sets * (row.reps or 1) * kg
        elif row.load_kind in ("kg", "percent"):
            known = False
    return DoneVsPrescribed(
        rows=lines,
        extra=[group[0].exercise.name for group in by_exercise.values()],
        sets_done=sum(e.sets for e in entries),
        sets_prescribed=sum(row.sets for row in rows),
        volume_done_kg=sum(e.sets * e.reps * (e.load_kg or 0) for e in entries),
        volume_prescribed_kg=volume_prescribed if known else None,
    )
