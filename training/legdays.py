"""Leg-day facts the readiness engine, the planner and the reminders read: the latest leg day
(with whether it was unaccustomed), leg-session loads and the load trend, for one athlete or
many; `leg_facts` gathers all of them for a day's verdict in one call."""

import datetime as dt
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import User

from .load import LoadTrend, load_trends
from .models import ExerciseEntry, Kind, Session

UNACCUSTOMED_WINDOW = dt.timedelta(days=28)  # DOMAIN.md §7, §8.2: the 4-week layoff cut-off [C]
TYPICAL_LOAD_WINDOW = dt.timedelta(weeks=8)  # DOMAIN.md §8.2: median leg load of the last 8 weeks
ONE_DAY, ONE_SECOND = dt.timedelta(days=1), dt.timedelta(seconds=1)


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
    eccentric: bool = False  # an eccentric-heavy exercise in it


def _leg_day_sessions() -> QuerySet[Session]:
    """Leg-day sessions annotated with whether each was unaccustomed and its first
    lower-body exercise (see `latest_leg_days`). Whether the log covers the 28 days before a
    session is whether anything was logged 28 days or more before it (DOMAIN §8.2, v3)."""
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
    covered = Session.objects.filter(
        athlete=OuterRef("athlete"), started_at__lte=OuterRef("started_at") - UNACCUSTOMED_WINDOW
    )
    return Session.objects.leg_days().annotate(
        had_prior=Exists(prior_leg_day),
        has_new_eccentric=Exists(new_eccentric),
        has_eccentric=Exists(
            ExerciseEntry.objects.filter(session=OuterRef("pk"), exercise__eccentric_heavy=True)
        ),
        log_covers=Exists(covered),
        legs_recently=F("athlete__legs_trained_recently"),
        first_lower=Subquery(
            ExerciseEntry.objects.filter(session=OuterRef("pk"), exercise__lower_body=True)
            .order_by("position", "pk")
            .values("exercise__name")[:1]
        ),
    )


def unaccustomed(
    *, covered: bool, had_prior: bool, new_eccentric: bool, answer: bool | None
) -> bool:
    """A leg day is unaccustomed after no leg session in the 28 days before it, or with an
    eccentric-heavy exercise not done in them — known only where the log covers those days;
    before that the athlete's own answer stands in ("legs about weekly in the last 4 weeks?"),
    and no answer counts as unaccustomed (DOMAIN §8.2, v3)."""
    if covered:
        return not had_prior or new_eccentric
    return answer is not True


def _leg_day(session: Any) -> LegDay:
    """A `_leg_day_sessions()` row (a Session with its annotations) as a LegDay."""
    return LegDay(
        session_id=session.pk,
        started_at=session.started_at,
        ended_at=session.started_at + dt.timedelta(seconds=session.duration_s),
        rpe=session.rpe,
        minutes=session.minutes,
        load=session.load,
        unaccustomed=unaccustomed(
            covered=session.log_covers,
            had_prior=session.had_prior,
            new_eccentric=session.has_new_eccentric,
            answer=session.legs_recently,
        ),
        exercise=session.first_lower or "",
        eccentric=session.has_eccentric,
    )


def latest_leg_days(started_by: Q) -> dict[int, LegDay]:
    """The most recent leg day of each athlete among the sessions that `started_by` selects
    (their athletes and how late each may have started: `Q(athlete=a, started_at__lte=now)`
    for one), by athlete id, with whether it was unaccustomed: no other leg day in the 28
    days before it, or an eccentric-heavy exercise not done in those 28 days. One query."""
    newest_first = Window(
        RowNumber(), partition_by=F("athlete"), order_by=[F("started_at").desc(), F("pk").desc()]
    )
    rows = _leg_day_sessions().filter(started_by).annotate(rank=newest_first).filter(rank=1)
    return {session.athlete_id: _leg_day(session) for session in rows}


def leg_days_in(started: Q) -> dict[int, list[LegDay]]:
    """Every leg day that `started` selects (their athletes and time span), by athlete id,
    newest first. One query."""
    found: dict[int, list[LegDay]] = {}
    for session in _leg_day_sessions().filter(started).order_by("-started_at", "-pk"):
        found.setdefault(session.athlete_id, []).append(_leg_day(session))
    return found


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


@dataclass(frozen=True)
class LegFacts:
    """Every leg-day fact a day's verdict reads for one athlete (see `leg_facts`)."""

    latest: LegDay | None  # the latest leg day started by the day's end
    recent: tuple[LegDay, ...]  # started from `recent` before the day to its end, newest first
    loads: tuple[tuple[dt.datetime, float], ...]  # (start, load), 8 weeks before the day on
    trend: LoadTrend
    # Starts of runs and leg days from `activity` before the day on, oldest first.
    activity: tuple[dt.datetime, ...] = ()
    past: tuple[LegDay, ...] = ()  # the leg days of that span, newest first

    def typical_load(self, at: dt.datetime) -> float | None:
        """The median leg load of the 8 weeks before `at` (a moment of the day)."""
        return typical_leg_load(list(self.loads), now=at)


def leg_facts(
    days: Mapping[User, dt.date], *, recent: dt.timedelta, activity: dt.timedelta
) -> dict[int, LegFacts]:
    """The leg-day facts of each athlete's day in `days`, by athlete id: the latest leg day,
    those started from `recent` before the day, the loads behind the 8-week median, the load
    trend, and the runs and leg days started from `activity` before the day (their starts; the
    leg days whole, for the athlete's own soreness response). Six queries whatever their
    number, plus one per further time zone."""
    # Athletes who share a time zone and a day share every bound: one condition per group.
    groups: dict[tuple[str, dt.date], list[User]] = {}
    for athlete, day in days.items():
        groups.setdefault((athlete.time_zone, day), []).append(athlete)

    def each(since: dt.timedelta | None) -> Q:
        """Sessions of each group started by its day's end (and from `since` before it)."""
        selected = Q()
        for (_, day), group in groups.items():
            tz = group[0].tz
            start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
            end = dt.datetime.combine(day + ONE_DAY, dt.time.min, tzinfo=tz) - ONE_SECOND
            bounds = Q(athlete__in=group, started_at__lte=end)
            if since is not None:
                bounds &= Q(started_at__gte=start - since)
            selected |= bounds
        return selected

    latest = latest_leg_days(each(None))
    loads = leg_loads(each(TYPICAL_LOAD_WINDOW))
    past = leg_days_in(each(max(recent, activity)))
    trends = load_trends(list(days), today={athlete.pk: day for athlete, day in days.items()})
    starts: dict[int, list[dt.datetime]] = {}
    for athlete_id, started_at in (
        Session.objects.filter(each(activity))
        .filter(Q(kind=Kind.RUN) | Q(is_leg_day=True))
        .order_by("started_at")
        .values_list("athlete", "started_at")
    ):
        starts.setdefault(athlete_id, []).append(started_at)
    return {
        athlete.pk: LegFacts(
            latest=latest.get(athlete.pk),
            recent=_since(past.get(athlete.pk, []), athlete, days[athlete], recent),
            loads=tuple(loads.get(athlete.pk, ())),
            trend=trends[athlete.pk],
            activity=tuple(starts.get(athlete.pk, ())),
            past=_since(past.get(athlete.pk, []), athlete, days[athlete], activity),
        )
        for athlete in days
    }


def _since(
    found: list[LegDay], athlete: User, day: dt.date, span: dt.timedelta
) -> tuple[LegDay, ...]:
    """The leg days of `found` (newest first) started from `span` before `day` on."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=athlete.tz) - span
    return tuple(leg for leg in found if leg.started_at >= start)


def median_leg_load(athlete: User, *, now: dt.datetime | None = None) -> float | None:
    """Median load of the leg days in the 8 weeks before `now`; None without any. One query."""
    now = now or timezone.now()
    window = Q(athlete=athlete, started_at__gte=now - TYPICAL_LOAD_WINDOW, started_at__lte=now)
    return typical_leg_load(leg_loads(window).get(athlete.pk, []), now=now)


def leg_history(
    athlete: User, *, since: dt.datetime
) -> tuple[dt.datetime | None, tuple[dt.datetime, ...]]:
    """When the athlete's log begins (their first session), and the starts of their leg days
    from `since` on: what `unaccustomed` needs for a leg day still to come. Two queries."""
    first = (
        Session.objects.filter(athlete=athlete)
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    starts = tuple(
        Session.objects.leg_days()
        .filter(athlete=athlete, started_at__gte=since)
        .order_by("started_at")
        .values_list("started_at", flat=True)
    )
    return first, starts


def usual_rpe(athlete: User, at: dt.datetime) -> int | None:
    """The athlete's median session RPE of the leg days they rated in the 8 weeks before `at`
    (the window of the typical load), or None without any. One query."""
    rated = list(
        Session.objects.leg_days()
        .filter(
            athlete=athlete,
            rpe_estimated=False,
            started_at__gte=at - TYPICAL_LOAD_WINDOW,
            started_at__lte=at,
        )
        .values_list("rpe", flat=True)
    )
    return round(statistics.median(rated)) if rated else None
