"""Numbers of strength work, pure (no Django): a one-repetition maximum estimated from a set,
a prescribed row's effort as an RPE, and what a prescribed session is expected to be —
its session RPE, minutes and load — so the plan guard can judge it before it happens by the
same rule the engine applies once it is logged (`recovery.engine.stages.hard_leg`).

The conventions here are [C] (convention, not evidence; DOMAIN §8.1 tags):
- **Epley**: 1RM = load x (1 + reps / 30), from sets of at most `ESTIMATE_MAX_REPS` reps
  (longer sets estimate poorly); a single is its own 1RM.
- Reps possible at a share of 1RM are Epley read backwards: reps = 30 x (1RM / load - 1).
- **RPE from reps in reserve**: RPE = 10 - RIR (a set two reps short of failure is RPE 8);
  a load as a share of 1RM gives RIR = reps possible - reps prescribed.
- The session RPE of a prescription is its hardest row's (most-restrictive-wins, §8.1).
- **Minutes**: `WARM_UP_MIN` of warm-up and `MINUTES_PER_SET` per set (its work and rest);
  a time-based hold counts as a set.
"""

from collections.abc import Iterable
from dataclasses import dataclass

ESTIMATE_MAX_REPS = 12
WARM_UP_MIN = 10.0
MINUTES_PER_SET = 2.5


def epley(load_kg: float, reps: int) -> float:
    """The 1RM a set of `reps` at `load_kg` suggests (Epley)."""
    return load_kg if reps <= 1 else load_kg * (1 + reps / 30)


def reps_possible(percent: float) -> float:
    """Reps to failure at `percent` of 1RM (Epley read backwards)."""
    return 30 * (100 / percent - 1) if percent > 0 else 0.0


@dataclass(frozen=True)
class Row:
    """A prescribed row as the arithmetic needs it (`training.prescribed.PrescribedRow`)."""

    sets: int
    reps: int | None  # the bottom of a range; None for a hold
    load_kind: str  # none / kg / percent / rpe / rir
    load: float | None
    one_rm_kg: float | None = None  # the athlete's, where known
    eccentric_heavy: bool = False


def row_rpe(row: Row) -> float | None:
    """The effort a row asks for, on the CR-10 scale, or None when the row does not say
    (no load, or a weight without a known 1RM)."""
    if row.load is None:
        return None
    if row.load_kind == "rpe":
        return row.load
    if row.load_kind == "rir":
        return max(10 - row.load, 0.0)
    percent = None
    if row.load_kind == "percent":
        percent = row.load
    elif row.load_kind == "kg" and row.one_rm_kg:
        percent = 100 * row.load / row.one_rm_kg
    if percent is None or row.reps is None:
        return None
    in_reserve = max(reps_possible(percent) - row.reps, 0.0)
    return min(max(10 - in_reserve, 1.0), 10.0)


def row_kg(row: Row) -> float | None:
    """The weight a row asks for: its kilograms, or its share of a known 1RM."""
    if row.load is None:
        return None
    if row.load_kind == "kg":
        return row.load
    if row.load_kind == "percent" and row.one_rm_kg:
        return row.load * row.one_rm_kg / 100
    return None


@dataclass(frozen=True)
class Expected:
    """What a prescribed session is expected to be, once done as written."""

    rpe: int | None  # the hardest row's, rounded as a session RPE is logged; None if unsaid
    minutes: float
    sets: int
    eccentric: bool  # any eccentric-heavy exercise

    def load(self, fallback_rpe: int) -> float:
        """Foster's session load (RPE x minutes), with `fallback_rpe` where no row says."""
        return (self.rpe if self.rpe is not None else fallback_rpe) * self.minutes


def expected(rows: Iterable[Row]) -> Expected:
    rows = list(rows)
    efforts = [rpe for rpe in map(row_rpe, rows) if rpe is not None]
    sets = sum(row.sets for row in rows)
    return Expected(
        rpe=round(max(efforts)) if efforts else None,
        minutes=WARM_UP_MIN + MINUTES_PER_SET * sets,
        sets=sets,
        eccentric=any(row.eccentric_heavy for row in rows),
    )
