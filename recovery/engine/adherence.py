"""A run against the day's advice (DESIGN §2 "outcomes"): what in it went beyond what the
verdict allowed. Pure Python, like the rest of `recovery.engine`.

Every deviation is an excess (longer, harder, a type or terrain the day's advice ruled out),
so a run with none followed the advice. Level 4 ("as planned") sets no limit of its own: a
run on such a day is compared with its plan, not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import Level

# Minutes within this share over the cap still count as the advice: a 22-minute run on a
# "up to 20 min" day is the advice kept, with the walk home.
MINUTES_SLACK = 0.10
# Metres down in one run that are clearly more than a flat route's (the same measure the
# check-in's downhill follow-up uses).
LARGE_DESCENT_M = 100
DOWNHILL_KEYS = ("any_downhill", "steep_downhill", "trail_descents")
# The avoid keys a run of each type falls under ("long" past an hour also under
# "long_run_over_60"; a race is a hard effort whatever the day's list names it).
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "intervals": ("intervals",),
    "tempo": ("tempo",),
    "hills": ("hills", "hill_repeats"),
    "long": ("long_run",),
    "race": ("races", "intervals", "tempo"),
}
LONG_KEY_MINUTES = 60


@dataclass(frozen=True)
class Advice:
    """The day's verdict, as far as a run can be held against it."""

    level: int
    max_minutes: int
    rpe_cap: int | None
    avoid: tuple[str, ...]
    hr_cap_pct: float | None = None  # of HRmax, the level's cap (DOMAIN §8.3)


@dataclass(frozen=True)
class Run:
    minutes: float
    rpe: int | None  # None: not the athlete's own rating (an import's default)
    run_type: str
    descent_m: float | None = None
    avg_hr: int | None = None
    hr_max: int | None = None


@dataclass(frozen=True)
class Deviation:
    """One way the run went beyond the advice: `code` is "no_running", "minutes", "rpe",
    "type", "downhill" or "heart_rate"; `done` and `advised` are the two sides."""

    code: str
    done: float | str
    advised: float | str


def hr_cap_pct(level: int, recovery_pct: float, easy_pct: float) -> float | None:
    """The level's cap on average heart rate, in % of HRmax (none at levels 0 and 4)."""
    if level in (Level.REST, Level.RECOVERY_RUN):
        return recovery_pct
    if level == Level.EASY_RUN:
        return easy_pct
    return None


def deviations(run: Run, advice: Advice) -> tuple[Deviation, ...]:
    """Everything in `run` beyond `advice`, in the order a reader weighs them."""
    if advice.level == Level.AS_PLANNED:
        return ()
    if advice.level <= Level.REST:
        # No running at all: the run itself is the deviation, whatever its length.
        return (Deviation("no_running", round(run.minutes), advice.level),)
    found: list[Deviation] = []
    if run.minutes > advice.max_minutes * (1 + MINUTES_SLACK):
        found.append(Deviation("minutes", round(run.minutes), advice.max_minutes))
    if run.rpe is not None and advice.rpe_cap is not None and run.rpe > advice.rpe_cap:
        found.append(Deviation("rpe", run.rpe, advice.rpe_cap))
    keys = TYPE_KEYS.get(run.run_type, ())
    if run.run_type == "long" and run.minutes > LONG_KEY_MINUTES:
        keys = (*keys, "long_run_over_60")
    avoided = next((key for key in keys if key in advice.avoid), None)
    if avoided is not None:
        found.append(Deviation("type", run.run_type, avoided))
    downhill = next((key for key in DOWNHILL_KEYS if key in advice.avoid), None)
    if downhill is not None and (run.descent_m or 0) >= LARGE_DESCENT_M:
        found.append(Deviation("downhill", round(run.descent_m or 0), downhill))
    if advice.hr_cap_pct is not None and run.avg_hr and run.hr_max:
        cap = round(run.hr_max * advice.hr_cap_pct / 100)
        if run.avg_hr > cap:
            found.append(Deviation("heart_rate", run.avg_hr, cap))
    return tuple(found)
