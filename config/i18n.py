"""Django's `i18n` template tags, with `{% translate "a literal" %}` translated once per
language and then reused: a builtin of our templates (TEMPLATES' `builtins`), so they need no
`{% load i18n %}` — which would load Django's own tags over these.

Django translates such a literal on every render (a lazy string, the active language looked
up twice, the catalogue, escaping): about 6 µs a tag, and a page has dozens. The literal
cannot change, so the result is kept on the (cached, shared) template node per language and
autoescape setting. Everything else is Django's own: a variable, a filter, `noop`, `context`
or `as` takes Django's path."""

from functools import lru_cache

from django import template
from django.template.base import render_value_in_context
from django.templatetags import i18n as django_i18n
from django.utils.html import json_script
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, gettext_noop

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


def _language(context) -> str | None:
    """The active language, looked up once per template context (Django's lookup goes through
    a context-local and a lock: a page with a hundred tags asked a hundred times). Our
    templates do not switch language inside a page ({% language %} starts its own lookup)."""
    language = context.get(LANGUAGE_KEY)
    if language is None:
        language = get_language()
        context.dicts[0][LANGUAGE_KEY] = language
    return language


LANGUAGE_KEY = "__language"


class ConstantTranslateNode(django_i18n.TranslateNode):
    def __init__(self, node: django_i18n.TranslateNode):
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        self.rendered: dict[tuple[str | None, bool], str] = {}

    def render(self, context):
        key = (_language(context), context.autoescape)
        value = self.rendered.get(key)
        if value is None:
            value = self.rendered[key] = super().render(context)
        return value


class KeptBlockTranslateNode(django_i18n.BlockTranslateNode):
    """{% blocktranslate %} without a plural or a context: the message id (its text, trimmed)
    and its translation are kept per language; only the variables are rendered each time."""

    def __init__(self, node: django_i18n.BlockTranslateNode):
        super().__init__(
            node.extra_context,
            node.singular,
            trimmed=node.trimmed,
            asvar=node.asvar,
            tag_name=getattr(node, "tag_name", "blocktranslate"),
        )
        self.kept: dict[str | None, tuple[str, list[str]]] = {}

    def render(self, context, nested=False):
        language = _language(context)
        kept = self.kept.get(language)
        if kept is None:
            singular, names = self.render_token_list(self.singular)
            kept = self.kept[language] = (gettext(singular), names)
        translated, names = kept
        context.update({var: val.resolve(context) for var, val in self.extra_context.items()})
        missing = context.template.engine.string_if_invalid
        data = {
            name: render_value_in_context(context.get(name, missing), context) for name in names
        }
        context.pop()
        try:
            result = translated % data
        except (KeyError, ValueError):
            return super().render(context, nested)  # Django's path, with its error
        if self.asvar:
            context[self.asvar] = SafeString(result)
            return ""
        return result


def _constant(node: django_i18n.TranslateNode) -> bool:
    expression = node.filter_expression
    return (
        not node.noop
        and node.asvar is None
        and node.message_context is None
        and not expression.filters
        and getattr(expression.var, "literal", None) is not None
    )


@register.tag("blocktranslate")
@register.tag("blocktrans")
def do_block_translate(parser, token):
    node = django_i18n.do_block_translate(parser, token)
    if node.plural or node.message_context:
        return node
    return KeptBlockTranslateNode(node)


@register.tag("language")
def do_language(parser, token):
    """Django's {% language %}, the looked-up language forgotten inside and after it."""
    node = django_i18n.language(parser, token)
    return LanguageNode(node.nodelist, node.language)


class LanguageNode(django_i18n.LanguageNode):
    def render(self, context):
        context.dicts[0].pop(LANGUAGE_KEY, None)
        try:
            return super().render(context)
        finally:
            context.dicts[0].pop(LANGUAGE_KEY, None)


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    return ConstantTranslateNode(node) if _constant(node) else node


# The words static/js/app.js shows (it takes them from the page, English as its fallback).
JS_WORDS = {
    "error": gettext_noop(
        "Something went wrong (error {status}). Nothing was lost; please try again."
    ),
    "push_on": gettext_noop("Push is on for this device."),
    "push_off": gettext_noop("Push is off for this device."),
    "no_push": gettext_noop("This browser cannot receive push notifications."),
    "push_blocked": gettext_noop(
        "Notifications are blocked for this site: allow them in the browser's site settings."
    ),
    "push_failed": gettext_noop("Push could not be turned on: {error}"),
    "copied": gettext_noop("Copied"),
    "copy_by_hand": gettext_noop("Press Ctrl+C"),
    "search_exercises": gettext_noop("Search exercises"),
}


@register.simple_tag
def js_words() -> SafeString:
    """`<script id="js-words" type="application/json">` with JS_WORDS in the active
    language (made once per language)."""
    return _js_words(get_language())


@lru_cache(maxsize=16)
def _js_words(language: str | None) -> SafeString:
    return json_script({key: gettext(words) for key, words in JS_WORDS.items()}, "js-words")
