"""An athlete's load trend and 12-week charts, rendered once per athlete, day and training
change: the history page and the coach's athlete page show them on every view, and they
only change when a session is logged, edited or deleted, or the day turns."""

import secrets

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors
from .charts import weekly_charts

# A bound on staleness should a version bump be lost (a write during a Redis outage).
TRENDS_CACHE_SECONDS = 600


def _version_key(athlete) -> str:
    return f"training:version:{athlete.pk}"


def _new_version() -> str:
    return secrets.token_hex(8)  # not the clock: two changes in one instant must differ


def training_version(athlete) -> str:
    return cache.get_or_set(_version_key(athlete), _new_version, timeout=None)


def training_changed(athlete) -> None:
    """A session of `athlete` changed: every cached rendering of their trends is outdated."""
    cache.set(_version_key(athlete), _new_version(), timeout=None)


def trends_html(request, athlete) -> str:
    """The load-trend line, the weekly charts and their table for `athlete`."""
    today = timezone.now().astimezone(athlete.tz).date()
    key = ":".join(
        str(part)
        for part in (
            "training:trends",
            athlete.pk,
            training_version(athlete),
            today,
            athlete.time_zone,
            athlete.distance_unit,
        )
    )
    html = cache.get(key)
    if html is None:
        figures = selectors.weekly_figures(athlete)
        trend = selectors.load_trend(athlete)
        html = render_to_string(
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
        cache.set(key, html, TRENDS_CACHE_SECONDS)
    return html
