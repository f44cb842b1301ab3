"""The readiness rule engine: today's run prescription after a leg day (DOMAIN.md §8).

Pure Python: no Django, no I/O. The service layer gathers a ReadinessInput from the
database and stores the Recommendation. Every rule only caps or lowers the verdict
(most restrictive wins); wellness and load rules only ever lower it; missing data is
treated conservatively. Every rule that fires says why, with its reference keys.
"""

from __future__ import annotations

from . import stages
from .contract import FiredRule, ReadinessInput, Recommendation, fire
from .rules import (  # the catalogue, re-exported: callers know the engine by this module
    AVOID_BY_LEVEL,
    MUSCLE_GROUPS,
    RED_FLAG_REASONS,
    RED_FLAG_RULES,
    RED_FLAGS,
    RULES,
    URGENCY_ORDER,
    Level,
    Thresholds,
)

__all__ = [
    "AVOID_BY_LEVEL",
    "DEFAULT_THRESHOLDS",
    "MUSCLE_GROUPS",
    "RED_FLAGS",
    "RED_FLAG_REASONS",
    "RED_FLAG_RULES",
    "RULES",
    "URGENCY_ORDER",
    "FiredRule",
    "Level",
    "ReadinessInput",
    "Recommendation",
    "Thresholds",
    "assess",
    "evening_checklist",
    "fire",
    "quality_window",
    "rpe_cap_for",
    "warning_signs",
]

DEFAULT_THRESHOLDS = Thresholds()


def quality_window(
    *,
    leg_rpe: float | None,
    leg_minutes: float | None,
    leg_unaccustomed: bool,
    typical_leg_load: float | None,
    fitness_level: str,
    thresholds: Thresholds | None = None,
) -> tuple[bool, float]:
    """(hard_leg, T_quality hours) for a leg session: how long quality running waits after it.
    Used by the planner's 48-hour guard with the same rules as `assess`."""
    t = thresholds or DEFAULT_THRESHOLDS
    inp = ReadinessInput(
        hours_since_leg=0,
        leg_rpe=leg_rpe,
        leg_minutes=leg_minutes,
        leg_unaccustomed=leg_unaccustomed,
        typical_leg_load=typical_leg_load,
        soreness={},
        can_walk_normally=None,
        sleep_quality=None,
        energy=None,
        red_flags=frozenset(),
        fitness_level=fitness_level,
        acwr=None,
        wellness_z=None,
        planned_minutes=None,
    )
    hard = stages.hard_leg(inp, t)
    return hard, stages.t_quality(inp, hard, t)


def rpe_cap_for(level: Level, t: Thresholds) -> int | None:
    return {
        Level.SEE_DOCTOR: 0,
        Level.REST: t.rest_rpe_cap,
        Level.RECOVERY_RUN: t.recovery_rpe_cap,
        Level.EASY_RUN: t.easy_rpe_cap,
    }.get(level)


def assess(inp: ReadinessInput, thresholds: Thresholds | None = None) -> Recommendation:
    """Today's prescription for `inp`: DOMAIN.md §8.4's stages in order, the most restrictive
    winning (`stages` holds each one)."""
    t = thresholds or DEFAULT_THRESHOLDS
    unknown = inp.red_flags - set(RED_FLAGS)
    if unknown:
        raise ValueError(f"unknown red flags: {sorted(unknown)}")
    facts = stages.facts(inp, t)
    ill = stages.is_illness_alone(inp, facts, t)
    if inp.red_flags and not ill:  # A. Red flags short-circuit everything.
        return stages.red_flags(inp)
    draft = stages.Draft(cap_minutes=inp.planned_minutes)
    if ill:
        stages.illness(draft)  # I1, not a red flag
    stages.function(inp, draft)
    stages.soreness(inp, facts, draft, t)
    stages.time(inp, facts, draft, t)
    stages.wellness(inp, draft, t)
    stages.load(inp, draft, t)
    minutes, avoid = stages.caps(inp, facts, draft, t)
    return Recommendation(
        level=draft.level,
        max_minutes=minutes,
        rpe_cap=rpe_cap_for(draft.level, t),
        avoid=avoid,
        checklist=_checklist(inp, draft.level, facts.s_max, t),
        fired=tuple(draft.fired),
        urgency=None,
        notes={"hard_leg": facts.hard_leg, "t_quality_h": facts.t_quality, "s_max": facts.s_max},
    )


def warning_signs(
    red_flags: frozenset[str], s_max: int, thresholds: Thresholds | None = None
) -> frozenset[str]:
    """The answers that are red flags (contract v3; `stages.warning_signs`)."""
    return stages.warning_signs(red_flags, s_max, thresholds or DEFAULT_THRESHOLDS)


def evening_checklist(*, goal: str | None, fitness_level: str, run_soon: bool) -> tuple[str, ...]:
    """The DOMAIN.md §8.6 items that need no check-in: the evening after a leg day (Today's
    checklist adds to them what the day's answers call for)."""
    items = ["sleep", "protein", "fluids"]
    if run_soon:
        items.append("carbs")
    if goal in ("strength", "balanced"):
        items.append("skip_ice_baths")
    if fitness_level == "novice":
        items.append("repeated_bout")
    return tuple(items)


def _checklist(inp: ReadinessInput, level: Level, s_max: int, t: Thresholds) -> tuple[str, ...]:
    """DOMAIN.md §8.6, as item keys in display order."""
    base = evening_checklist(
        goal=inp.goal,
        fitness_level=inp.fitness_level,
        run_soon=bool(inp.planned_minutes and level >= Level.RECOVERY_RUN) or inp.run_tomorrow,
    )
    today = []
    if Level.REST <= level <= Level.EASY_RUN:
        today.append("easy_movement")
    if s_max >= t.soreness_moderate:
        today.append("comfort_aids")
    tips = ("skip_ice_baths", "repeated_bout")  # the tips come last
    return (
        *(item for item in base if item not in tips),
        *today,
        *(item for item in base if item in tips),
    )
