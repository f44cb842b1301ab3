"""What every reader shares: the `Activity` it returns, `BadFile` with the report's sentence,
the sports, and careful number and time handling. No Django."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field


class BadFile(Exception):
    """A file that cannot be imported; its message is the report's line."""


UNUSABLE = "The file's times or distances are not numbers RunReady can use."


@dataclass
class StrengthSet:
    category: str  # Garmin's exercise category, e.g. "squat"
    exercise: str  # the category's exercise name, e.g. "barbell_back_squat" ("" if unknown)
    reps: int | None
    weight_kg: float | None


@dataclass
class Activity:
    sport: str  # "run", "walk", "ride", "strength", "other"
    start: dt.datetime  # aware, UTC
    elapsed_s: float
    moving_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    avg_hr: int | None = None
    max_hr: int | None = None
    terrain: str = ""  # "road", "trail", "treadmill" ("" unknown)
    sets: list[StrengthSet] = field(default_factory=list)
    cut_short: bool = False  # damaged after its first records: this is the readable part


SPORTS = {
    "running": "run",
    "run": "run",
    "trail_running": "run",
    "walking": "walk",
    "walk": "walk",
    "hiking": "walk",
    "cycling": "ride",
    "biking": "ride",
    "ride": "ride",
    "training": "strength",
    "fitness_equipment": "strength",
    "strength_training": "strength",
}


def is_time(value) -> bool:
    return isinstance(value, dt.datetime) and value.tzinfo is not None and value.year >= 1990


def short(error: Exception | None) -> str:
    if error is None:
        return "no detail"
    text = str(error).strip() or type(error).__name__
    return text[:120]


def number(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) and value >= 0 else None


def finite(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def positive(value) -> float | None:
    value = number(value)
    return value if value else None


def guess_sport(distance_m: float | None, seconds: float | None) -> str:
    """Without a stated sport: by moving speed (walking < 1.6 m/s <= running <= 6.5 m/s)."""
    if not distance_m or not seconds:
        return "run"
    speed = distance_m / seconds
    return "walk" if speed < 1.6 else "ride" if speed > 6.5 else "run"
