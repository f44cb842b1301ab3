"""The stages of `assess` in DOMAIN.md §8.4's order, each a small function: red flags, then
function, soreness, time since the leg session, wellness and load, each of which may only
cap or lower the day's draft (most restrictive wins); the level's caps close it. Pure Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .contract import FiredRule, ReadinessInput, Recommendation, fire
from .rules import (
    AVOID_BY_LEVEL,
    MUSCLE_GROUPS,
    RED_FLAG_REASONS,
    RED_FLAG_RULES,
    RED_FLAGS,
    URGENCY_ORDER,
    Level,
    Thresholds,
    group_word,
)
from .texts import Text, text

G1_LEG_DAY_HOURS = 72


@dataclass(frozen=True)
class Facts:
    """What the stages read, derived once from the input."""

    soreness: Mapping[str, int]  # every group; an unanswered one at its conservative default
    unanswered: tuple[str, ...]
    expected: tuple[str, ...]  # unanswered groups that took the athlete's own expected value
    s_max: int
    s_n4: int  # groups at moderate or worse
    s_run: int  # the running muscles: quads and calves
    hours: float | None
    hard_leg: bool
    t_quality: float


@dataclass
class Draft:
    """The verdict while the stages work on it: each may only lower it."""

    level: Level = Level.AS_PLANNED
    cap_minutes: int | None = None
    duration_factor: float = 1.0
    fired: list[FiredRule] = field(default_factory=list)

    def cap(self, level: Level, minutes: int | None = None) -> None:
        self.level = min(self.level, level)
        if minutes is not None:
            self.cap_minutes = (
                minutes if self.cap_minutes is None else min(self.cap_minutes, minutes)
            )

    def add(self, rule_id: str, reason: Text) -> None:
        self.fired.append(fire(rule_id, reason))


def soreness_scores(inp: ReadinessInput, t: Thresholds) -> dict[str, int]:
    """Every group's score. A missing or unanswered one takes the athlete's own expected value
    when given (v3), else counts as moderate (§8.1 principle 5) while there is a leg day in the
    last 7 days, and as none without one (DESIGN §4)."""
    default = t.soreness_moderate if inp.hours_since_leg is not None else 0
    expected = inp.expected_soreness or {}
    return {
        group: expected.get(group, default)
        if (score := inp.soreness.get(group)) is None
        else int(score)
        for group in MUSCLE_GROUPS
    }


def hard_leg(inp: ReadinessInput, t: Thresholds) -> bool:
    if inp.hours_since_leg is None:
        return False
    if inp.leg_rpe is None or inp.leg_minutes is None:
        return True  # unknown session: count it as hard (DESIGN §4)
    load = inp.leg_rpe * inp.leg_minutes
    heavy_load = (
        inp.typical_leg_load is not None and load >= t.hard_leg_load_ratio * inp.typical_leg_load
    )
    return inp.leg_rpe >= t.hard_leg_rpe or inp.leg_unaccustomed or heavy_load


def t_quality(inp: ReadinessInput, hard: bool, t: Thresholds) -> float:
    if not hard:
        return t.t_quality_light_h
    if inp.fitness_level == "novice" or inp.leg_unaccustomed:
        return t.t_quality_unaccustomed_h
    return t.t_quality_habitual_h


def facts(inp: ReadinessInput, t: Thresholds) -> Facts:
    scores = soreness_scores(inp, t)
    hard = hard_leg(inp, t)
    unanswered = tuple(g for g in MUSCLE_GROUPS if inp.soreness.get(g) is None)
    return Facts(
        soreness=scores,
        unanswered=unanswered,
        expected=tuple(g for g in unanswered if g in (inp.expected_soreness or {})),
        s_max=max(scores.values()),
        s_n4=sum(score >= t.soreness_moderate for score in scores.values()),
        s_run=max(scores["quads"], scores["calves"]),
        hours=inp.hours_since_leg,
        hard_leg=hard,
        t_quality=t_quality(inp, hard, t),
    )


def red_flags(inp: ReadinessInput) -> Recommendation:
    """A. Level 0: what to do now follows the warning signs (the card words them per sign);
    no recovery checklist and no "next time" tip, which would only distract from it."""
    flags = [flag for flag in RED_FLAGS if flag in inp.red_flags]
    urgency = max((RED_FLAG_RULES[flag][1] for flag in flags), key=URGENCY_ORDER.index)
    return Recommendation(
        level=Level.SEE_DOCTOR,
        max_minutes=0,
        rpe_cap=0,
        avoid=AVOID_BY_LEVEL[Level.SEE_DOCTOR],
        checklist=(),
        fired=tuple(fire(RED_FLAG_RULES[flag][0], text(RED_FLAG_REASONS[flag])) for flag in flags),
        urgency=urgency,
    )


def warning_signs(red_flags: frozenset[str], s_max: int, t: Thresholds) -> frozenset[str]:
    """The answers that are red flags (contract v3): fever, vomiting or feeling unwell alone,
    without moderate muscle soreness or another sign, is I1 — an ordinary illness, not the
    rhabdomyolysis picture of RF7: no red flag, no staff alert, no red-flag trail."""
    if red_flags == {"systemic_illness"} and s_max < t.soreness_moderate:
        return frozenset()
    return red_flags


def is_illness_alone(inp: ReadinessInput, f: Facts, t: Thresholds) -> bool:
    return bool(inp.red_flags) and not warning_signs(inp.red_flags, f.s_max, t)


def illness(draft: Draft) -> None:
    """I1: no running while ill; not a red flag (no staff alert, no red-flag trail)."""
    draft.cap(Level.REST)
    draft.add(
        "I1",
        text(
            "You feel unwell (fever, vomiting or generally unwell) without the muscle pain that would make it a warning sign: no running today, rest or walk only. Come back once you have been 24 h without fever; see a doctor if it lasts more than 3 days or gets worse."
        ),
    )


def function(inp: ReadinessInput, draft: Draft) -> None:
    """B. Function: can't walk or take stairs normally."""
    if inp.can_walk_normally is False:
        draft.cap(Level.REST)
        draft.add(
            "F1",
            text(
                "You can't walk or take stairs normally: rest or walk only today. If that comes with weakness or severe pain, answer those questions honestly — they route you to a clinician."
            ),
        )


def soreness(inp: ReadinessInput, f: Facts, draft: Draft, t: Thresholds) -> None:
    """C. Soreness. A group not answered yet is never quoted as a number the athlete did not
    give."""
    worst = max(MUSCLE_GROUPS, key=lambda g: (f.soreness[g], inp.soreness.get(g) is not None))
    guessed = inp.soreness.get(worst) is None
    foreseen = worst in f.expected  # from the athlete's own past sessions (v3)
    group = group_word(worst)
    if f.s_max >= t.soreness_severe:
        draft.cap(Level.REST)
        draft.add(
            "S1",
            text(
                "Not answered yet: after sessions like your last one your {group} is expected at about {score}/10 (from your past sessions): severe soreness limits movement, so rest or walk only until you check in.",
                group=group,
                score=f.s_max,
            )
            if foreseen
            else text(
                "Your worst soreness is {score}/10 ({group}): severe soreness limits movement, so rest or walk only.",
                group=group,
                score=f.s_max,
            ),
        )
    elif f.s_max >= t.soreness_moderate:
        draft.cap(Level.RECOVERY_RUN)
        draft.add(
            "S2",
            text(
                "Not answered yet: after sessions like your last one your {group} is expected at about {score}/10 (from your past sessions): moderate, so a short recovery run at most until you check in.",
                group=group,
                score=f.s_max,
            )
            if foreseen
            else text(
                "Soreness not answered yet ({groups}), a day after leg training: until you check in it counts as moderate, so a short recovery run at most.",
                groups=[group_word(g) for g in f.unanswered],
            )
            if guessed
            else text(
                "Your worst soreness is {score}/10 ({group}): moderate, so a short recovery run at most.",
                group=group,
                score=f.s_max,
            ),
        )
        if f.s_n4 >= t.widespread_groups:
            draft.cap(Level.RECOVERY_RUN, t.widespread_minutes)
            answered = [
                g
                for g in MUSCLE_GROUPS
                if f.soreness[g] >= t.soreness_moderate and g not in f.unanswered
            ]
            draft.add(
                "S2b",
                text(
                    "{count} muscle groups are sore or not answered yet ({groups} at {moderate}/10 or more): keep it to {minutes} minutes.",
                    count=f.s_n4,
                    groups=[group_word(g) for g in answered] or text("none answered"),
                    moderate=t.soreness_moderate,
                    minutes=t.widespread_minutes,
                )
                if f.unanswered
                else text(
                    "{count} muscle groups are at {moderate}/10 or more: keep it to {minutes} minutes.",
                    count=f.s_n4,
                    moderate=t.soreness_moderate,
                    minutes=t.widespread_minutes,
                ),
            )
    elif f.s_max >= 1 and f.hours is not None and f.hours < f.t_quality:
        draft.cap(Level.EASY_RUN)
        draft.add(
            "S3",
            text(
                "Not answered yet: after sessions like your last one your {group} is expected at about {score}/10 (from your past sessions): mild, but {hours:.0f} h after leg day soreness underestimates lost strength, so keep it easy until {quality:.0f} h have passed.",
                group=group,
                score=f.s_max,
                hours=f.hours,
                quality=f.t_quality,
            )
            if foreseen
            else text(
                "Mild soreness ({score}/10) {hours:.0f} h after leg day: soreness underestimates lost strength, so keep it easy until {quality:.0f} h have passed.",
                score=f.s_max,
                hours=f.hours,
                quality=f.t_quality,
            ),
        )


def time(inp: ReadinessInput, f: Facts, draft: Draft, t: Thresholds) -> None:
    """D. Time since the leg session."""
    hours = f.hours
    if hours is None:
        return
    if hours < t.t1_hours:
        draft.cap(Level.EASY_RUN, t.t1_minutes)
        draft.add(
            "T1",
            text(
                "Your leg session ended {hours:.1f} h ago: running now adds to its fatigue, so easy and at most {minutes} minutes.",
                hours=hours,
                minutes=t.t1_minutes,
            ),
        )
    if f.hard_leg and hours < f.t_quality:
        draft.cap(Level.EASY_RUN)
        if f.t_quality == t.t_quality_unaccustomed_h:
            draft.add(
                "T3",
                text(
                    "A hard leg day {hours:.0f} h ago and you are new to leg training: quality running waits {quality:.0f} h.",
                    hours=hours,
                    quality=f.t_quality,
                )
                if inp.fitness_level == "novice"
                else text(
                    "A hard leg day {hours:.0f} h ago and the session was unaccustomed: quality running waits {quality:.0f} h.",
                    hours=hours,
                    quality=f.t_quality,
                ),
            )
        else:
            draft.add(
                "T2",
                text(
                    "A hard leg day {hours:.0f} h ago: quality running (intervals, tempo, hills, long runs) waits {quality:.0f} h.",
                    hours=hours,
                    quality=f.t_quality,
                ),
            )
    elif not f.hard_leg and hours < t.t_quality_light_h and 1 <= f.s_max < t.soreness_moderate:
        # Only beside mild soreness (S3): never "mild" beside moderate, guessed or given.
        draft.add(
            "T4",
            text(
                "A light leg day: mild soreness only limits you for the first {hours:g} h.",
                hours=t.t_quality_light_h,
            ),
        )


def wellness(inp: ReadinessInput, draft: Draft, t: Thresholds) -> None:
    """E. Wellness: only ever lowers the level, one step per warning, two for several.

    W3 (the athlete's own z-score of sleep and energy) counts only when neither W1 nor W2
    fired (DOMAIN §8.4, v3): it reads the same two answers, and one answer is never counted
    twice. So on a fixed z-score a low answer can take one step where a middling one took
    two; in use the z-score falls with the answers it is made of."""
    flags = 0
    if inp.sleep_quality is not None and inp.sleep_quality <= t.wellness_low:
        flags += 1
        draft.add("W1", text("You slept poorly ({score}/5).", score=inp.sleep_quality))
    if inp.energy is not None and inp.energy <= t.wellness_low:
        flags += 1
        draft.add("W2", text("Your energy is low ({score}/5).", score=inp.energy))
    if not flags and inp.wellness_z is not None and inp.wellness_z <= t.wellness_z_flag:
        flags += 2 if inp.wellness_z <= t.wellness_z_double else 1
        draft.add(
            "W3",
            text(
                "Today's wellness is {z:.1f} standard deviations below your own recent normal.",
                z=abs(inp.wellness_z),
            ),
        )
    if flags == 1 and draft.level > Level.RECOVERY_RUN:
        draft.level = Level(draft.level - 1)
    elif flags >= 2:
        draft.add(
            "W4",
            text("Several wellness warnings together signal under-recovery: two steps easier."),
        )
        if draft.level > Level.REST:
            draft.level = Level(max(Level.REST, draft.level - 2))


def load(inp: ReadinessInput, draft: Draft, t: Thresholds) -> None:
    """F. Load context: only ever lowers, and needs 28 days of data."""
    if inp.acwr is None:
        draft.add(
            "A3", text("Less than 28 days of training logged: your load trend is not used yet.")
        )
    elif inp.acwr > t.acwr_high:
        draft.cap(Level.EASY_RUN)
        draft.duration_factor = t.acwr_duration_factor
        draft.add(
            "A1",
            # xgettext: no-python-format
            text(
                "Your recent training load rose quickly (7:28-day ratio {ratio:.2f}): easy running and {percent} % of the usual duration. A trend, not an injury prediction.",
                ratio=inp.acwr,
                percent=round(t.acwr_duration_factor * 100),
            ),
        )
    elif inp.acwr > t.acwr_band_high:
        draft.add(
            "A2",
            text(
                "Your recent load is above your usual range (ratio {ratio:.2f}); for information only.",
                ratio=inp.acwr,
            ),
        )
    elif inp.acwr < t.acwr_band_low:
        draft.add(
            "A2",
            text(
                "Your recent load is below your usual range (ratio {ratio:.2f}); for information only.",
                ratio=inp.acwr,
            ),
        )


def level_minutes(level: Level, fitness: str, t: Thresholds) -> int:
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


def caps(inp: ReadinessInput, f: Facts, draft: Draft, t: Thresholds) -> tuple[int, tuple[str, ...]]:
    """G. The level's minutes (within any cap, scaled by the load's factor) and what to
    avoid, with the downhill rule and the level's general guidance."""
    minutes = level_minutes(draft.level, inp.fitness_level, t)
    # G1's warm-up check needs something to check: soreness, or a leg day in the last 72 h.
    recent_leg_day = f.hours is not None and f.hours < G1_LEG_DAY_HOURS
    if draft.cap_minutes is not None and draft.level > Level.REST:
        minutes = min(minutes, draft.cap_minutes)
    minutes = int(minutes * draft.duration_factor + 0.5)  # half up, not banker's rounding
    avoid = list(AVOID_BY_LEVEL[draft.level])
    if f.s_run >= t.soreness_moderate and draft.level > Level.SEE_DOCTOR:
        avoid.append("any_downhill")
        group = "quads" if f.soreness["quads"] >= f.soreness["calves"] else "calves"
        said = (
            text(
                "about {score}/10 expected from your past sessions, not answered yet",
                score=f.soreness[group],
            )
            if group in f.expected
            else text("not answered yet")
            if group in f.unanswered
            else f"{f.soreness[group]}/10"
        )
        draft.add(
            "S4",
            text(
                "Sore quads or calves ({group} {said}): no downhill, even on walks and easy runs.",
                group=group_word(group),
                said=said,
            ),
        )
    if draft.level == Level.AS_PLANNED and (f.s_max >= 1 or recent_leg_day):
        draft.add(
            "G1",
            text(
                "Warm up 10–15 minutes first. If your soreness doesn't ease, or rises by 2 points or more, make it an easy run instead."
            ),
        )
    elif draft.level in (Level.RECOVERY_RUN, Level.EASY_RUN):
        draft.add(
            "G2",
            text(
                "Rather not run? The same time of easy cycling is a good swap: it loads the legs less eccentrically."
            ),
        )
    return minutes, tuple(avoid)
