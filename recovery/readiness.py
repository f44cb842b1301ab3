"""The readiness rule engine: today's run prescription after a leg day (DOMAIN.md §8).

Pure Python: no Django, no I/O. The service layer gathers a ReadinessInput from the
database and stores the Recommendation. Every rule only caps or lowers the verdict
(most restrictive wins); wellness and load rules only ever lower it; missing data is
treated conservatively. Every rule that fires says why, with its reference keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import IntEnum

MUSCLE_GROUPS = ("quads", "hamstrings", "glutes", "calves", "adductors")
RED_FLAGS = (
    "dark_urine",
    "severe_pain_or_swelling",
    "true_weakness",
    "joint_or_bone_pain",
    "acute_injury",
    "cardiac_symptoms",
    "systemic_illness",
    "non_resolving_soreness",
)
FITNESS_LEVELS = ("novice", "intermediate", "trained")
URGENCY_ORDER = ("soon", "same_day", "emergency")  # least to most urgent


class Level(IntEnum):
    SEE_DOCTOR = 0
    REST = 1
    RECOVERY_RUN = 2
    EASY_RUN = 3
    AS_PLANNED = 4


@dataclass(frozen=True)
class RuleInfo:
    title: str
    tag: str  # E, E-inf, C (DOMAIN.md "How to read the tags")
    refs: tuple[str, ...]
    topic: str  # guidance article slug that explains this family of rules


# DOMAIN.md §8.5. Reference keys are DOMAIN.md §9 numbers.
RULES: dict[str, RuleInfo] = {
    "RF1": RuleInfo("Dark urine or much less urine", "E", ("82", "83", "85"), "red-flags"),
    "RF2": RuleInfo(
        "Pain far worse than usual soreness, or swelling",
        "E",
        ("82", "85", "86", "87"),
        "red-flags",
    ),
    "RF3": RuleInfo("True weakness", "E", ("82", "86"), "red-flags"),
    "RF4": RuleInfo("Joint or bone pain", "E-inf", ("5", "89", "90", "91", "92"), "red-flags"),
    "RF5": RuleInfo("Acute injury", "E-inf", ("89", "90"), "red-flags"),
    "RF6": RuleInfo("Heart or breathing warning signs", "E", ("93",), "red-flags"),
    "RF7": RuleInfo("Feeling generally unwell", "E-inf", ("87",), "red-flags"),
    "RF8": RuleInfo(
        "Soreness that is not resolving",
        "E-inf",
        ("1", "3", "4", "5", "20", "87", "89"),
        "red-flags",
    ),
    "F1": RuleInfo("Can't walk normally", "E-inf", ("1", "90"), "doms-and-soreness"),
    "S1": RuleInfo("Severe soreness", "E-inf", ("1", "18", "19"), "doms-and-soreness"),
    "S2": RuleInfo("Moderate soreness", "E-inf", ("18", "19", "119"), "doms-and-soreness"),
    "S2b": RuleInfo("Widespread soreness", "C", (), "doms-and-soreness"),
    "S3": RuleInfo(
        "Mild soreness soon after leg day", "E-inf", ("8", "21", "22", "38"), "doms-and-soreness"
    ),
    "S4": RuleInfo("Sore quads or calves", "E-inf", ("40", "41", "42"), "recovery-and-easy-runs"),
    "T1": RuleInfo("Leg day only hours ago", "E-inf", ("27", "35", "36"), "timing-after-leg-day"),
    "T2": RuleInfo(
        "Within 48 h of a hard leg day", "E-inf", ("8", "38", "39"), "timing-after-leg-day"
    ),
    "T3": RuleInfo(
        "Within 72 h of a hard or unaccustomed leg day",
        "E-inf",
        ("9", "115", "116"),
        "timing-after-leg-day",
    ),
    "T4": RuleInfo("Light leg day", "C", (), "timing-after-leg-day"),
    "W1": RuleInfo("Poor sleep", "C", ("69", "72", "94", "95"), "sleep-and-wellness"),
    "W2": RuleInfo("Low energy", "C", ("69", "72", "75"), "sleep-and-wellness"),
    "W3": RuleInfo("Wellness below your normal", "C", ("76", "77", "78"), "sleep-and-wellness"),
    "W4": RuleInfo(
        "Several wellness warnings", "C", ("69", "72", "75", "108"), "sleep-and-wellness"
    ),
    "A1": RuleInfo(
        "Recent load well above usual",
        "C",
        ("57", "58", "59", "60", "61", "62", "63", "64"),
        "load-and-acwr",
    ),
    "A2": RuleInfo("Recent load outside your usual range", "C", ("57", "63"), "load-and-acwr"),
    "A3": RuleInfo("Not enough load history", "C", ("60",), "load-and-acwr"),
    "G1": RuleInfo("Warm-up check", "C", ("5", "20", "53", "54"), "warm-up"),
    "G2": RuleInfo("Cycling instead", "E-inf", ("26", "28"), "recovery-and-easy-runs"),
}

RED_FLAG_RULES = {
    "dark_urine": ("RF1", "same_day"),
    "severe_pain_or_swelling": ("RF2", "same_day"),
    "true_weakness": ("RF3", "same_day"),
    "joint_or_bone_pain": ("RF4", "soon"),
    "acute_injury": ("RF5", "same_day"),
    "cardiac_symptoms": ("RF6", "emergency"),
    "systemic_illness": ("RF7", "same_day"),
    "non_resolving_soreness": ("RF8", "soon"),
}

RED_FLAG_REASONS = {
    "RF1": "You reported dark (tea- or cola-coloured) urine or much less urine since the workout — a warning sign of muscle breakdown (rhabdomyolysis).",
    "RF2": "You reported pain far worse than usual soreness, or swelling or very hard muscles.",
    "RF3": "You reported true weakness: trouble rising from a chair, climbing stairs or lifting the leg.",
    "RF4": "You reported sharp joint pain, pinpoint bone tenderness, pain at rest or at night, or one-sided pain — signs of an injury rather than soreness.",
    "RF5": "You reported a sudden pain, pop or tear, bruising, or being unable to bear weight.",
    "RF6": "You reported chest pain or pressure, fainting, unusual breathlessness or palpitations.",
    "RF7": "You reported fever, vomiting or feeling generally unwell or confused.",
    "RF8": "Your soreness is not resolving the way normal post-workout soreness does.",
}

# Avoid-list keys (the UI words live next to the templates).
AVOID_BY_LEVEL: dict[Level, tuple[str, ...]] = {
    Level.SEE_DOCTOR: ("all_exercise",),
    Level.REST: ("all_running",),
    Level.RECOVERY_RUN: (
        "intervals",
        "tempo",
        "strides",
        "hills",
        "trail_descents",
        "long_run",
        "plyometrics",
    ),
    Level.EASY_RUN: (
        "intervals",
        "tempo",
        "hill_repeats",
        "steep_downhill",
        "long_run_over_60",
        "races",
    ),
    Level.AS_PLANNED: (),
}


@dataclass(frozen=True)
class Thresholds:
    """Every number the rules use (DOMAIN.md §8), overridable by the admin-edited rows."""

    soreness_severe: int = 7  # S1
    soreness_moderate: int = 4  # S2, S4; also the "missing soreness" default
    widespread_groups: int = 3  # S2b
    widespread_minutes: int = 20  # S2b
    hard_leg_rpe: float = 7  # hard_leg: RPE >= 7
    hard_leg_load_ratio: float = 1.5  # hard_leg: load >= 1.5 x median
    t_quality_light_h: float = 24  # T4
    t_quality_habitual_h: float = 48  # T2
    t_quality_unaccustomed_h: float = 72  # T3
    t1_hours: float = 6  # T1
    t1_minutes: int = 40  # T1
    wellness_low: int = 2  # W1, W2: sleep/energy <= 2
    wellness_z_flag: float = -1  # W3
    wellness_z_double: float = -2  # W3: counts twice
    acwr_high: float = 1.5  # A1
    acwr_duration_factor: float = 0.75  # A1
    acwr_band_low: float = 0.8  # A2
    acwr_band_high: float = 1.3  # A2
    rest_walk_minutes: int = 30  # level 1
    recovery_minutes_novice: int = 20  # level 2
    recovery_minutes: int = 30  # level 2
    easy_minutes_novice: int = 40  # level 3
    easy_minutes_intermediate: int = 50  # level 3
    easy_minutes_trained: int = 60  # level 3
    unplanned_max_minutes: int = 180  # level 4 without a plan
    rest_rpe_cap: int = 2
    recovery_rpe_cap: int = 2
    easy_rpe_cap: int = 3

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def with_overrides(self, values: Mapping[str, float]) -> Thresholds:
        """A copy with the given values (unknown keys ignored), cast to each field's type."""
        casts = {f.name: (int if f.type in ("int", int) else float) for f in fields(self)}
        return replace(self, **{k: casts[k](v) for k, v in values.items() if k in casts})


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
    # checklist item depends on the goal (DOMAIN.md §8.6).
    goal: str | None = None


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
    """Every group's score; missing or unanswered counts as moderate (§8.1 principle 5)."""
    return {
        group: t.soreness_moderate if inp.soreness.get(group) is None else int(inp.soreness[group])
        for group in MUSCLE_GROUPS
    }


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
    return FiredRule(rule_id, reason, RULES[rule_id].refs)


def _see_doctor(inp: ReadinessInput) -> Recommendation:
    flags = [RED_FLAG_RULES[flag] for flag in RED_FLAGS if flag in inp.red_flags]
    urgency = max((u for _, u in flags), key=URGENCY_ORDER.index)
    fired = tuple(_fire(rule_id, RED_FLAG_REASONS[rule_id]) for rule_id, _ in flags)
    checklist = ["stop_and_seek_care"]
    if inp.fitness_level == "novice":
        checklist.append("repeated_bout")
    return Recommendation(
        level=Level.SEE_DOCTOR,
        max_minutes=0,
        rpe_cap=0,
        avoid=AVOID_BY_LEVEL[Level.SEE_DOCTOR],
        checklist=tuple(checklist),
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
    worst = max(MUSCLE_GROUPS, key=lambda g: soreness[g])
    note = (
        f" ({', '.join(unanswered)} not answered, counted as {t.soreness_moderate})"
        if unanswered
        else ""
    )
    if s_max >= t.soreness_severe:
        cap(Level.REST)
        fired.append(
            _fire(
                "S1",
                f"Your worst soreness is {s_max}/10 ({worst}){note}: severe soreness limits movement, so rest or walk only.",
            )
        )
    elif s_max >= t.soreness_moderate:
        cap(Level.RECOVERY_RUN)
        fired.append(
            _fire(
                "S2",
                f"Your worst soreness is {s_max}/10 ({worst}){note}: moderate, so a short recovery run at most.",
            )
        )
        if s_n4 >= t.widespread_groups:
            cap(Level.RECOVERY_RUN, t.widespread_minutes)
            fired.append(
                _fire(
                    "S2b",
                    f"{s_n4} muscle groups are at {t.soreness_moderate}/10 or more: keep it to {t.widespread_minutes} minutes.",
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
            _fire("T4", "A light leg day: mild soreness only limits you for the first 24 h.")
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
        fired.append(
            _fire(
                "S4",
                f"Sore quads or calves ({s_run}/10): no downhill, even on walks and easy runs.",
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


def _checklist(inp: ReadinessInput, level: Level, s_max: int, t: Thresholds) -> tuple[str, ...]:
    """DOMAIN.md §8.6, as item keys in display order."""
    items = ["sleep", "protein", "fluids"]
    if inp.planned_minutes and level >= Level.RECOVERY_RUN:
        items.append("carbs")
    if Level.REST <= level <= Level.EASY_RUN:
        items.append("easy_movement")
    if s_max >= t.soreness_moderate:
        items.append("comfort_aids")
    if inp.goal in ("strength", "balanced"):
        items.append("skip_ice_baths")
    if inp.fitness_level == "novice":
        items.append("repeated_bout")
    return tuple(items)
