"""Filters for staff pages: the engine's words are written to the athlete ("your soreness");
staff read them about the athlete ("their soreness")."""

import re

from django import template
from django.utils.translation import get_language, gettext

from ..engine.coaching import LEVEL_WORDS
from ..engine.readiness import Level

register = template.Library()

# Longest first, so "yourself" is not read as "your" + "self".
_PERSON = {
    "yourself": "themselves",
    "you're": "they're",
    "you’re": "they’re",
    "you've": "they've",
    "you’ve": "they’ve",
    "your": "their",
    "yours": "theirs",
    "you": "they",
}
_WORD = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _PERSON), key=len, reverse=True)) + r")\b", re.I
)


# After these, "you" is an object: "them", not "they".
_OBJECT_AFTER = re.compile(
    r"\b(for|to|with|of|than|at|on|let|lets|give|gives|tell|tells|help|helps|make|makes|keep|"
    r"keeps|send|sends|stop|stops|ask|asks|remind|reminds|slow|slows)\s+$",
    re.I,
)


def _swap(match: re.Match) -> str:
    word = match.group(0)
    said = _PERSON[word.lower()]
    if said == "they" and _OBJECT_AFTER.search(match.string[: match.start()]):
        said = "them"
    return said.capitalize() if word[0].isupper() else said


@register.filter
def third_person(text: str) -> str:
    """ "Your worst soreness is 8/10, so you rest" -> "Their worst soreness is 8/10, so they
    rest". Verbs after "you" are already in the plural form "they" takes. English only: in
    another language the athlete's words are shown as they are."""
    if not get_language().startswith("en"):
        return str(text)
    return _WORD.sub(_swap, str(text))


@register.filter
def level_words(level: int) -> str:
    """A verdict level as staff pick it: "an easy run", "rest or walk only"."""
    try:
        words = LEVEL_WORDS.get(Level(level))
        return gettext(words) if words else Level(level).name.replace("_", " ").lower()
    except ValueError:
        return ""
