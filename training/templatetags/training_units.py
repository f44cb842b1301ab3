"""Show stored SI values in the viewer's units."""

from django import template
from django.utils.translation import gettext

from training import units
from training.units import format_duration, format_pace, from_kg, from_metres

register = template.Library()


@register.filter
def distance(metres, unit):
    """1609.344, "mi" -> "1.00 mi"."""
    if metres is None:
        return ""
    return f"{from_metres(metres, unit):.2f} {unit}"


@register.filter
def weight(kg, unit):
    if kg is None:
        return gettext("bodyweight")
    value = from_kg(kg, unit)
    return f"{value:.1f}".rstrip("0").rstrip(".") + f" {unit}"


@register.filter
def duration(seconds):
    return format_duration(seconds)


@register.filter
def pace(session, unit):
    return format_pace(session.duration_s, session.distance_m, unit)


@register.filter
def hours_since(hours):
    """`units.hours_since_words`: "20 h", "12 days"."""
    return units.hours_since_words(hours)
