"""Pieces of an athlete's training pages rendered once per training change and day: the load
trend with the 12-week charts (history page, coach's athlete page) and the history's session
list. They change only when a session is logged, edited or deleted, or the day turns."""

import secrets

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors
from .charts import weekly_charts

# A bound on staleness should a version bump be lost (a write during a Redis outage).
FRAGMENT_CACHE_SECONDS = 600


def _version_key(athlete) -> str:
    return f"training:version:{athlete.pk}"


def _new_version() -> str:
    return secrets.token_hex(8)  # not the clock: two changes in one instant must differ


def training_version(athlete) -> str:
    return cache.get_or_set(_version_key(athlete), _new_version, timeout=None)


def training_changed(athlete) -> None:
    """A session of `athlete` changed: every cached rendering of their trends is outdated."""
    cache.set(_version_key(athlete), _new_version(), timeout=None)


def cached(athlete, name: str, render) -> str:
    """`render()`'s HTML for `athlete`, cached under `name` until their training changes or
    their day turns (or their time zone or units change)."""
    key = ":".join(
        str(part)
        for part in (
            "training:fragment",
            name,
            athlete.pk,
            training_version(athlete),
            timezone.now().astimezone(athlete.tz).date(),
            athlete.time_zone,
            athlete.distance_unit,
        )
    )
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, FRAGMENT_CACHE_SECONDS)
    return html


def trends_html(request, athlete) -> str:
    """The load-trend line, the weekly charts and their table for `athlete`."""

    def render() -> str:
        figures = selectors.weekly_figures(athlete)
        trend = selectors.load_trend(athlete)
        return render_to_string(
            "training/_trends.html",
            {
                "user": athlete,
                "figures": figures,
                "charts": weekly_charts(figures, athlete.distance_unit),
                "trend": trend,
                "trend_phrase": selectors.trend_phrase(trend.acwr),
            },
            request,
        )

    return cached(athlete, "trends", render)
