"""The engine's translator: Django's gettext, each (language, message id) looked up once.

A verdict card asks for some thirty of the engine's words and sentences (headline, detail, the
avoid list, the checklist, each reason and rule title); Django's gettext looks up the active
language and its catalogue every time. The message ids are the engine's own (a finite set),
so the answers are kept per language."""

from django.utils.translation import get_language, gettext

_kept: dict[tuple[str | None, str], str] = {}


def kept_gettext(message: str) -> str:
    key = (get_language(), message)
    found = _kept.get(key)
    if found is None:
        found = _kept[key] = gettext(message)
    return found
