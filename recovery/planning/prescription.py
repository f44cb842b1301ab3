"""How hard a prescribed leg day will be, before it happens (issue 28): the prescription's
expected session RPE, minutes and load, and its eccentric-heavy exercises new to the athlete,
judged by the engine's own rule for a logged leg day (`readiness.quality_window`, which
applies `stages.hard_leg`: RPE at the hard-leg threshold, load at 1.5 x the athlete's usual,
or unaccustomed). Logged as prescribed, the session gets the same verdict; the planner says
which of these made it hard."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from training import prescriptions, strength

from ..engine import readiness
from ..engine.rules import Thresholds

LIGHT_RPE = 2  # a light leg day without a prescribed effort (as `selectors.planned_wait`)


@dataclass(frozen=True)
class Hardness:
    hard: bool
    wait_h: float  # its quality window
    reasons: tuple[str, ...]  # why it is hard, in words (empty when light)
    expected: strength.Expected
    rpe: int  # the session RPE used: the prescription's, else the plan's intensity


def hardness(
    *,
    rows: list,
    intensity_hard: bool,
    one_rms: dict[int, prescriptions.OneRm],
    typical_load: float | None,
    unaccustomed: str,
    fitness_level: str,
    thresholds: Thresholds,
) -> Hardness:
    """`rows` are the plan's `PrescribedRow`s; `unaccustomed` why the leg day would be
    unaccustomed by the rule for logged ones, in words ("" when it would not be)."""
    expected = strength.expected(prescriptions.arithmetic_rows(rows, one_rms))
    fallback = round(thresholds.hard_leg_rpe) if intensity_hard else LIGHT_RPE
    rpe = expected.rpe if expected.rpe is not None else fallback
    hard, wait = readiness.quality_window(
        leg_rpe=rpe,
        leg_minutes=expected.minutes,
        leg_unaccustomed=bool(unaccustomed),
        typical_leg_load=typical_load,
        fitness_level=fitness_level,
        thresholds=thresholds,
    )
    reasons = []
    if rpe >= thresholds.hard_leg_rpe:
        source = (
            gettext_lazy("its target effort")
            if expected.rpe is not None
            else gettext_lazy("it is planned hard")
        )
        reasons.append(
            gettext_lazy("RPE {rpe} ({source}; hard from {hard_leg_rpe:g})").format(
                rpe=rpe, source=source, hard_leg_rpe=thresholds.hard_leg_rpe
            )
        )
    load = rpe * expected.minutes
    if typical_load and load >= thresholds.hard_leg_load_ratio * typical_load:
        reasons.append(
            gettext_lazy(
                "about {value:.1f} × your usual leg-day load ({sets} sets, about {minutes:.0f} min)"
            ).format(value=load / typical_load, sets=expected.sets, minutes=expected.minutes)
        )
    if unaccustomed:
        reasons.append(unaccustomed)
    return Hardness(hard, wait, tuple(reasons) if hard else (), expected, rpe)
