"""Django's `i18n` template tags, with `{% translate "a literal" %}` translated once per
language and then reused: a builtin of our templates (TEMPLATES' `builtins`), so they need no
`{% load i18n %}` — which would load Django's own tags over these.

Django translates such a literal on every render (a lazy string, the active language looked
up twice, the catalogue, escaping): about 6 µs a tag, and a page has dozens. The literal
cannot change, so the result is kept on the (cached, shared) template node per language and
autoescape setting. Everything else is Django's own: a variable, a filter, `noop`, `context`
or `as` takes Django's path."""

from django import template
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


class ConstantTranslateNode(django_i18n.TranslateNode):
    def __init__(self, node: django_i18n.TranslateNode):
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        self.token = getattr(node, "token", None)
        self.origin = getattr(node, "origin", None)
        self.rendered: dict[tuple[str | None, bool], str] = {}

    def render(self, context):
        key = (get_language(), context.autoescape)
        value = self.rendered.get(key)
        if value is None:
            value = self.rendered[key] = super().render(context)
        return value


def _constant(node: django_i18n.TranslateNode) -> bool:
    expression = node.filter_expression
    return (
        not node.noop
        and node.asvar is None
        and node.message_context is None
        and not expression.filters
        and getattr(expression.var, "literal", None) is not None
    )


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    return ConstantTranslateNode(node) if _constant(node) else node
