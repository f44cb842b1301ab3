"""The engine's sentences, in any language: each is an English message id with parameters,
marked for `makemessages` (keywords `text`, `say`, `gettext_noop`) and translated by whatever
translator the presentation layer installs (`recovery.apps` installs Django's gettext). The
engine stays free of Django: without a translator, the English is the text.

- `text(...)` keeps the id and parameters (a fired rule's reason, stored with the verdict and
  translated when it is shown, in the reader's language);
- `say(...)` translates now (words the presentation asks for while it renders).

A parameter that is itself words (a muscle group, "above") is a `Text` too, so it is
translated with the sentence; a list of them is joined with commas."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Translator = Callable[[str], str]


def _english(message: str) -> str:
    return message


_translator: list[Translator] = [_english]


def install(translator: Translator) -> None:
    """Translate from now on with `translator` (message id -> text in the active language)."""
    _translator[0] = translator


def gettext_noop(message: str) -> str:
    """Marks `message` for translation and returns it unchanged."""
    return message


def translate(message: str) -> str:
    return _translator[0](message) if message else message


@dataclass(frozen=True)
class Text:
    """A sentence: its English message id and the values of its `{name}` fields."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)  # a dict: unhashable

    def __str__(self) -> str:
        return render(self.msgid, self.params)

    @property
    def english(self) -> str:
        return self.msgid.format(**{k: _plain(v, english=True) for k, v in self.params.items()})

    def stored(self) -> dict[str, Any]:
        """As JSON: {"msgid": ..., "params": {...}} (nested texts the same way)."""
        return {"msgid": self.msgid, "params": {k: _stored(v) for k, v in self.params.items()}}


def text(msgid: str, /, **params: Any) -> Text:
    return Text(msgid, params)


def say(msgid: str, /, **params: Any) -> str:
    """`msgid` translated in the active language, its fields filled."""
    return render(msgid, params)


def render(msgid: str, params: Mapping[str, Any]) -> str:
    return translate(msgid).format(**{k: _plain(v) for k, v in params.items()})


def from_stored(value: Any) -> Any:
    """A stored text (`Text.stored`) back as a `Text`; anything else as it is."""
    if isinstance(value, Mapping) and "msgid" in value:
        return Text(value["msgid"], {k: from_stored(v) for k, v in value["params"].items()})
    if isinstance(value, list):
        return [from_stored(v) for v in value]
    return value


def _plain(value: Any, english: bool = False) -> Any:
    if isinstance(value, Text):
        return value.english if english else str(value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(str(_plain(v, english)) for v in value)
    return value


def _stored(value: Any) -> Any:
    if isinstance(value, Text):
        return value.stored()
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_stored(v) for v in value]
    return value
