"""Writes of the training log. Every write checks who may make it and saves all or nothing."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import athletes_for_staff

from . import fragments
from .models import Exercise, ExerciseEntry, Kind, Session

MAX_FUTURE_START = dt.timedelta(days=1)


@dataclass(frozen=True)
class EntryData:
    exercise: Exercise
    sets: int
    reps: int
    load_kg: float | None


def may_log_for(user: User, athlete: User) -> bool:
    """An athlete logs their own sessions; staff of the athlete's gym may log for them."""
    return user.pk == athlete.pk or athletes_for_staff(user).filter(pk=athlete.pk).exists()


def _check_start(started_at: dt.datetime) -> None:
    if started_at > timezone.now() + MAX_FUTURE_START:
        raise ValidationError({"started_at": "The start can't be more than a day in the future."})


def _save(session: Session, entries: list[EntryData] | None) -> Session:
    _check_start(session.started_at)
    if session.kind == Kind.STRENGTH:
        session.is_leg_day = any(entry.exercise.lower_body for entry in entries or [])
    session.full_clean()
    session.save()
    if entries is not None:
        session.entries.all().delete()
        rows = [
            ExerciseEntry(
                session=session,
                position=position,
                exercise=entry.exercise,
                sets=entry.sets,
                reps=entry.reps,
                load_kg=entry.load_kg,
            )
            for position, entry in enumerate(entries)
        ]
        for row in rows:
            row.full_clean(exclude=["session"])
        ExerciseEntry.objects.bulk_create(rows)
    # The generated load column is computed by the database; read it back.
    session.refresh_from_db(fields=["load"])
    _refresh_readiness(session.athlete)
    return session


def _refresh_readiness(athlete: User) -> None:
    """Today's advice and the run reminders follow the training log."""
    # Imported here: the recovery app builds on training, not the other way round.
    from recovery.reminders import after_leg_day_change
    from recovery.services import after_training_change

    fragments.training_changed(athlete)
    after_training_change(athlete)
    after_leg_day_change(athlete)


@transaction.atomic
def session_create(
    *,
    athlete: User,
    entered_by: User,
    kind: str,
    entries: list[EntryData] | None = None,
    **fields,
) -> Session:
    """Log a strength session (with its exercise rows) or a run for `athlete`.

    Staff logging for an athlete of their gym are recorded in `entered_by`.
    """
    if not may_log_for(entered_by, athlete):
        raise PermissionDenied("You can only log sessions for yourself or your gym's athletes.")
    session = Session(
        athlete=athlete,
        entered_by=None if entered_by.pk == athlete.pk else entered_by,
        kind=kind,
        **fields,
    )
    return _save(session, entries if kind == Kind.STRENGTH else None)


@transaction.atomic
def session_update(
    *, session: Session, by: User, entries: list[EntryData] | None = None, **fields
) -> Session:
    """Change a session; for strength sessions the exercise rows are replaced by `entries`."""
    if not may_log_for(by, session.athlete):
        raise PermissionDenied("You can't change this session.")
    for name, value in fields.items():
        setattr(session, name, value)
    return _save(session, entries if session.kind == Kind.STRENGTH else None)


@transaction.atomic
def session_delete(*, session: Session, by: User) -> None:
    if not may_log_for(by, session.athlete):
        raise PermissionDenied("You can't delete this session.")
    session.delete()
    _refresh_readiness(session.athlete)
