"""The verdict card, built once for every place that shows a verdict: the athlete's Today page,
the coach's athlete page, the reminder email and the roster's short verdict."""

from ..engine import wording
from ..models import Recommendation
from .thresholds import current_thresholds


def verdict_words(recommendation: Recommendation, planned=None) -> dict:
    """Headline, detail, tone and short name of a stored verdict."""
    return wording.verdict(
        recommendation.level,
        recommendation.max_minutes,
        recommendation.rpe_cap,
        recommendation.urgency,
        planned,
        red_flags=(recommendation.inputs or {}).get("red_flags", ()),
    )


def checklist(keys, athlete) -> list[dict]:
    """Checklist items as words, each with the guidance article behind it."""
    return [
        {
            "text": wording.checklist_words(key, athlete.body_mass_kg),
            "topic": wording.CHECKLIST_ARTICLES.get(key, ""),
        }
        for key in keys
    ]


def verdict_card(recommendation: Recommendation, athlete, planned=None) -> dict:
    """Everything the verdict card shows: words, avoid list, checklist and the reasons (rule
    titles with the current thresholds' numbers)."""
    thresholds, _ = current_thresholds()
    return {
        "recommendation": recommendation,
        "verdict": verdict_words(recommendation, planned),
        "avoid": [wording.AVOID_WORDS.get(key, key) for key in recommendation.avoid],
        "checklist": checklist(recommendation.checklist, athlete),
        "rules": wording.explained_rules(recommendation.fired, thresholds),
        "planned": planned,
        "coach_call": coach_call(recommendation),
    }


def coach_call(recommendation: Recommendation) -> str:
    """The coach's prescription for the day as the verdict took it: followed, or held back
    with the reason (the "CO" rule's words); empty without one."""
    return next((r["reason"] for r in recommendation.fired if r["rule_id"] == "CO"), "")


def coach_plan_held(recommendation: Recommendation) -> bool:
    return (recommendation.inputs or {}).get("notes", {}).get("override") == "not_followed"
