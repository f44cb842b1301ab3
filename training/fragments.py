"""Pieces of an athlete's training pages rendered once per training change and day: the load
trend with the 12-week charts (history page, coach's athlete page) and the history's session
list. They change only when a session is logged, edited or deleted, or the day turns."""

from django.template.loader import render_to_string
from django.utils.translation import get_language

from config.cache import cached_for, data_changed

from . import load
from .charts import weekly_charts

# A bound on staleness should a version bump be lost (a write during a Redis outage).
FRAGMENT_CACHE_SECONDS = 600


def _version_name(athlete) -> str:
    return f"training:{athlete.pk}"


def training_changed(athlete) -> None:
    """A session of `athlete` changed: every cached rendering of their trends is outdated."""
    data_changed(_version_name(athlete))


def cached(athlete, name: str, render) -> str:
    """`render()`'s HTML for `athlete`, cached under `name` until their training changes or
    their day turns (or their time zone or units change); one copy per reader's language (a
    coach may read the athlete's trends in another)."""
    key = ":".join(
        str(part)
        for part in (
            "training:fragment",
            name,
            athlete.pk,
            athlete.local_today(),
            athlete.time_zone,
            athlete.distance_unit,
            get_language(),
        )
    )
    return cached_for(_version_name(athlete), key, render, FRAGMENT_CACHE_SECONDS)


def trends_render(athlete, week_base: str = "") -> str:
    """The load-trend line, the weekly charts and their table for `athlete`, rendered without
    a request (it is cached, and shown to the athlete and their coach alike). `week_base`:
    where a week's row leads (the athlete's own planner by default; staff pass the
    athlete's planner as they reach it)."""
    figures = load.weekly_figures(athlete)
    trend = load.load_trends([athlete])[athlete.pk]
    return render_to_string(
        "training/_trends.html",
        {
            "user": athlete,
            "figures": figures,
            "charts": weekly_charts(figures, athlete.distance_unit),
            "has_figures": any(week.sessions for week in figures),
            "trend": trend,
            "trend_phrase": load.trend_phrase(trend.acwr),
            "week_base": week_base,
        },
    )


def trends_html(athlete, week_base: str = "") -> str:
    """`trends_render`, cached until the athlete's training changes or their day turns (one
    copy per `week_base`)."""
    name = f"trends:{week_base}" if week_base else "trends"
    return cached(athlete, name, lambda: trends_render(athlete, week_base))
