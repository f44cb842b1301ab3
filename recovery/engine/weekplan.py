"""Suggest a week of leg days and runs that meets every spacing rule (DOMAIN.md §2, §8.2).

Pure Python, no Django, beside the engine. A day has two slots, morning (07:00) and evening
(18:00); a session sits in one. The rules, each with the engine thresholds it uses:

- P1 quality window: a key run (long, tempo, intervals, hills, race) starts at least
  T_quality hours after the leg day before it (24 h after a light one, 48 h after a hard one,
  72 h for a novice: T4, T2, T3 of §8.2).
- P2 lift first: on a day with both, someone whose goal is strength lifts first (§2.2).
- P3 gap: a run and a leg day on one day are at least 6 hours apart (§2.1: separated by
  >= 3 h, 6-24 h advised); two sessions never share a slot.
- P4 room: at most one leg day and one run a day, and the fixed commitments fit the counts.

`suggest` searches every week exhaustively (at most 11 choices a day, pruned as it goes),
keeps the valid week that scores best (rest spread out, legs not on consecutive days, key
runs far from leg days), and explains each choice. Without a valid week it names the rule
that cannot be met: the first rule whose removal alone would allow a week.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from .rules import Thresholds
from .texts import gettext_noop, say, translate

DAYS = (
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
)
SLOT_HOUR = {"am": 7, "pm": 18}
SLOT_WORD = {"am": gettext_noop("morning"), "pm": gettext_noop("evening")}
RULES = {
    "P1": gettext_noop("Quality running waits after a leg day"),
    "P2": gettext_noop("Lift first when strength is the goal"),
    "P3": gettext_noop("At least 6 hours between a run and a leg day"),
    "P4": gettext_noop("One leg day and one run a day at most"),
}
WHAT_WORDS = {
    ("leg", True): gettext_noop("hard leg day"),
    ("leg", False): gettext_noop("light leg day"),
    ("run", True): gettext_noop("key run"),
    ("run", False): gettext_noop("easy run"),
}
MIN_GAP_H = 6


@dataclass(frozen=True, order=True)
class Session:
    day: int  # 0 = Monday
    slot: str  # "am" / "pm"
    kind: str  # "leg" / "run"
    hard: bool = True  # a leg day: hard (not light); a run: a key run (not easy)
    fixed: bool = False  # a commitment the athlete gave, never moved
    label: str = ""  # "long run", "class", … (explanations only)

    @property
    def hour(self) -> int:
        return self.day * 24 + SLOT_HOUR[self.slot]

    @property
    def what(self) -> str:
        """ "long run", "hard leg day", "easy run", …"""
        if self.label:
            return translate(self.label)
        return translate(WHAT_WORDS[(self.kind, self.hard)])

    def words(self, days: tuple[str, ...] = DAYS) -> str:
        return say(
            "{what}, {day} {slot}",
            what=self.what,
            day=translate(days[self.day]),
            slot=translate(SLOT_WORD[self.slot]),
        )


@dataclass(frozen=True)
class WeekRequest:
    level: str  # novice / intermediate / trained
    goal: str  # strength / running / balanced
    leg_days: int  # leg days wanted, fixed ones included
    runs: int  # runs wanted, fixed ones included
    key_runs: int = 1  # of the runs, how many are quality sessions
    light_legs: bool = False  # the leg days to add are light ones
    fixed: tuple[Session, ...] = ()
    days: int = 7  # a shorter "week" for tests
    thresholds: Thresholds = field(default_factory=Thresholds)


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str


@dataclass(frozen=True)
class WeekPlan:
    sessions: tuple[Session, ...]  # sorted by time; empty when impossible
    reasons: tuple[str, ...]  # why this week, or why no week
    impossible: tuple[str, ...] = ()  # rule ids that cannot be met

    @property
    def ok(self) -> bool:
        return not self.impossible


def quality_wait(leg: Session, request: WeekRequest) -> float:
    """Hours a key run waits after `leg` (the engine's T4 / T2 / T3)."""
    t = request.thresholds
    if not leg.hard:
        return t.t_quality_light_h
    return t.t_quality_unaccustomed_h if request.level == "novice" else t.t_quality_habitual_h


def violations(
    sessions: Iterable[Session], request: WeekRequest, ignore: frozenset[str] = frozenset()
) -> list[Violation]:
    """Every broken rule of a week (a planned week, or one being built)."""
    sessions = sorted(sessions, key=lambda s: (s.hour, s.kind))
    found: list[Violation] = []

    def add(rule: str, message: str) -> None:
        if rule not in ignore:
            found.append(Violation(rule, message))

    by_day: dict[tuple[int, str], list[Session]] = {}
    for session in sessions:
        by_day.setdefault((session.day, session.kind), []).append(session)
    for (day, kind), same in by_day.items():
        if len(same) > 1:
            add(
                "P4",
                say("Two leg days on {day}.", day=translate(DAYS[day]))
                if kind == "leg"
                else say("Two runs on {day}.", day=translate(DAYS[day])),
            )
    legs = [s for s in sessions if s.kind == "leg"]
    for run in (s for s in sessions if s.kind == "run"):
        for leg in legs:
            gap = run.hour - leg.hour
            if run.day == leg.day:
                if abs(gap) < MIN_GAP_H:
                    add(
                        "P3",
                        say(
                            "The {run} and the leg day are less than {hours} h apart.",
                            run=run.words(),
                            hours=MIN_GAP_H,
                        ),
                    )
                elif request.goal == "strength" and gap < 0:
                    add(
                        "P2",
                        say(
                            "The {run} comes before lifting; strength is the goal.",
                            run=run.words(),
                        ),
                    )
            wait = quality_wait(leg, request)
            if run.hard and 0 < gap < wait:
                add(
                    "P1",
                    say(
                        "The {run} is {gap} h after the {leg}; quality running waits {wait:g} h.",
                        run=run.words(),
                        gap=gap,
                        leg=leg.words(),
                        wait=wait,
                    ),
                )
    return found


def _day_options(request: WeekRequest, fixed: list[Session], day: int) -> list[tuple[Session, ...]]:
    """What one free day can hold: nothing, a leg day, a run (easy or key), or both in order."""
    fixed_kinds = {s.kind for s in fixed}
    legs = (
        []
        if "leg" in fixed_kinds
        else [Session(day, slot, "leg", not request.light_legs) for slot in ("am", "pm")]
    )
    runs = (
        []
        if "run" in fixed_kinds
        else [Session(day, slot, "run", key) for slot in ("am", "pm") for key in (False, True)]
    )
    options: list[tuple[Session, ...]] = [()]
    options += [(leg,) for leg in legs]
    options += [(run,) for run in runs]
    options += [(leg, run) for leg in legs for run in runs if leg.slot != run.slot]
    if fixed:  # a new session must not share a fixed one's slot
        taken = {s.slot for s in fixed}
        options = [o for o in options if not any(s.slot in taken for s in o)]
    return options


# The search's state after a day: legs, runs, key runs, key runs from hour, leg yesterday,
# key run yesterday.
State = tuple[int, int, int, int, bool, bool]


def _best(request: WeekRequest, ignore: frozenset[str] = frozenset()) -> tuple[Session, ...] | None:
    """The best-scoring valid week with exactly the wanted counts, or None.

    Dynamic programming over the days: what the rest of the week needs to know of the days
    so far is only the counts, the earliest hour a key run may start (the latest leg day's
    hour plus its quality wait), and whether yesterday had a leg day or a key run. The score
    (lower is better) adds up day by day: a day with two sessions 3, leg days or key runs on
    consecutive days 3 and 2, a key run less than a day clear of its quality window up to 1,
    a run in the evening or a lone leg day in the morning 0.5 (never for fixed sessions)."""
    want = (request.leg_days, request.runs, request.key_runs)
    fixed_by_day = {day: [s for s in request.fixed if s.day == day] for day in range(request.days)}
    # state: (legs, runs, keys, key runs from hour, leg yesterday, key run yesterday) -> best
    states: dict[State, tuple[float, tuple[Session, ...]]] = {(0, 0, 0, 0, False, False): (0, ())}
    for day in range(request.days):
        fixed = fixed_by_day[day]
        following: dict[State, tuple[float, tuple[Session, ...]]] = {}
        for (legs, runs, keys, key_from, leg_y, key_y), (score, chosen) in states.items():
            for option in _day_options(request, fixed, day):
                step = _day(request, ignore, [*fixed, *option], key_from)
                if step is None:
                    continue
                n_legs, n_runs, n_keys, key_from_after, cost = step
                counts = (legs + n_legs, runs + n_runs, keys + n_keys)
                if any(have > limit for have, limit in zip(counts, want, strict=True)):
                    continue
                cost += 3 * (leg_y and n_legs > 0) + 2 * (key_y and n_keys > 0)
                if key_from_after <= (day + 1) * 24 + SLOT_HOUR["am"]:
                    key_from_after = 0  # no longer holds anything back
                state = (*counts, key_from_after, n_legs > 0, n_keys > 0)
                candidate = (score + cost, (*chosen, *fixed, *option))
                if state not in following or candidate < following[state]:
                    following[state] = candidate
        states = following
    finals = [best for state, best in states.items() if state[:3] == want]
    return min(finals)[1] if finals else None


def _day(
    request: WeekRequest, ignore: frozenset[str], sessions: list[Session], key_from: int
) -> tuple[int, int, int, int, float] | None:
    """One day's sessions, in time order, against what came before: None when they break a
    rule, else (legs, runs, key runs, key runs from hour after the day, cost)."""
    sessions = sorted(sessions, key=lambda s: s.hour)
    legs = runs = keys = 0
    cost = 0.0
    for session in sessions:
        if session.kind == "leg":
            legs += 1
            key_from = max(key_from, session.hour + math.ceil(quality_wait(session, request)))
            if not session.fixed and len(sessions) == 1 and session.slot == "am":
                cost += 0.5
            continue
        runs += 1
        if not session.fixed and session.slot == "pm" and len(sessions) == 1:
            cost += 0.5
        if session.hard:
            keys += 1
            if session.hour < key_from:
                if "P1" not in ignore:
                    return None
            elif key_from:
                cost += max(0, 24 - (session.hour - key_from)) / 24
    if legs and runs:
        cost += 3
        run = next(s for s in sessions if s.kind == "run")
        leg = next(s for s in sessions if s.kind == "leg")
        if abs(run.hour - leg.hour) < MIN_GAP_H and "P3" not in ignore:
            return None
        if request.goal == "strength" and run.hour < leg.hour and "P2" not in ignore:
            return None
    return legs, runs, keys, key_from, cost


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


def _explain(week: tuple[Session, ...], request: WeekRequest) -> tuple[str, ...]:
    reasons = []
    legs = [s for s in week if s.kind == "leg"]
    for session in sorted(week, key=lambda s: s.hour):
        what = _sentence(session.words())
        if session.fixed:
            reasons.append(say("{what}: fixed, as you asked.", what=what))
        elif session.kind == "run" and session.hard:
            before = [leg for leg in legs if leg.hour < session.hour]
            if before:
                leg = max(before, key=lambda s: s.hour)
                reasons.append(
                    say(
                        "{what}: {gap} h after the {leg} (quality running waits {wait:g} h).",
                        what=what,
                        gap=session.hour - leg.hour,
                        leg=leg.words(),
                        wait=quality_wait(leg, request),
                    )
                )
            else:
                reasons.append(say("{what}: no leg day before it this week.", what=what))
        elif session.kind == "run":
            reasons.append(say("{what}: easy running is fine after legs.", what=what))
        else:
            same_day = [s for s in week if s.day == session.day and s.kind == "run"]
            if same_day and session.hour < same_day[0].hour:
                reasons.append(say("{what} (lifting first).", what=what))
            else:
                reasons.append(f"{what}.")
    rest = [translate(DAYS[d]) for d in range(request.days) if not any(s.day == d for s in week)]
    if rest:
        reasons.append(say("Rest: {days}.", days=", ".join(rest)))
    return tuple(reasons)


def suggest(request: WeekRequest) -> WeekPlan:
    """The best week that meets every rule, or the rule that cannot be met."""
    problem = _request_problem(request)
    if problem:
        return WeekPlan((), (problem.message,), (problem.rule,))
    week = _best(request)
    if week is not None:
        return WeekPlan(tuple(sorted(week, key=lambda s: s.hour)), _explain(week, request))
    for rule in RULES:
        if _best(request, frozenset({rule})) is not None:
            return WeekPlan((), (_cannot(rule, request),), (rule,))
    return WeekPlan(
        (),
        (
            say(
                "No week meets these rules together: {rules}.",
                rules="; ".join(translate(rule) for rule in RULES.values()),
            ),
        ),
        tuple(RULES),
    )


def _request_problem(request: WeekRequest) -> Violation | None:
    fixed_legs = sum(s.kind == "leg" for s in request.fixed)
    fixed_runs = [s for s in request.fixed if s.kind == "run"]
    if (
        request.leg_days > request.days
        or request.runs > request.days
        or request.key_runs > request.runs
        or fixed_legs > request.leg_days
        or len(fixed_runs) > request.runs
        or sum(s.hard for s in fixed_runs) > request.key_runs
        or min(request.leg_days, request.runs, request.key_runs) < 0
    ):
        return Violation(
            "P4",
            say(
                "{legs} leg days and {runs} runs ({keys} key) do not fit {days} days with these commitments: one leg day and one run a day at most, and the commitments count among them.",
                legs=request.leg_days,
                runs=request.runs,
                keys=request.key_runs,
                days=request.days,
            ),
        )
    clash = violations(request.fixed, request)
    if clash:
        return Violation(
            clash[0].rule,
            say(
                "Your fixed sessions already break “{rule}”: {message}",
                rule=translate(RULES[clash[0].rule]),
                message=clash[0].message,
            ),
        )
    return None


def _cannot(rule: str, request: WeekRequest) -> str:
    room = {
        "P1": gettext_noop("Fewer key runs or leg days, or light leg days, would make room."),
        "P2": gettext_noop("Lifting and running on different days would make room."),
        "P3": gettext_noop("Sessions on different days would make room."),
        "P4": gettext_noop("Fewer sessions would make room."),
    }[rule]
    return say(
        "No week with {legs} leg days and {runs} runs ({keys} key) meets “{rule}” around your commitments. {room}",
        legs=request.leg_days,
        runs=request.runs,
        keys=request.key_runs,
        rule=translate(RULES[rule]),
        room=translate(room),
    )
