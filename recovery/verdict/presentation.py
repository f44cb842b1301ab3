"""The verdict card, built once for every place that shows a verdict: the athlete's Today page,
the coach's athlete page, the reminder email and the roster's short verdict."""

import re

from django.urls import reverse

from ..engine import wording
from ..models import GuidanceArticle, Recommendation
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


def guidance_for() -> dict[str, GuidanceArticle]:
    """{rule id or checklist key: the published article that names it in its `rules`}, the
    first by the guidance list's order. One query."""
    found: dict[str, GuidanceArticle] = {}
    articles = GuidanceArticle.objects.filter(published=True).only("slug", "rules", "references")
    for article in articles:
        for key in article.rules.split():
            found.setdefault(key, article)
    return found


def listed_references(references: str) -> set[str]:
    """The reference numbers a list of references holds: "[85]" and ranges "[62]-[64]"."""
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", references)}
    for low, high in re.findall(r"\[(\d+)\]\s*-\s*\[(\d+)\]", references):
        numbers |= set(range(int(low), int(high) + 1))
    return {str(n) for n in numbers}


def _link(key: str, guidance: dict[str, GuidanceArticle]) -> str:
    """The article behind `key`, or the guidance index when no published article names it."""
    article = guidance.get(key)
    return article.get_absolute_url() if article else reverse("recovery:guidance")


def checklist(keys, athlete, guidance: dict[str, GuidanceArticle] | None = None) -> list[dict]:
    """Checklist items as words, each with the guidance article behind it."""
    guidance = guidance_for() if guidance is None else guidance
    return [
        {"text": wording.checklist_words(key, athlete.body_mass_kg), "url": _link(key, guidance)}
        for key in keys
    ]


def reasons(fired: list[dict], thresholds, guidance: dict[str, GuidanceArticle]) -> list[dict]:
    """The fired rules as "Why this advice?" shows them: each with its "Read more" link and
    only the references its linked article lists (a reader can look each one up there)."""
    shown = []
    for rule in wording.explained_rules(fired, thresholds):
        article = guidance.get(rule["rule_id"])
        listed = listed_references(article.references) if article else set()
        shown.append(
            {
                **rule,
                "url": _link(rule["rule_id"], guidance) if rule["rule_id"] != "CO" else "",
                "refs": [ref for ref in rule.get("refs", []) if ref in listed],
            }
        )
    return shown


def verdict_card(recommendation: Recommendation, athlete, planned=None) -> dict:
    """Everything the verdict card shows: words, avoid list, checklist and the reasons (rule
    titles with the current thresholds' numbers)."""
    thresholds, _ = current_thresholds()
    guidance = guidance_for()
    return {
        "recommendation": recommendation,
        "verdict": verdict_words(recommendation, planned),
        "avoid": [wording.AVOID_WORDS.get(key, key) for key in recommendation.avoid],
        "checklist": checklist(recommendation.checklist, athlete, guidance),
        "rules": reasons(recommendation.fired, thresholds, guidance),
        "planned": planned,
        "coach_call": coach_call(recommendation),
    }


def coach_call(recommendation: Recommendation) -> str:
    """The coach's prescription for the day as the verdict took it: followed, or held back
    with the reason (the "CO" rule's words); empty without one."""
    return next((r["reason"] for r in recommendation.fired if r["rule_id"] == "CO"), "")


def coach_plan_held(recommendation: Recommendation) -> bool:
    return (recommendation.inputs or {}).get("notes", {}).get("override") == "not_followed"
