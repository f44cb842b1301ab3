"""The plan guard, both ways: planned and done sessions checked against the spacing rules
the week suggester keeps (`weekplan.RULES`, DOMAIN.md §2, §8.2). Pure Python, no Django.

- P1 quality window: a key run starts no earlier than the quality window after a leg day
  (counted from its end): a hard run planned too soon after a leg day, or a leg day planned
  too soon before a key run — the same pair, seen from either side.
- P2 lift first: on one day, someone whose goal is strength lifts before running.
- P3 gap: on one day, at least `weekplan.MIN_GAP_H` hours between the end of one and the
  start of the other.

A plan need not have a time of day. Without one, a run may be at any time of its day (the
cautious reading: a window that reaches into the day covers it), and a leg day counts as
`UNTIMED_LEG` to `UNTIMED_LEG + 1 h` (an evening session); order and gap (P2, P3) are
checked only between sessions whose times are known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .weekplan import MIN_GAP_H

UNTIMED_LEG = dt.time(18, 0)
UNTIMED_LEG_MINUTES = 60
MOVE_HORIZON_DAYS = 14  # how far ahead "move it to the first good day" looks


@dataclass(frozen=True)
class Item:
    """A session, planned or done, as the guard sees it."""

    ref: str  # "run:3", "leg:7" (plans) or "done:12" (a logged session)
    kind: str  # "leg" / "run"
    day: dt.date  # the athlete's local day
    tz: dt.tzinfo
    time: dt.time | None = None  # local start; None: a plan without a time
    minutes: float = 60
    hard: bool = True  # a hard leg day / a key run
    wait_h: float = 0  # a leg day's quality window, hours
    planned: bool = True
    label: str = ""

    @property
    def timed(self) -> bool:
        return self.time is not None

    @property
    def start(self) -> dt.datetime:
        """The start, or for an untimed run the start of its day (for a leg day, 18:00)."""
        default = UNTIMED_LEG if self.kind == "leg" else dt.time.min
        return dt.datetime.combine(self.day, self.time or default, tzinfo=self.tz)

    @property
    def end(self) -> dt.datetime:
        minutes = self.minutes if self.timed or self.kind == "run" else UNTIMED_LEG_MINUTES
        return self.start + dt.timedelta(minutes=minutes)

    @property
    def safe_from(self) -> dt.datetime:
        """A leg day: when quality running is fine again."""
        return self.end + dt.timedelta(hours=self.wait_h)

    def moved(self, day: dt.date, time: dt.time | None = None) -> Item:
        return replace(self, day=day, time=time)


@dataclass(frozen=True)
class Conflict:
    rule: str  # "P1" / "P2" / "P3"
    leg: Item
    run: Item

    @property
    def refs(self) -> tuple[str, str]:
        return self.leg.ref, self.run.ref


def _day_bounds(item: Item) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(item.day, dt.time.min, tzinfo=item.tz)
    return start, start + dt.timedelta(days=1)


def pair_rules(leg: Item, run: Item, goal: str) -> list[str]:
    """The rules a leg day and a run break together."""
    broken = []
    if run.hard and leg.wait_h > 0:
        if run.timed:
            inside = leg.start <= run.start < leg.safe_from
        else:  # any time of the run's day: inside when the window reaches into that day
            day_start, day_end = _day_bounds(run)
            inside = leg.start < day_end and leg.safe_from > day_start
        if inside:
            broken.append("P1")
    if leg.day == run.day and leg.timed and run.timed:
        first, second = sorted((leg, run), key=lambda item: item.start)
        if goal == "strength" and run.start < leg.start:
            broken.append("P2")
        if second.start - first.end < dt.timedelta(hours=MIN_GAP_H):
            broken.append("P3")
    return broken


def conflicts(
    items: Iterable[Item], goal: str, *, from_day: dt.date | None = None
) -> list[Conflict]:
    """Every broken rule between a leg day and a run where at least one of the two is a plan
    (on or after `from_day`, when given): done sessions alone are history."""
    items = list(items)
    legs = [item for item in items if item.kind == "leg"]
    runs = [item for item in items if item.kind == "run"]
    found = []
    for leg in legs:
        for run in runs:
            live = [i for i in (leg, run) if i.planned and (from_day is None or i.day >= from_day)]
            if not live:
                continue
            found += [Conflict(rule, leg, run) for rule in pair_rules(leg, run, goal)]
    return sorted(found, key=lambda c: (c.run.start, c.leg.start, c.rule))


def conflicts_of(ref: str, items: Iterable[Item], goal: str) -> list[Conflict]:
    return [c for c in conflicts(items, goal) if ref in c.refs]


def first_good_day(
    item: Item,
    items: Iterable[Item],
    goal: str,
    *,
    taken: set[dt.date],
    horizon: int = MOVE_HORIZON_DAYS,
) -> dt.date | None:
    """The first day after the item's own on which it breaks no rule, keeping its time of
    day, and on which no other plan of its kind is (`taken`)."""
    others = [other for other in items if other.ref != item.ref]
    for offset in range(1, horizon + 1):
        day = item.day + dt.timedelta(days=offset)
        if day in taken:
            continue
        candidate = item.moved(day, item.time)
        if not conflicts_of(candidate.ref, [*others, candidate], goal):
            return day
    return None


def outlook(day: dt.date, legs: Iterable[Item], tz: dt.tzinfo) -> dt.datetime | None:
    """When quality running is fine again on `day`: None if it is all day, else the latest
    end of a window reaching into the day (on or after the next midnight: not that day)."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    reaching = [
        leg.safe_from for leg in legs if leg.wait_h and leg.start < end and leg.safe_from > start
    ]
    return max(reaching) if reaching else None
