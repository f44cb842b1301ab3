"""The readiness rule engine: today's run prescription after a leg day (DOMAIN.md §8).

Pure Python: no Django, no I/O. The service layer gathers a ReadinessInput from the
database and stores the Recommendation. Every rule only caps or lowers the verdict
(most restrictive wins); wellness and load rules only ever lower it; missing data is
treated conservatively. Every rule that fires says why, with its reference keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .rules import (
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
    # checklist item depends on the goal, the carbohydrate item on a key run tomorrow (§8.6).
    goal: str | None = None
    hard_run_tomorrow: bool = False


@dataclass(frozen=True)
class FiredRule:
    rule_id: str
    reason: str
    refs: tuple[str, ...]


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


DEFAULT_THRESHOLDS = Thresholds()


def _soreness(inp: ReadinessInput, t: Thresholds) -> dict[str, int]:
    """Every group's score. A missing or unanswered one counts as moderate (§8.1 principle 5)
    while there is a leg day in the last 7 days, and as none without one (DESIGN §4)."""
    default = t.soreness_moderate if inp.hours_since_leg is not None else 0
    return {
        group: default if inp.soreness.get(group) is None else int(inp.soreness[group])
        for group in MUSCLE_GROUPS
    }


def _score(group: str, soreness: Mapping[str, int], inp: ReadinessInput) -> str:
    """A group's soreness as the athlete gave it: "5/10", or "not answered yet"."""
    return "not answered yet" if inp.soreness.get(group) is None else f"{soreness[group]}/10"


def _hard_leg(inp: ReadinessInput, t: Thresholds) -> bool:
    if inp.hours_since_leg is None:
        return False
    if inp.leg_rpe is None or inp.leg_minutes is None:
        return True  # unknown session: count it as hard (DESIGN §4)
    load = inp.leg_rpe * inp.leg_minutes
    heavy_load = (
        inp.typical_leg_load is not None and load >= t.hard_leg_load_ratio * inp.typical_leg_load
    )
    return inp.leg_rpe >= t.hard_leg_rpe or inp.leg_unaccustomed or heavy_load


def _t_quality(inp: ReadinessInput, hard_leg: bool, t: Thresholds) -> float:
    if not hard_leg:
        return t.t_quality_light_h
    if inp.fitness_level == "novice" or inp.leg_unaccustomed:
        return t.t_quality_unaccustomed_h
    return t.t_quality_habitual_h


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
    hard = _hard_leg(inp, t)
    return hard, _t_quality(inp, hard, t)


def _level_minutes(level: Level, fitness: str, t: Thresholds) -> int:
    if level == Level.SEE_DOCTOR:
        return 0
    if level == Level.REST:
        return t.rest_walk_minutes
    if level == Level.RECOVERY_RUN:
        return t.recovery_minutes_novice if fitness == "novice" else t.recovery_minutes
    if level == Level.EASY_RUN:
        return {
            "novice": t.easy_minutes_novice,
            "intermediate": t.easy_minutes_intermediate,
        }.get(fitness, t.easy_minutes_trained)
    return t.unplanned_max_minutes


def rpe_cap_for(level: Level, t: Thresholds) -> int | None:
    return {
        Level.SEE_DOCTOR: 0,
        Level.REST: t.rest_rpe_cap,
        Level.RECOVERY_RUN: t.recovery_rpe_cap,
        Level.EASY_RUN: t.easy_rpe_cap,
    }.get(level)


def _fire(rule_id: str, reason: str) -> FiredRule:
    info = RULES.get(rule_id)  # "CO", the coach's call, is not a rule of the model
    return FiredRule(rule_id, reason, info.refs if info else ())


def _see_doctor(inp: ReadinessInput) -> Recommendation:
    """Level 0: what to do now follows the warning signs (the card words them per sign); no
    recovery checklist and no "next time" tip, which would only distract from it."""
    flags = [flag for flag in RED_FLAGS if flag in inp.red_flags]
    urgency = max((RED_FLAG_RULES[flag][1] for flag in flags), key=URGENCY_ORDER.index)
    fired = tuple(_fire(RED_FLAG_RULES[flag][0], RED_FLAG_REASONS[flag]) for flag in flags)
    return Recommendation(
        level=Level.SEE_DOCTOR,
        max_minutes=0,
        rpe_cap=0,
        avoid=AVOID_BY_LEVEL[Level.SEE_DOCTOR],
        checklist=(),
        fired=fired,
        urgency=urgency,
    )


def assess(inp: ReadinessInput, thresholds: Thresholds | None = None) -> Recommendation:
    """Today's prescription for `inp` (DOMAIN.md §8.4, most restrictive wins)."""
    t = thresholds or DEFAULT_THRESHOLDS
    unknown = inp.red_flags - set(RED_FLAGS)
    if unknown:
        raise ValueError(f"unknown red flags: {sorted(unknown)}")

    # A. Red flags short-circuit everything.
    if inp.red_flags:
        return _see_doctor(inp)

    level = Level.AS_PLANNED
    cap_minutes: int | None = inp.planned_minutes
    duration_factor = 1.0
    fired: list[FiredRule] = []
    soreness = _soreness(inp, t)
    s_max = max(soreness.values())
    s_n4 = sum(score >= t.soreness_moderate for score in soreness.values())
    s_run = max(soreness["quads"], soreness["calves"])
    hours = inp.hours_since_leg
    hard_leg = _hard_leg(inp, t)
    t_quality = _t_quality(inp, hard_leg, t)
    unanswered = [g for g in MUSCLE_GROUPS if inp.soreness.get(g) is None]

    def cap(new_level: Level, minutes: int | None = None) -> None:
        nonlocal level, cap_minutes
        level = min(level, new_level)
        if minutes is not None:
            cap_minutes = minutes if cap_minutes is None else min(cap_minutes, minutes)

    # B. Function.
    if inp.can_walk_normally is False:
        cap(Level.REST)
        fired.append(
            _fire(
                "F1",
                "You can't walk or take stairs normally: rest or walk only today. If that comes with weakness or severe pain, answer those questions honestly — they route you to a clinician.",
            )
        )

    # C. Soreness.
    # A group not answered yet is never quoted as a number the athlete did not give.
    worst = max(MUSCLE_GROUPS, key=lambda g: (soreness[g], inp.soreness.get(g) is not None))
    guessed = inp.soreness.get(worst) is None
    if s_max >= t.soreness_severe:
        cap(Level.REST)
        fired.append(
            _fire(
                "S1",
                f"Your worst soreness is {s_max}/10 ({worst}): severe soreness limits movement, so rest or walk only.",
            )
        )
    elif s_max >= t.soreness_moderate:
        cap(Level.RECOVERY_RUN)
        fired.append(
            _fire(
                "S2",
                f"Soreness not answered yet ({', '.join(unanswered)}), a day after leg training: until you check in it counts as moderate, so a short recovery run at most."
                if guessed
                else f"Your worst soreness is {s_max}/10 ({worst}): moderate, so a short recovery run at most.",
            )
        )
        if s_n4 >= t.widespread_groups:
            cap(Level.RECOVERY_RUN, t.widespread_minutes)
            answered = [
                g
                for g in MUSCLE_GROUPS
                if soreness[g] >= t.soreness_moderate and g not in unanswered
            ]
            fired.append(
                _fire(
                    "S2b",
                    f"{s_n4} muscle groups are sore or not answered yet ({', '.join(answered) or 'none answered'} at {t.soreness_moderate}/10 or more): keep it to {t.widespread_minutes} minutes."
                    if unanswered
                    else f"{s_n4} muscle groups are at {t.soreness_moderate}/10 or more: keep it to {t.widespread_minutes} minutes.",
                )
            )
    elif s_max >= 1 and hours is not None and hours < t_quality:
        cap(Level.EASY_RUN)
        fired.append(
            _fire(
                "S3",
                f"Mild soreness ({s_max}/10) {hours:.0f} h after leg day: soreness underestimates lost strength, so keep it easy until {t_quality:.0f} h have passed.",
            )
        )

    # D. Time since the leg session.
    if hours is not None and hours < t.t1_hours:
        cap(Level.EASY_RUN, t.t1_minutes)
        fired.append(
            _fire(
                "T1",
                f"Your leg session ended {hours:.1f} h ago: running now adds to its fatigue, so easy and at most {t.t1_minutes} minutes.",
            )
        )
    if hard_leg and hours is not None and hours < t_quality:
        cap(Level.EASY_RUN)
        if t_quality == t.t_quality_unaccustomed_h:
            why = (
                "you are new to leg training"
                if inp.fitness_level == "novice"
                else "the session was unaccustomed"
            )
            fired.append(
                _fire(
                    "T3",
                    f"A hard leg day {hours:.0f} h ago and {why}: quality running waits {t_quality:.0f} h.",
                )
            )
        else:
            fired.append(
                _fire(
                    "T2",
                    f"A hard leg day {hours:.0f} h ago: quality running (intervals, tempo, hills, long runs) waits {t_quality:.0f} h.",
                )
            )
    elif hours is not None and not hard_leg and hours < t.t_quality_light_h and s_max >= 1:
        fired.append(
            _fire(
                "T4",
                f"A light leg day: mild soreness only limits you for the first {t.t_quality_light_h:g} h.",
            )
        )

    # E. Wellness (only ever lowers).
    flags = 0
    if inp.sleep_quality is not None and inp.sleep_quality <= t.wellness_low:
        flags += 1
        fired.append(_fire("W1", f"You slept poorly ({inp.sleep_quality}/5)."))
    if inp.energy is not None and inp.energy <= t.wellness_low:
        flags += 1
        fired.append(_fire("W2", f"Your energy is low ({inp.energy}/5)."))
    if inp.wellness_z is not None and inp.wellness_z <= t.wellness_z_flag:
        flags += 2 if inp.wellness_z <= t.wellness_z_double else 1
        fired.append(
            _fire(
                "W3",
                f"Today's wellness is {abs(inp.wellness_z):.1f} standard deviations below your own recent normal.",
            )
        )
    if flags == 1 and level > Level.RECOVERY_RUN:
        level = Level(level - 1)
    elif flags >= 2:
        fired.append(
            _fire(
                "W4", "Several wellness warnings together signal under-recovery: two steps easier."
            )
        )
        if level > Level.REST:
            level = Level(max(Level.REST, level - 2))

    # F. Load context (only ever lowers; needs 28 days of data).
    if inp.acwr is None:
        fired.append(
            _fire("A3", "Less than 28 days of training logged: your load trend is not used yet.")
        )
    elif inp.acwr > t.acwr_high:
        cap(Level.EASY_RUN)
        duration_factor = t.acwr_duration_factor
        fired.append(
            _fire(
                "A1",
                f"Your recent training load rose quickly (7:28-day ratio {inp.acwr:.2f}): easy running and {round(t.acwr_duration_factor * 100)} % of the usual duration. A trend, not an injury prediction.",
            )
        )
    elif inp.acwr > t.acwr_band_high or inp.acwr < t.acwr_band_low:
        direction = "above" if inp.acwr > t.acwr_band_high else "below"
        fired.append(
            _fire(
                "A2",
                f"Your recent load is {direction} your usual range (ratio {inp.acwr:.2f}); for information only.",
            )
        )

    # G. Level caps, avoid list, checklist.
    minutes = _level_minutes(level, inp.fitness_level, t)
    if cap_minutes is not None and level > Level.REST:
        minutes = min(minutes, cap_minutes)
    minutes = int(minutes * duration_factor + 0.5)  # half up, not banker's rounding
    avoid = list(AVOID_BY_LEVEL[level])
    if s_run >= t.soreness_moderate and level > Level.SEE_DOCTOR:
        avoid.append("any_downhill")
        run_group = "quads" if soreness["quads"] >= soreness["calves"] else "calves"
        fired.append(
            _fire(
                "S4",
                f"Sore quads or calves ({run_group} {_score(run_group, soreness, inp)}): no downhill, even on walks and easy runs.",
            )
        )
    if level == Level.AS_PLANNED:
        fired.append(
            _fire(
                "G1",
                "Warm up 10–15 minutes first. If your soreness doesn't ease, or rises by 2 points or more, make it an easy run instead.",
            )
        )
    elif level in (Level.RECOVERY_RUN, Level.EASY_RUN):
        fired.append(
            _fire(
                "G2",
                "Rather not run? The same time of easy cycling is a good swap: it loads the legs less eccentrically.",
            )
        )

    return Recommendation(
        level=level,
        max_minutes=minutes,
        rpe_cap=rpe_cap_for(level, t),
        avoid=tuple(avoid),
        checklist=_checklist(inp, level, s_max, t),
        fired=tuple(fired),
        urgency=None,
        notes={"hard_leg": hard_leg, "t_quality_h": t_quality, "s_max": s_max},
    )


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
        run_soon=bool(inp.planned_minutes and level >= Level.RECOVERY_RUN) or inp.hard_run_tomorrow,
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
