"""The verdict card, built once for every place that shows a verdict: the athlete's Today page,
the coach's athlete page, the reminder email and the roster's short verdict."""

import re
from dataclasses import dataclass

from django.urls import reverse

from config.cache import cached_for, schema_tag

from ..engine import texts, wording
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


@dataclass(frozen=True)
class Guide:
    """Where a rule or checklist item's "Read more" leads, and the references listed there."""

    url: str
    references: frozenset[str]


GUIDANCE_VERSION = "recovery:guidance"  # bumped by `recovery.sync.guidance_changed`
GUIDANCE_KEY = f"recovery:guidance-links:{schema_tag(Guide)}"
GUIDANCE_CACHE_SECONDS = 600  # a bound on staleness should a bump be lost (an outage)


def guidance_read() -> dict[str, Guide]:
    """{rule id or checklist key: the published article that names it in its `rules`}, the
    first by the guidance list's order, read from the database. One query."""
    found: dict[str, Guide] = {}
    articles = GuidanceArticle.objects.filter(published=True).only("slug", "rules", "references")
    for article in articles:
        guide = Guide(article.get_absolute_url(), frozenset(listed_references(article.references)))
        for key in article.rules.split():
            found.setdefault(key, guide)
    return found


def guidance_for() -> dict[str, Guide]:
    """`guidance_read`, cached until a guidance article changes (no query when cached)."""
    return cached_for(GUIDANCE_VERSION, GUIDANCE_KEY, guidance_read, GUIDANCE_CACHE_SECONDS)


def listed_references(references: str) -> set[str]:
    """The reference numbers a list of references holds: "[85]" and ranges "[62]-[64]"."""
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", references)}
    for low, high in re.findall(r"\[(\d+)\]\s*-\s*\[(\d+)\]", references):
        numbers |= set(range(int(low), int(high) + 1))
    return {str(n) for n in numbers}


def _link(key: str, guidance: dict[str, Guide]) -> str:
    """The article behind `key`, or the guidance index when no published article names it."""
    guide = guidance.get(key)
    return guide.url if guide else reverse("recovery:guidance")


def checklist(keys, athlete, guidance: dict[str, Guide] | None = None) -> list[dict]:
    """Checklist items as words, each with the guidance article behind it."""
    guidance = guidance_for() if guidance is None else guidance
    return [
        {"text": wording.checklist_words(key, athlete.body_mass_kg), "url": _link(key, guidance)}
        for key in keys
    ]


def reasons(fired: list[dict], thresholds, guidance: dict[str, Guide]) -> list[dict]:
    """The fired rules as "Why this advice?" shows them: each with its "Read more" link and
    only the references its linked article lists (a reader can look each one up there)."""
    shown = []
    for rule in wording.explained_rules([_translated(rule) for rule in fired], thresholds):
        guide = guidance.get(rule["rule_id"])
        listed = guide.references if guide else frozenset()
        shown.append(
            {
                **rule,
                "url": _link(rule["rule_id"], guidance) if rule["rule_id"] != "CO" else "",
                "refs": [ref for ref in rule.get("refs", []) if ref in listed],
            }
        )
    return shown


def _translated(rule: dict) -> dict:
    """A stored fired rule with its reason in the active language (verdicts stored before
    reasons were kept as message ids keep their English)."""
    if "text" not in rule:
        return rule
    return {**rule, "reason": str(texts.from_stored(rule["text"]))}


def verdict_card(recommendation: Recommendation, athlete, planned=None) -> dict:
    """Everything the verdict card shows: words, avoid list, checklist and the reasons (rule
    titles with the current thresholds' numbers)."""
    thresholds, _ = current_thresholds()
    guidance = guidance_for()
    return {
        "recommendation": recommendation,
        "verdict": verdict_words(recommendation, planned),
        "avoid": wording.avoid_words(recommendation.avoid),
        "checklist": checklist(recommendation.checklist, athlete, guidance),
        "rules": reasons(recommendation.fired, thresholds, guidance),
        "planned": planned,
        "coach_call": coach_call(recommendation),
        "expected": expected_before_checkin(recommendation),
    }


def expected_before_checkin(recommendation: Recommendation) -> list[tuple[str, int]]:
    """What a provisional verdict assumed of each group from the athlete's own past sessions
    like the last one (contract v3's `expected_soreness`), sorest first; empty after the
    check-in or without enough sessions."""
    found = (recommendation.inputs or {}).get("expected_soreness") or {}
    if not recommendation.provisional:
        return []
    return sorted(found.items(), key=lambda item: (-item[1], item[0]))


def coach_call(recommendation: Recommendation) -> str:
    """The coach's prescription for the day as the verdict took it: followed, or held back
    with the reason (the "CO" rule's words); empty without one."""
    return next(
        (_translated(r)["reason"] for r in recommendation.fired if r["rule_id"] == "CO"), ""
    )


def coach_plan_held(recommendation: Recommendation) -> bool:
    return (recommendation.inputs or {}).get("notes", {}).get("override") == "not_followed"
