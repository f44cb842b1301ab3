"""Training load: weekly figures and the acute:chronic trend (DOMAIN.md §4.2), read in a fixed
number of queries for one athlete or many."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncDate, TruncWeek
from django.utils.translation import gettext

from .models import Kind, Session

ACUTE_DAYS, CHRONIC_DAYS = 7, 28  # DOMAIN.md §4.2, Williams et al. 2017 [60]
# EWMA weights after this many days are < 0.2 % of today's: older days change nothing visible.
EWMA_HISTORY_DAYS = 120


def local_midnight(day: dt.date, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


def week_start(day: dt.date) -> dt.date:
    """Monday of the week containing `day`."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeeklyFigures:
    week_start: dt.date
    load: float
    distance_m: float
    leg_days: int
    sessions: int


def weekly_figures(
    athlete, *, weeks: int = 12, today: dt.date | None = None
) -> list[WeeklyFigures]:
    """Load, distance, leg days and sessions for each of the last `weeks` weeks, oldest first.

    One aggregate query, grouped by local week; weeks without sessions are zeros.
    """
    tz = athlete.tz
    today = today or athlete.local_today()
    first = week_start(today) - dt.timedelta(weeks=weeks - 1)
    rows = (
        Session.objects.filter(athlete=athlete, started_at__gte=local_midnight(first, tz))
        .annotate(week=TruncWeek("started_at", tzinfo=tz), day=TruncDate("started_at", tzinfo=tz))
        .values("week")
        .annotate(
            total_load=Sum("load"),
            total_distance=Sum("distance_m", filter=Q(kind=Kind.RUN)),
            leg_days=Count("day", filter=Q(is_leg_day=True), distinct=True),
            count=Count("pk"),
        )
    )
    by_week = {_as_date(row["week"]): row for row in rows}
    figures = []
    for i in range(weeks):
        start = first + dt.timedelta(weeks=i)
        row = by_week.get(start, {})
        figures.append(
            WeeklyFigures(
                week_start=start,
                load=row.get("total_load") or 0.0,
                distance_m=row.get("total_distance") or 0.0,
                leg_days=row.get("leg_days") or 0,
                sessions=row.get("count") or 0,
            )
        )
    return figures


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def ewma(values: list[float], days: int) -> float:
    """Exponentially weighted moving average, lambda = 2 / (N + 1), seeded with the first value
    (Williams et al. 2017 [60])."""
    lam = 2 / (days + 1)
    average = values[0]
    for value in values[1:]:
        average = lam * value + (1 - lam) * average
    return average


@dataclass(frozen=True)
class LoadTrend:
    days_of_data: int
    acute: float | None = None
    chronic: float | None = None
    acwr: float | None = None


def load_trends(athletes, *, today: dict[int, dt.date] | None = None) -> dict[int, LoadTrend]:
    """EWMA acute (7 d) and chronic (28 d) load and their ratio, once 28 days of data exist,
    for one athlete or many on their own `today` (by id; default: their date now), by id.

    "28 days of data" means the local days from the first logged session to today, both
    included, number at least 28. Days without sessions count as zero load. One query for
    the first sessions and one per time zone for the daily loads (queried even when the
    history is too short, so a page's query count never depends on it)."""
    today = today or {athlete.pk: athlete.local_today() for athlete in athletes}
    firsts = dict(
        Session.objects.filter(athlete__in=athletes)
        .values("athlete")
        .annotate(first=Min("started_at"))
        .values_list("athlete", "first")
    )
    trends = {}
    for group in _by_zone(athletes).values():
        tz = group[0].tz
        days = {today[a.pk] for a in group}
        start = min(days) - dt.timedelta(days=EWMA_HISTORY_DAYS - 1)
        loads: dict[int, dict[dt.date, float]] = {a.pk: {} for a in group}
        for athlete_id, day, total in (
            Session.objects.filter(
                athlete__in=group,
                started_at__gte=local_midnight(start, tz),
                started_at__lt=local_midnight(max(days) + dt.timedelta(days=1), tz),
            )
            .annotate(day=TruncDate("started_at", tzinfo=tz))
            .values("athlete", "day")
            .annotate(total=Sum("load"))
            .values_list("athlete", "day", "total")
        ):
            loads[athlete_id][day] = total
        for athlete in group:
            first = firsts.get(athlete.pk)
            trends[athlete.pk] = _trend(
                first.astimezone(tz).date() if first else None,
                loads[athlete.pk],
                today[athlete.pk],
            )
    return trends


def _by_zone(athletes) -> dict[str, list]:
    groups: dict[str, list] = {}
    for athlete in athletes:
        groups.setdefault(athlete.time_zone, []).append(athlete)
    return groups


def _trend(first_day: dt.date | None, loads: dict[dt.date, float], today: dt.date) -> LoadTrend:
    """The trend on `today` from the first session's day and the daily loads."""
    if first_day is None:
        return LoadTrend(days_of_data=0)
    days_of_data = (today - first_day).days + 1
    if days_of_data < CHRONIC_DAYS:
        return LoadTrend(days_of_data=max(days_of_data, 0))
    start = max(first_day, today - dt.timedelta(days=EWMA_HISTORY_DAYS - 1))
    series = [loads.get(start + dt.timedelta(days=i), 0.0) for i in range((today - start).days + 1)]
    acute, chronic = ewma(series, ACUTE_DAYS), ewma(series, CHRONIC_DAYS)
    return LoadTrend(
        days_of_data=days_of_data,
        acute=acute,
        chronic=chronic,
        acwr=acute / chronic if chronic > 0 else None,
    )


def trend_phrase(ratio: float | None) -> str:
    """A plain-words trend, never an injury prediction (DOMAIN.md §4.2)."""
    if ratio is None:
        return gettext("Not enough history yet: the trend appears after 28 days of logging.")
    if ratio < 0.8:
        return gettext("Lighter than your usual training lately.")
    if ratio <= 1.3:
        return gettext("In line with your usual training.")
    if ratio < 1.5:
        return gettext("More than your usual training lately: build up gradually.")
    return gettext("Well above your usual training lately: consider holding steady for a few days.")
