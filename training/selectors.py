"""Reads of the training log: history pages, the week, plans and the data export. Load trends
are in `load`, leg-day facts in `legdays`. Each read is one query or a fixed, small number.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    F,
    Max,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from accounts.selectors import visible_athletes

from .load import local_midnight, week_start
from .models import Exercise, ExerciseEntry, Kind, PlannedLegDay, PlannedRun, Session


def own_sessions(user) -> QuerySet[Session]:
    return Session.objects.filter(athlete=user)


def _with_entries(queryset: QuerySet[Session]) -> QuerySet[Session]:
    entries = ExerciseEntry.objects.select_related("exercise").order_by("position", "pk")
    # "adherence": recovery's judgement of a run against its day's advice, read by its
    # reverse name (training imports nothing of recovery).
    return queryset.select_related("entered_by", "adherence").prefetch_related(
        Prefetch("entries", queryset=entries)
    )


def editable_sessions(user) -> QuerySet[Session]:
    """Sessions `user` may open, change and delete: their own, and those logged on behalf of
    an athlete they may act for (by any of the staff). `entered_by` is empty for the athlete's
    own log (and for one whose staff author's account is gone: it stays the athlete's)."""
    on_behalf = Q(entered_by__isnull=False) & ~Q(entered_by=F("athlete"))
    staff_side = Q(athlete__in=visible_athletes(user).exclude(pk=user.pk)) & on_behalf
    return Session.objects.filter(Q(athlete=user) | staff_side)


def plans_for(user, model) -> QuerySet:
    """Plans (`PlannedRun`, `PlannedLegDay`) `user` may move, fix and delete: their own, and
    those of every athlete they may act for (staff plan for their gym's athletes)."""
    return model.objects.filter(athlete__in=visible_athletes(user)).select_related("athlete")


def session_seen(user, pk: int) -> tuple[Session, bool]:
    """A session `user` may open — their own, or one of an athlete they see (staff of the
    athlete's gym, `visible_athletes`) — and whether they may also change it
    (`editable_sessions`); raises Session.DoesNotExist otherwise."""
    session = (
        _with_entries(Session.objects.filter(athlete__in=visible_athletes(user)))
        .select_related("athlete")
        .get(pk=pk)
    )
    return session, editable_sessions(user).filter(pk=pk).exists()


def session_detail(user, pk: int) -> Session:
    """A session `user` may edit (`editable_sessions`) with its exercise rows; raises
    Session.DoesNotExist otherwise."""
    return _with_entries(editable_sessions(user)).select_related("athlete").get(pk=pk)


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
        sessions = sessions.filter(started_at__gte=local_midnight(date_from, tz))
    if date_to:
        sessions = sessions.filter(
            started_at__lt=local_midnight(date_to + dt.timedelta(days=1), tz)
        )
    return _with_entries(sessions)


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
            started_at__gte=local_midnight(start, tz),
            started_at__lt=local_midnight(start + dt.timedelta(days=7), tz),
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


def upcoming_plans(user, today: dt.date) -> QuerySet[PlannedRun]:
    return PlannedRun.objects.filter(athlete=user, date__gte=today).order_by("date")[:14]


def strength_to_repeat(athlete, pk: int | None) -> Session | None:
    """A strength session of `athlete`'s to log again — session `pk`, or the latest one
    started by now when `pk` is None — with its rows; None when there is no such session."""
    sessions = _with_entries(
        Session.objects.filter(athlete=athlete, kind=Kind.STRENGTH, entries__isnull=False)
    )
    if pk is not None:
        return sessions.filter(pk=pk).first()
    return sessions.filter(started_at__lte=timezone.now()).order_by("-started_at").first()


RECENT_EXERCISES = 8


def recent_exercise_ids(athlete) -> list[int]:
    """The exercises `athlete` logged most recently, newest first (the picker lists them
    first)."""
    latest = (
        ExerciseEntry.objects.filter(session__athlete=athlete)
        .values("exercise")
        .annotate(last=Max("session__started_at"))
        .order_by("-last")
    )
    return [row["exercise"] for row in latest[:RECENT_EXERCISES]]


def library(*, query: str = "", muscle: str = "") -> QuerySet[Exercise]:
    """The exercise library: active exercises, lower-body first, with their muscle groups and
    variations (four queries whatever the number), filtered by a name or equipment search and
    a muscle group's slug."""
    found = Exercise.objects.filter(is_active=True)
    if query:
        found = found.filter(Q(name__icontains=query) | Q(equipment__icontains=query))
    if muscle:
        found = found.filter(muscle_groups__slug=muscle)
    return found.order_by("-lower_body", "name").prefetch_related(
        "muscle_groups", "easier", "harder"
    )


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
            "terrain",
            "moving_s",
            "ascent_m",
            "descent_m",
            "avg_hr",
            "source",
            "notes",
            entered_by_name=F("entered_by__display_name"),  # others by name only
        )
    )
    entries = list(
        ExerciseEntry.objects.filter(session__athlete=user)
        .order_by("session__started_at", "position")
        .values(
            "session_id", "position", "sets", "reps", "load_kg", exercise_name=F("exercise__name")
        )
    )
    plans = list(
        PlannedRun.objects.filter(athlete=user)
        .order_by("date")
        .values("date", "time", "run_type", "minutes", "inside_recovery_window", "created_at")
    )
    legs = list(
        PlannedLegDay.objects.filter(athlete=user)
        .order_by("date")
        .values("date", "time", "intensity", "created_at")
    )
    tables: dict[str, list[Any]] = {
        "sessions": sessions,
        "exercise_entries": entries,
        "planned_runs": plans,
        "planned_leg_days": legs,
    }
    return tables


def export_answer(sender, *, user, **kwargs) -> dict[str, list[dict]]:
    """Receiver of `accounts.signals.export_requested`: this app's tables of `user`."""
    return export_tables(user)
