"""The athlete's own soreness response (issue 25, DESIGN §2 "outcomes"): from their check-ins
18-30 h and 40-54 h after past leg days, per muscle group and kind of session (light, habitual
or hard against their own median load; eccentric-heavy or not), the median and a cautious upper
value (the 75th percentile, rounded up) once enough comparable sessions exist. The engine uses
the upper value for a group not answered yet (contract v3, `ReadinessInput.expected_soreness`);
a check-in always replaces it. Pure Python, like the rest of `recovery.engine`."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Hardness = Literal["light", "habitual", "hard"]
Window = Literal["next_morning", "day_2"]

MIN_SESSIONS = 4  # comparable sessions before the athlete's own response is used
LIGHT_BELOW = 0.75  # load below this share of the athlete's median: a light session
HARD_FROM = 1.5  # load at this multiple of the median or more: a hard one (DOMAIN §8.2)
WINDOWS: dict[Window, tuple[float, float]] = {
    "next_morning": (18.0, 30.0),  # hours after the session ended
    "day_2": (40.0, 54.0),
}


@dataclass(frozen=True)
class Kind:
    """What makes two leg days comparable."""

    hardness: Hardness
    eccentric: bool


@dataclass(frozen=True)
class Observation:
    """One group's score in one check-in `hours` after a leg day of `kind`."""

    kind: Kind
    hours: float
    group: str
    score: int


@dataclass(frozen=True)
class Expectation:
    median: float
    upper: int  # the 75th percentile, rounded up: what the advice assumes before a check-in
    sessions: int


def hardness(load: float, median_load: float | None) -> Hardness:
    """A session's load against the athlete's own median (no median yet: habitual)."""
    if not median_load:
        return "habitual"
    ratio = load / median_load
    if ratio >= HARD_FROM:
        return "hard"
    return "light" if ratio < LIGHT_BELOW else "habitual"


def window_of(hours: float) -> Window | None:
    """Which window a check-in `hours` after a leg day falls in, if any."""
    for name, (low, high) in WINDOWS.items():
        if low <= hours <= high:
            return name
    return None


def upper_quartile(scores: list[int]) -> int:
    """The 75th percentile by nearest rank (the score at rank ⌈0.75 n⌉ of the athlete's own
    comparable mornings, so never an interpolation below them): at least three in four of
    those mornings were at or below it. The cautious value the advice assumes."""
    ordered = sorted(scores)
    return ordered[max(math.ceil(0.75 * len(ordered)), 1) - 1] if ordered else 0


def expected(
    observations: Iterable[Observation],
    kind: Kind,
    window: Window,
    *,
    minimum: int = MIN_SESSIONS,
) -> dict[str, Expectation]:
    """Per group, what the athlete's comparable sessions (same kind) showed in `window`: only
    groups with at least `minimum` of them (fewer: the engine's default stands)."""
    by_group: dict[str, list[int]] = {}
    low, high = WINDOWS[window]
    for seen in observations:
        if seen.kind == kind and low <= seen.hours <= high:
            by_group.setdefault(seen.group, []).append(seen.score)
    return {
        group: Expectation(statistics.median(scores), upper_quartile(scores), len(scores))
        for group, scores in by_group.items()
        if len(scores) >= minimum
    }


def expected_soreness(found: Mapping[str, Expectation]) -> dict[str, int]:
    """The engine's input (`ReadinessInput.expected_soreness`): the cautious upper values."""
    return {group: expectation.upper for group, expectation in found.items()}
