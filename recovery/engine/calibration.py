"""Calibration by suggestion, never silently (issue 25, item 4): when an athlete's log shows a
fitness level that no longer fits, say which and why; the athlete (or their coach, seen by
the athlete) decides. Pure Python, like the rest of `recovery.engine`.

The level sets how long quality running waits after a hard leg day (DOMAIN §8.2). Two signs
point up — weeks of regular leg days for a "novice", and habitual sessions that leave the legs
barely sore two days on — and one points down: habitual sessions that leave them clearly sore
two days on. Each needs a run of sessions, not one morning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LEVELS = ("novice", "intermediate", "trained")

# "Novice" with more than three months of weekly leg days: leg days in at least this many of
# the last WEEKS_LOOKED weeks.
WEEKS_LOOKED = 13
WEEKS_WITH_LEGS = 12
# Habitual sessions whose worst soreness two days on (the day-2 window) was at most
# QUIET_MAX for the last QUIET_SESSIONS of them: recovery is quicker than the level assumes.
QUIET_SESSIONS = 8
QUIET_MAX = 2
# ... at least SORE_MIN after SORE_COUNT of the last SORE_OF: slower than it assumes.
SORE_OF = 6
SORE_COUNT = 4
SORE_MIN = 6


@dataclass(frozen=True)
class Suggestion:
    level: str  # the level suggested
    reason: str  # "weekly_legs", "quick_recovery" or "slow_recovery"
    count: int  # the weeks or sessions the evidence rests on
    of: int  # out of


def suggest(level: str, weeks_with_legs: int, day_2_worst: Sequence[int]) -> Suggestion | None:
    """The level the log points to, if it is not `level` (`weeks_with_legs`: of the last
    WEEKS_LOOKED weeks, how many had a leg day; `day_2_worst`: the worst soreness two days
    after each habitual leg day, newest first). Down before up: the cautious sign wins."""
    if level not in LEVELS:
        return None
    rank = LEVELS.index(level)
    recent = list(day_2_worst[:SORE_OF])
    sore = sum(score >= SORE_MIN for score in recent)
    if rank > 0 and sore >= SORE_COUNT:
        return Suggestion(LEVELS[rank - 1], "slow_recovery", sore, len(recent))
    quiet = list(day_2_worst[:QUIET_SESSIONS])
    if (
        rank < len(LEVELS) - 1
        and len(quiet) == QUIET_SESSIONS
        and all(score <= QUIET_MAX for score in quiet)
    ):
        return Suggestion(LEVELS[rank + 1], "quick_recovery", QUIET_SESSIONS, QUIET_SESSIONS)
    if level == "novice" and weeks_with_legs >= WEEKS_WITH_LEGS:
        return Suggestion("intermediate", "weekly_legs", weeks_with_legs, WEEKS_LOOKED)
    return None
