"""The rule catalogue of the readiness engine (DOMAIN.md §8): levels, rule titles with their
evidence tags and references, red-flag wording, what each level avoids, and the thresholds
with their defaults. Pure Python, like the engine (`readiness`) that applies them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from enum import IntEnum
from typing import Any

from .texts import Text, gettext_noop

MUSCLE_GROUPS = ("quads", "hamstrings", "glutes", "calves", "adductors")
MUSCLE_GROUP_WORDS = {
    "quads": gettext_noop("quads"),
    "hamstrings": gettext_noop("hamstrings"),
    "glutes": gettext_noop("glutes"),
    "calves": gettext_noop("calves"),
    "adductors": gettext_noop("adductors"),
}


def group_word(group: str) -> Text:
    """A muscle group's name, translated where it is shown."""
    return Text(MUSCLE_GROUP_WORDS.get(group, group))


RED_FLAGS = (
    "dark_urine",
    "no_urine",
    "severe_pain_or_swelling",
    "true_weakness",
    "joint_or_bone_pain",
    "acute_injury",
    "cardiac_symptoms",
    "systemic_illness",
    "confusion",
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
    refs: tuple[str, ...]  # DOMAIN.md §9 numbers; the articles behind a rule are data


# DOMAIN.md §8.5. Reference keys are DOMAIN.md §9 numbers.
RULES: dict[str, RuleInfo] = {
    "RF1": RuleInfo(gettext_noop("Dark urine or much less urine"), "E", ("82", "83", "85")),
    "RF2": RuleInfo(
        gettext_noop("Pain far worse than usual soreness, or swelling"),
        "E",
        ("82", "85", "86", "87"),
    ),
    "RF3": RuleInfo(gettext_noop("True weakness"), "E", ("82", "86")),
    "RF4": RuleInfo(gettext_noop("Joint or bone pain"), "E-inf", ("5", "89", "90", "91", "92")),
    "RF5": RuleInfo(gettext_noop("Acute injury"), "E-inf", ("89", "90")),
    "RF6": RuleInfo(gettext_noop("Heart or breathing warning signs"), "E", ("93",)),
    "RF7": RuleInfo(gettext_noop("Feeling generally unwell"), "E-inf", ("87",)),
    "RF8": RuleInfo(
        gettext_noop("Soreness that is not resolving"),
        "E-inf",
        ("1", "3", "4", "5", "20", "87", "89"),
    ),
    "I1": RuleInfo(gettext_noop("Unwell, without the muscle pain of a red flag"), "C", ()),
    "F1": RuleInfo(gettext_noop("Can't walk normally"), "E-inf", ("1", "90")),
    "S1": RuleInfo(
        gettext_noop("Severe soreness ({soreness_severe}/10 or more)"), "E-inf", ("1", "18", "19")
    ),
    "S2": RuleInfo(
        gettext_noop("Moderate soreness ({soreness_moderate}/10 or more)"),
        "E-inf",
        ("18", "19", "119"),
    ),
    "S2b": RuleInfo(gettext_noop("Widespread soreness"), "C", ()),
    "S3": RuleInfo(
        gettext_noop("Mild soreness soon after leg day"), "E-inf", ("8", "21", "22", "38")
    ),
    "S4": RuleInfo(gettext_noop("Sore quads or calves"), "E-inf", ("40", "41", "42")),
    "T1": RuleInfo(gettext_noop("Leg day less than {t1_hours} h ago"), "E-inf", ("27", "35", "36")),
    "T2": RuleInfo(
        gettext_noop("Within {t_quality_habitual_h} h of a hard leg day"),
        "E-inf",
        ("8", "38", "39"),
    ),
    "T3": RuleInfo(
        gettext_noop("Within {t_quality_unaccustomed_h} h of a hard or unaccustomed leg day"),
        "E-inf",
        ("9", "115", "116"),
    ),
    "T4": RuleInfo(gettext_noop("Light leg day"), "C", ()),
    "W1": RuleInfo(gettext_noop("Poor sleep"), "C", ("69", "72", "94", "95")),
    "W2": RuleInfo(gettext_noop("Low energy"), "C", ("69", "72", "75")),
    "W3": RuleInfo(gettext_noop("Wellness below your normal"), "C", ("76", "77", "78")),
    "W4": RuleInfo(gettext_noop("Several wellness warnings"), "C", ("69", "72", "75", "108")),
    "A1": RuleInfo(
        gettext_noop("Recent load well above usual"),
        "C",
        ("57", "58", "59", "60", "61", "62", "63", "64"),
    ),
    "A2": RuleInfo(gettext_noop("Recent load outside your usual range"), "C", ("57", "63")),
    "A3": RuleInfo(gettext_noop("Not enough load history"), "C", ("60",)),
    "G1": RuleInfo(gettext_noop("Warm-up check"), "C", ("5", "20", "53", "54")),
    "G2": RuleInfo(gettext_noop("Cycling instead"), "E-inf", ("26", "28")),
}

# Each red flag's rule (DOMAIN.md §8.5) and urgency; RF1 and RF7 are emergencies with no urine
# at all or with confusion (§8.5: "emergency if no urine, or with confusion").
RED_FLAG_RULES = {
    "dark_urine": ("RF1", "same_day"),
    "no_urine": ("RF1", "emergency"),
    "severe_pain_or_swelling": ("RF2", "same_day"),
    "true_weakness": ("RF3", "same_day"),
    "joint_or_bone_pain": ("RF4", "soon"),
    "acute_injury": ("RF5", "same_day"),
    "cardiac_symptoms": ("RF6", "emergency"),
    "systemic_illness": ("RF7", "same_day"),
    "confusion": ("RF7", "emergency"),
    "non_resolving_soreness": ("RF8", "soon"),
}

RED_FLAG_REASONS = {
    "dark_urine": gettext_noop(
        "You reported dark (tea- or cola-coloured) urine or much less urine since the workout — a warning sign of muscle breakdown (rhabdomyolysis)."
    ),
    "no_urine": gettext_noop(
        "You reported passing no urine at all since the workout — with muscle pain, a sign that the kidneys may be in danger (rhabdomyolysis)."
    ),
    "severe_pain_or_swelling": gettext_noop(
        "You reported pain far worse than usual soreness, or swelling or very hard muscles."
    ),
    "true_weakness": gettext_noop(
        "You reported true weakness: trouble rising from a chair, climbing stairs or lifting the leg."
    ),
    "joint_or_bone_pain": gettext_noop(
        "You reported sharp joint pain, pinpoint bone tenderness, pain at rest or at night, or one-sided pain — signs of an injury rather than soreness."
    ),
    "acute_injury": gettext_noop(
        "You reported a sudden pain, pop or tear, bruising, or being unable to bear weight."
    ),
    "cardiac_symptoms": gettext_noop(
        "You reported chest pain or pressure, fainting, unusual breathlessness or palpitations."
    ),
    "systemic_illness": gettext_noop("You reported fever, vomiting or feeling generally unwell."),
    "confusion": gettext_noop(
        "You reported feeling confused — with muscle pain after a workout, a sign of severe illness."
    ),
    "non_resolving_soreness": gettext_noop(
        "Your soreness is not resolving the way normal post-workout soreness does."
    ),
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
    # A run against the day's advice (`engine.adherence`): the level's heart-rate cap.
    recovery_hr_pct: float = 70  # levels 1-2: <= ~70 % HRmax
    easy_hr_pct: float = 75  # level 3: <= ~75 % HRmax

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def with_overrides(self, values: Mapping[str, float]) -> Thresholds:
        """A copy with the given values (unknown keys ignored), cast to each field's type."""
        casts: dict[str, type[int] | type[float]] = {
            f.name: (int if f.type in ("int", int) else float) for f in fields(self)
        }
        changes: dict[str, Any] = {k: casts[k](v) for k, v in values.items() if k in casts}
        return replace(self, **changes)


# Each threshold in plain words, as the admin lists it for the editors who tune it.
THRESHOLD_LABELS: dict[str, str] = {
    "soreness_severe": "Soreness that counts as severe (0-10)",
    "soreness_moderate": "Soreness that counts as moderate (0-10)",
    "widespread_groups": "Sore muscle groups that make soreness widespread",
    "widespread_minutes": "Run limit when soreness is widespread",
    "hard_leg_rpe": "Session effort that makes a leg day hard",
    "hard_leg_load_ratio": "Leg-day load, times the athlete's usual, that makes it hard",
    "t_quality_light_h": "Wait before quality running after a light leg day",
    "t_quality_habitual_h": "Wait before quality running after a hard leg day",
    "t_quality_unaccustomed_h": "Wait before quality running after an unaccustomed leg day",
    "t1_hours": "Hours after a leg day that count as 'just after'",
    "t1_minutes": "Run limit just after a leg day",
    "wellness_low": "Sleep or energy answer that counts as poor (1-5)",
    "wellness_z_flag": "How far below their usual wellness counts as low",
    "wellness_z_double": "How far below their usual wellness counts twice",
    "acwr_high": "Recent training load, against usual, that shortens runs",
    "acwr_duration_factor": "Share of the run kept when recent load is high",
    "acwr_band_low": "Recent load, against usual, below which a note is shown",
    "acwr_band_high": "Recent load, against usual, above which a note is shown",
    "rest_walk_minutes": "Walking limit on a rest day",
    "recovery_minutes_novice": "Recovery-run limit, novices",
    "recovery_minutes": "Recovery-run limit, others",
    "easy_minutes_novice": "Easy-run limit, novices",
    "easy_minutes_intermediate": "Easy-run limit, intermediate athletes",
    "easy_minutes_trained": "Easy-run limit, trained athletes",
    "unplanned_max_minutes": "Run limit on a free day with nothing planned",
    "rest_rpe_cap": "Effort cap on a rest day (0-10)",
    "recovery_rpe_cap": "Effort cap of a recovery run (0-10)",
    "easy_rpe_cap": "Effort cap of an easy run (0-10)",
    "recovery_hr_pct": "Heart-rate cap of rest and recovery days (% of maximum)",
    "easy_hr_pct": "Heart-rate cap of an easy run (% of maximum)",
}


# What an admin may set each threshold to (DOMAIN.md §8 with room to tune, never so far that a
# rule switches itself off), and the orderings the rules rely on.
THRESHOLD_BOUNDS: dict[str, tuple[float, float]] = {
    "soreness_severe": (5, 10),
    "soreness_moderate": (2, 8),
    "widespread_groups": (2, 5),
    "widespread_minutes": (5, 60),
    "hard_leg_rpe": (5, 10),
    "hard_leg_load_ratio": (1.0, 3.0),
    "t_quality_light_h": (6, 48),
    "t_quality_habitual_h": (24, 96),
    "t_quality_unaccustomed_h": (36, 120),
    "t1_hours": (1, 24),
    "t1_minutes": (10, 90),
    "wellness_low": (1, 3),
    "wellness_z_flag": (-3, 0),
    "wellness_z_double": (-4, -0.5),
    "acwr_high": (1.1, 3.0),
    "acwr_duration_factor": (0.3, 1.0),
    "acwr_band_low": (0.3, 1.0),
    "acwr_band_high": (1.0, 2.0),
    "rest_walk_minutes": (0, 90),
    "recovery_minutes_novice": (5, 60),
    "recovery_minutes": (5, 60),
    "easy_minutes_novice": (10, 120),
    "easy_minutes_intermediate": (10, 150),
    "easy_minutes_trained": (10, 180),
    "unplanned_max_minutes": (30, 400),
    "rest_rpe_cap": (0, 3),
    "recovery_rpe_cap": (1, 4),
    "easy_rpe_cap": (2, 6),
    "recovery_hr_pct": (55, 85),
    "easy_hr_pct": (60, 90),
}
# (lower, higher, strictly): `lower` must stay below (or, not strictly, at most) `higher`.
THRESHOLD_ORDER = (
    ("soreness_moderate", "soreness_severe", True),
    ("t_quality_light_h", "t_quality_habitual_h", False),
    ("t_quality_habitual_h", "t_quality_unaccustomed_h", False),
    ("wellness_z_double", "wellness_z_flag", True),
    ("acwr_band_low", "acwr_band_high", True),
    ("acwr_band_high", "acwr_high", False),
    ("recovery_minutes_novice", "easy_minutes_novice", False),
    ("recovery_minutes", "easy_minutes_intermediate", False),
    ("easy_minutes_novice", "easy_minutes_intermediate", False),
    ("easy_minutes_intermediate", "easy_minutes_trained", False),
    ("rest_rpe_cap", "recovery_rpe_cap", False),
    ("recovery_rpe_cap", "easy_rpe_cap", False),
    ("recovery_hr_pct", "easy_hr_pct", False),
)


def threshold_problems(values: Mapping[str, float]) -> dict[str, str]:
    """Why a set of threshold values is not acceptable, by key (empty: it is)."""
    problems: dict[str, str] = {}
    whole = {f.name for f in fields(Thresholds) if f.type in ("int", int)}
    for key, value in values.items():
        if key not in THRESHOLD_BOUNDS:
            continue
        low, high = THRESHOLD_BOUNDS[key]
        if not low <= value <= high:
            problems[key] = f"{key} must be between {low:g} and {high:g}."
        elif key in whole and value != int(value):
            problems[key] = f"{key} must be a whole number."
    for lower, higher, strict in THRESHOLD_ORDER:
        if lower in values and higher in values and lower not in problems:
            a, b = values[lower], values[higher]
            if a > b or (strict and a == b):
                word = "below" if strict else "at most"
                problems.setdefault(lower, f"{lower} ({a:g}) must be {word} {higher} ({b:g}).")
    return problems
