"""Unit conversions between what the athlete types and what we store (SI)."""

import datetime as dt
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext

METRES_PER = {"km": 1000.0, "mi": 1609.344}
KG_PER = {"kg": 1.0, "lb": 0.45359237}


def to_metres(value: float, unit: str) -> float:
    return value * METRES_PER[unit]


def from_metres(metres: float, unit: str) -> float:
    return metres / METRES_PER[unit]


def to_kg(value: float, unit: str) -> float:
    return value * KG_PER[unit]


def from_kg(kg: float, unit: str) -> float:
    return kg / KG_PER[unit]


def pace_seconds(duration_s: float, distance_m: float, unit: str) -> float | None:
    """Seconds per km or per mile."""
    if not distance_m:
        return None
    return duration_s / from_metres(distance_m, unit)


def format_duration(seconds: float | int | None) -> str:
    """1:05:30 for over an hour, else 45:30."""
    if seconds is None:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_pace(duration_s: float, distance_m: float | None, unit: str) -> str:
    pace = pace_seconds(duration_s, distance_m or 0, unit)
    return f"{format_duration(pace)} /{unit}" if pace else ""


def day_words(day: dt.date) -> str:
    """A day as every page writes it: "Tue 1 Dec" (never "2026-12-01" or "Tue 01 Dec"), in the
    reader's language ("Di 1 Dez"); kept per day and language (the roster writes 150)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return _day_words(day, get_language())


@lru_cache(maxsize=4096)
def _day_words(day: dt.date, language: str | None) -> str:
    return date_format(day, "D j M")


RELATIVE_HOURS_UP_TO = 48  # beyond this, a time since is said in days


def hours_since_words(hours: float | None) -> str:
    """How long ago, as a person says it: "20 h" up to two days, then "3 days" ("—": never)."""
    if hours is None:
        return "—"
    if hours < RELATIVE_HOURS_UP_TO:
        return f"{max(hours, 0):.0f} h"
    days = round(hours / 24)
    return ngettext("{days} day", "{days} days", days).format(days=days)
