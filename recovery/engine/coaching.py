"""A coach's prescription over the engine's verdict (DESIGN §2, recovery): pure Python like
the engine, and bounded so that no override ever shows a less cautious verdict than the body's
signals allow."""

from __future__ import annotations

from dataclasses import replace

from .readiness import DEFAULT_THRESHOLDS, Recommendation, fire, rpe_cap_for
from .rules import AVOID_BY_LEVEL, Level, Thresholds
from .stages import level_minutes
from .texts import Text, gettext_noop, text

# Rules after which a coach may not raise the level: the body's signals come first (DESIGN §2).
OVERRIDE_BLOCKERS = ("I1", "F1", "S1", "S2")
BLOCKER_WORDS = {
    "I1": gettext_noop("you are unwell"),
    "F1": gettext_noop("you can't walk normally"),
    "S1": gettext_noop("your soreness is severe"),
    "S2": gettext_noop("your soreness is moderate"),
}
LEVEL_WORDS = {
    Level.REST: gettext_noop("rest or walk only"),
    Level.RECOVERY_RUN: gettext_noop("a recovery run"),
    Level.EASY_RUN: gettext_noop("an easy run"),
    Level.AS_PLANNED: gettext_noop("full training"),
}


def apply_override(
    result: Recommendation,
    *,
    level: int,
    max_minutes: int,
    coach: str,
    note: str,
    fitness_level: str,
    thresholds: Thresholds | None = None,
) -> Recommendation:
    """A coach's prescription over the engine's verdict. It may always make the day more
    cautious (a lower level, or fewer minutes at the same level); it may raise it only when no
    red flag, F1, S1 or S2 fired, and otherwise the engine's verdict stands with the coach's
    plan and why it was not followed listed first. "No downhill" (S4) survives either way.
    The coach's level keeps its caps for the athlete's `fitness_level`: the minutes are never
    above them (v3). Level 0 is never touched."""
    t = thresholds or DEFAULT_THRESHOLDS
    if result.level == Level.SEE_DOCTOR:
        return result
    wanted = Level(level)
    max_minutes = min(max_minutes, level_minutes(wanted, fitness_level, t))
    raises = wanted > result.level or (wanted == result.level and max_minutes > result.max_minutes)
    blockers = [
        rule
        for rule in result.fired
        if rule.rule_id in OVERRIDE_BLOCKERS or rule.rule_id.startswith("RF")
    ]
    plan = text(
        "{level}, up to {minutes} min", level=Text(LEVEL_WORDS[wanted]), minutes=max_minutes
    )
    if raises and blockers:
        why = [
            Text(words)
            for words in dict.fromkeys(
                BLOCKER_WORDS.get(rule.rule_id, gettext_noop("a warning sign")) for rule in blockers
            )
        ]
        reason = (
            text(
                "{coach} planned {plan} (“{note}”), but not today: {why}. What your body reports comes first.",
                coach=coach,
                plan=plan,
                note=note,
                why=why,
            )
            if note
            else text(
                "{coach} planned {plan}, but not today: {why}. What your body reports comes first.",
                coach=coach,
                plan=plan,
                why=why,
            )
        )
        return replace(
            result,
            fired=(fire("CO", reason), *result.fired),
            notes={**result.notes, "override": "not_followed"},
        )
    avoid = list(AVOID_BY_LEVEL[wanted])
    if "any_downhill" in result.avoid:
        avoid.append("any_downhill")
    return replace(
        result,
        level=wanted,
        max_minutes=max_minutes,
        rpe_cap=rpe_cap_for(wanted, t),
        avoid=tuple(avoid),
        fired=(
            fire(
                "CO",
                text("{coach}: {note} ({plan}).", coach=coach, note=note, plan=plan)
                if note
                else text("{coach}: {plan}.", coach=coach, plan=plan),
            ),
            *result.fired,
        ),
        notes={**result.notes, "override": "applied"},
    )
