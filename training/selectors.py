"""Reads of the training log: history pages, weekly figures, load trends, and the leg-day facts
the readiness engine and reminders need. Each is one query or a fixed, small number.
"""

import datetime as dt
import statistics
import zoneinfo
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import RowNumber, TruncDate, TruncWeek
from django.utils import timezone

from .models import Exercise, ExerciseEntry, Kind, PlannedRun, Session

UNACCUSTOMED_WINDOW = dt.timedelta(days=28)  # DOMAIN.md §7, §8.2: the 4-week layoff cut-off [C]
TYPICAL_LOAD_WINDOW = dt.timedelta(weeks=8)  # DOMAIN.md §8.2: median leg load of the last 8 weeks
ACUTE_DAYS, CHRONIC_DAYS = 7, 28  # DOMAIN.md §4.2, Williams et al. 2017 [60]
# EWMA weights after this many days are < 0.2 % of today's: older days change nothing visible.
EWMA_HISTORY_DAYS = 120


def own_sessions(user) -> QuerySet[Session]:
    return Session.objects.filter(athlete=user)


def _with_entries(queryset: QuerySet[Session]) -> QuerySet[Session]:
    entries = ExerciseEntry.objects.select_related("exercise").order_by("position", "pk")
    return queryset.select_related("entered_by").prefetch_related(
        Prefetch("entries", queryset=entries)
    )


def session_detail(user, pk: int) -> Session:
    """One of the user's own sessions with its exercise rows; raises Session.DoesNotExist."""
    return _with_entries(own_sessions(user)).get(pk=pk)


def history(
    user,
    *,
    kind: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Session]:
    """The history list: newest first, filtered by kind and local date range, rows prefetched."""
    tz = user.tz
    sessions = own_sessions(user)
    if kind:
        sessions = sessions.filter(kind=kind)
    if date_from:
        sessions = sessions.filter(started_at__gte=_local_midnight(date_from, tz))
    if date_to:
        sessions = sessions.filter(
            started_at__lt=_local_midnight(date_to + dt.timedelta(days=1), tz)
        )
    return _with_entries(sessions)


def _local_midnight(day: dt.date, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


def week_start(day: dt.date) -> dt.date:
    """Monday of the week containing `day`."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekDay:
    date: dt.date
    sessions: list[Session]


@dataclass(frozen=True)
class Week:
    start: dt.date
    days: list[WeekDay]
    load: float
    distance_m: float
    leg_days: int

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)


def week(user, day: dt.date) -> Week:
    """The Monday-to-Sunday week containing `day`, in the user's time zone."""
    tz = user.tz
    start = week_start(day)
    sessions = list(
        _with_entries(own_sessions(user))
        .filter(
            started_at__gte=_local_midnight(start, tz),
            started_at__lt=_local_midnight(start + dt.timedelta(days=7), tz),
        )
        .order_by("started_at", "pk")
    )
    by_day: dict[dt.date, list[Session]] = {}
    for session in sessions:
        by_day.setdefault(session.started_at.astimezone(tz).date(), []).append(session)
    days = [
        WeekDay(
            date=start + dt.timedelta(days=i), sessions=by_day.get(start + dt.timedelta(days=i), [])
        )
        for i in range(7)
    ]
    # Leg days count days, not sessions: two leg sessions on a Monday are one leg day.
    leg_dates = {s.started_at.astimezone(tz).date() for s in sessions if s.is_leg_day}
    return Week(
        start=start,
        days=days,
        load=sum(s.load for s in sessions),
        distance_m=sum(s.distance_m or 0 for s in sessions),
        leg_days=len(leg_dates),
    )


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
    today = today or timezone.now().astimezone(tz).date()
    first = week_start(today) - dt.timedelta(weeks=weeks - 1)
    rows = (
        Session.objects.filter(athlete=athlete, started_at__gte=_local_midnight(first, tz))
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


def daily_loads(athlete, start: dt.date, end: dt.date) -> dict[dt.date, float]:
    """Sum of session loads per local day in [start, end]. One query."""
    tz = athlete.tz
    rows = (
        Session.objects.filter(
            athlete=athlete,
            started_at__gte=_local_midnight(start, tz),
            started_at__lt=_local_midnight(end + dt.timedelta(days=1), tz),
        )
        .annotate(day=TruncDate("started_at", tzinfo=tz))
        .values("day")
        .annotate(total=Sum("load"))
    )
    return {row["day"]: row["total"] for row in rows}


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


def load_trend(athlete, *, today: dt.date | None = None) -> LoadTrend:
    """EWMA acute (7 d) and chronic (28 d) load and their ratio, once 28 days of data exist.

    "28 days of data" means the local days from the first logged session to today,
    both included, number at least 28. Days without sessions count as zero load.
    Two queries.
    """
    tz = athlete.tz
    today = today or timezone.now().astimezone(tz).date()
    first = (
        Session.objects.filter(athlete=athlete)
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    if first is None:
        return LoadTrend(days_of_data=0)
    first_day = first.astimezone(tz).date()
    start = max(first_day, today - dt.timedelta(days=EWMA_HISTORY_DAYS - 1))
    # Queried even when the history is too short, so a page's query count never depends on it.
    return _trend(first_day, daily_loads(athlete, start, today), today)


def load_trends(athletes, *, today: dict[int, dt.date]) -> dict[int, LoadTrend]:
    """`load_trend` of many athletes on their own `today` (by id): one query for the first
    sessions and one per time zone for the daily loads."""
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
                started_at__gte=_local_midnight(start, tz),
                started_at__lt=_local_midnight(max(days) + dt.timedelta(days=1), tz),
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


def acwr(athlete, *, today: dt.date | None = None) -> float | None:
    return load_trend(athlete, today=today).acwr


def trend_phrase(ratio: float | None) -> str:
    """A plain-words trend, never an injury prediction (DOMAIN.md §4.2)."""
    if ratio is None:
        return "Not enough history yet: the trend appears after 28 days of logging."
    if ratio < 0.8:
        return "Lighter than your usual training lately."
    if ratio <= 1.3:
        return "In line with your usual training."
    if ratio < 1.5:
        return "More than your usual training lately: build up gradually."
    return "Well above your usual training lately: consider holding steady for a few days."


@dataclass(frozen=True)
class LegDay:
    session_id: int
    started_at: dt.datetime
    ended_at: dt.datetime
    rpe: int
    minutes: float
    load: float
    unaccustomed: bool
    exercise: str = ""  # the name of its first lower-body exercise, if any


def _leg_day_sessions() -> QuerySet[Session]:
    """Leg-day sessions annotated with whether each was unaccustomed and its first
    lower-body exercise (see `latest_leg_day`)."""
    prior_leg_day = Session.objects.filter(
        athlete=OuterRef("athlete"),
        is_leg_day=True,
        started_at__lt=OuterRef("started_at"),
        started_at__gte=OuterRef("started_at") - UNACCUSTOMED_WINDOW,
    )
    done_recently = ExerciseEntry.objects.filter(
        exercise=OuterRef("exercise"),
        session__athlete=OuterRef(OuterRef("athlete")),
        session__started_at__lt=OuterRef(OuterRef("started_at")),
        session__started_at__gte=OuterRef(OuterRef("started_at")) - UNACCUSTOMED_WINDOW,
    )
    new_eccentric = ExerciseEntry.objects.filter(
        session=OuterRef("pk"), exercise__eccentric_heavy=True
    ).exclude(Exists(done_recently))
    return Session.objects.leg_days().annotate(
        had_prior=Exists(prior_leg_day),
        has_new_eccentric=Exists(new_eccentric),
        first_lower=Subquery(
            ExerciseEntry.objects.filter(session=OuterRef("pk"), exercise__lower_body=True)
            .order_by("position", "pk")
            .values("exercise__name")[:1]
        ),
    )


def _leg_day(session: Session) -> LegDay:
    return LegDay(
        session_id=session.pk,
        started_at=session.started_at,
        ended_at=session.started_at + dt.timedelta(seconds=session.duration_s),
        rpe=session.rpe,
        minutes=session.minutes,
        load=session.load,
        unaccustomed=not session.had_prior or session.has_new_eccentric,
        exercise=session.first_lower or "",
    )


def latest_leg_day(athlete, *, now: dt.datetime | None = None) -> LegDay | None:
    """The most recent leg day that has started by `now`, with whether it was unaccustomed:
    no other leg day in the 28 days before it, or an eccentric-heavy exercise not done in
    those 28 days. One query."""
    session = (
        _leg_day_sessions()
        .filter(athlete=athlete, started_at__lte=now or timezone.now())
        .order_by("-started_at", "-pk")
        .first()
    )
    return _leg_day(session) if session else None


def latest_leg_days(started_by: Q) -> dict[int, LegDay]:
    """`latest_leg_day` of many athletes at once, by athlete id, among the sessions that
    `started_by` selects (their athletes and how late each may have started). One query."""
    newest_first = Window(
        RowNumber(), partition_by=F("athlete"), order_by=[F("started_at").desc(), F("pk").desc()]
    )
    rows = _leg_day_sessions().filter(started_by).annotate(rank=newest_first).filter(rank=1)
    return {session.athlete_id: _leg_day(session) for session in rows}


def leg_loads(started: Q) -> dict[int, list[tuple[dt.datetime, float]]]:
    """(start, load) of the leg days that `started` selects (their athletes and time span),
    by athlete id, oldest first. One query."""
    loads: dict[int, list[tuple[dt.datetime, float]]] = {}
    for athlete_id, started_at, load in (
        Session.objects.leg_days()
        .filter(started)
        .order_by("athlete", "started_at", "pk")
        .values_list("athlete", "started_at", "load")
    ):
        loads.setdefault(athlete_id, []).append((started_at, load))
    return loads


def typical_leg_load(loads: list[tuple[dt.datetime, float]], *, now: dt.datetime) -> float | None:
    """Median load of the leg days among `loads` (see `leg_loads`) in the 8 weeks before
    `now`; None without any."""
    window = [load for started, load in loads if now - TYPICAL_LOAD_WINDOW <= started <= now]
    return statistics.median(window) if window else None


def median_leg_load(athlete, *, now: dt.datetime | None = None) -> float | None:
    """Median load of the leg days in the 8 weeks before `now`; None without any. One query."""
    now = now or timezone.now()
    window = Q(athlete=athlete, started_at__gte=now - TYPICAL_LOAD_WINDOW, started_at__lte=now)
    return typical_leg_load(leg_loads(window).get(athlete.pk, []), now=now)


def upcoming_plans(user, today: dt.date) -> QuerySet[PlannedRun]:
    return PlannedRun.objects.filter(athlete=user, date__gte=today).order_by("date")[:14]


def active_exercises() -> QuerySet[Exercise]:
    return Exercise.objects.filter(is_active=True).prefetch_related("muscle_groups")


def export_tables(user) -> dict[str, list[dict]]:
    """The user's sessions and exercise rows for the data export."""
    sessions = list(
        Session.objects.filter(athlete=user)
        .order_by("started_at")
        .values(
            "id",
            "kind",
            "started_at",
            "duration_s",
            "rpe",
            "load",
            "is_leg_day",
            "distance_m",
            "run_type",
            "legs_feel",
            "notes",
            entered_by_email=F("entered_by__email"),
        )
    )
    entries = list(
        ExerciseEntry.objects.filter(session__athlete=user)
        .order_by("session__started_at", "position")
        .values(
            "session_id", "position", "sets", "reps", "load_kg", exercise_name=F("exercise__name")
        )
    )
    return {"sessions": sessions, "exercise_entries": entries}
