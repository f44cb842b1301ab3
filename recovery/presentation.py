"""The verdict card, built once for every place that shows a verdict: the athlete's Today page,
the coach's athlete page, the reminder email and the roster's short verdict."""

from . import wording
from .models import Recommendation


def verdict_words(recommendation: Recommendation, planned=None) -> dict:
    """Headline, detail, tone and short name of a stored verdict."""
    return wording.verdict(
        recommendation.level,
        recommendation.max_minutes,
        recommendation.rpe_cap,
        recommendation.urgency,
        planned,
    )


def verdict_card(recommendation: Recommendation, athlete, planned=None) -> dict:
    """Everything the verdict card shows: words, avoid list, checklist and the reasons."""
    return {
        "recommendation": recommendation,
        "verdict": verdict_words(recommendation, planned),
        "avoid": [wording.AVOID_WORDS.get(key, key) for key in recommendation.avoid],
        "checklist": [
            wording.checklist_words(key, athlete.body_mass_kg) for key in recommendation.checklist
        ],
        "rules": wording.explained_rules(recommendation.fired),
        "planned": planned,
    }
