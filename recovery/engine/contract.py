"""The engine's contract (DESIGN §4): what goes in, what comes out, and how a fired rule is
recorded. Pure Python, like the rest of `recovery.engine`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .rules import RULES, Level
from .texts import Text


@dataclass(frozen=True)
class ReadinessInput:
    hours_since_leg: float | None  # None = no leg session in the last 7 days
    leg_rpe: float | None
    leg_minutes: float | None
    leg_unaccustomed: bool
    typical_leg_load: float | None
    soreness: Mapping[str, int | None]
    can_walk_normally: bool | None
    sleep_quality: int | None
    energy: int | None
    red_flags: frozenset[str]
    fitness_level: str
    acwr: float | None
    wellness_z: float | None
    planned_minutes: int | None
    # Not in DESIGN §4's list; optional so the contract holds: the "skip routine ice baths"
    # checklist item depends on the goal, the carbohydrate item on a run tomorrow (§8.6: a run
    # or other demanding session within 8-24 h, today's planned run being the other).
    goal: str | None = None
    run_tomorrow: bool = False
    # v3: the athlete's own cautious expected value per group after sessions like the last one
    # (`recovery.engine.response`); an unanswered group takes it instead of the default.
    expected_soreness: Mapping[str, int] | None = None


@dataclass(frozen=True)
class FiredRule:
    rule_id: str
    reason: str  # in English
    refs: tuple[str, ...]
    text: Text | None = None  # the reason as a message id with fields, translated when shown


@dataclass(frozen=True)
class Recommendation:
    level: Level
    max_minutes: int
    rpe_cap: int | None
    avoid: tuple[str, ...]
    checklist: tuple[str, ...]
    fired: tuple[FiredRule, ...]
    urgency: str | None
    # Derived facts worth showing ("hard leg day", T_quality); not part of the verdict.
    notes: Mapping[str, object] = field(default_factory=dict)


def fire(rule_id: str, reason: Text) -> FiredRule:
    """A fired rule with its references from the catalogue ("CO", the coach's call, is not a
    rule of the model and has none)."""
    info = RULES.get(rule_id)
    return FiredRule(rule_id, reason.english, info.refs if info else (), reason)
