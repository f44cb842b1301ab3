"""Writes of the training log. Every write checks who may make it and saves all or nothing."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.selectors import may_act_for
from config.fields import EARLIEST

from .models import Exercise, ExerciseEntry, Kind, OneRepMax, Session
from .signals import training_changed

MAX_FUTURE_START = dt.timedelta(days=1)


@dataclass(frozen=True)
class EntryData:
    exercise: Exercise
    sets: int
    reps: int
    load_kg: float | None


def _check_start(started_at: dt.datetime) -> None:
    if started_at > timezone.now() + MAX_FUTURE_START:
        raise ValidationError(
            {"started_at": gettext_lazy("The start can't be more than a day in the future.")}
        )
    if started_at.date() < EARLIEST:
        raise ValidationError(
            {
                "started_at": gettext_lazy("The start can't be before {EARLIEST:%d %b %Y}.").format(
                    EARLIEST=EARLIEST
                )
            }
        )


def _save(
    session: Session, entries: list[EntryData] | None, *, announce_now: bool = True
) -> Session:
    _check_start(session.started_at)
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
    if announce_now:  # else the caller announces once for many (an import's chunk)
        announce([session.athlete])
    # The generated load column and the derived leg-day flag are the database's: read back.
    session.refresh_from_db(fields=["load", "is_leg_day"])
    return session


def announce(athletes: list[User]) -> None:
    """The training log of `athletes` changed: training's own derived column (the leg-day
    flags) first, then the signal, on which everything else follows (verdicts, reminders,
    caches: recovery), in this transaction."""
    leg_day_flags_refresh(athletes)
    training_changed.send(sender=Session, athletes=athletes)


def leg_day_flags_refresh(athletes: list[User]) -> int:
    """Recompute `Session.is_leg_day` of the athletes' sessions: a strength session with a
    lower-body exercise is a leg day. Two updates that touch only rows that change."""
    lower_body = Exists(
        ExerciseEntry.objects.filter(session=OuterRef("pk"), exercise__lower_body=True)
    )
    sessions = Session.objects.filter(athlete__in=athletes)
    return sessions.filter(kind=Kind.STRENGTH, is_leg_day=False).filter(lower_body).update(
        is_leg_day=True
    ) + sessions.filter(is_leg_day=True).exclude(Q(kind=Kind.STRENGTH) & Q(lower_body)).update(
        is_leg_day=False
    )


@transaction.atomic
def session_create(
    *,
    athlete: User,
    entered_by: User,
    kind: str,
    entries: list[EntryData] | None = None,
    announce_now: bool = True,
    **fields,
) -> Session:
    """Log a strength session (with its exercise rows) or a run for `athlete`.

    Staff logging for an athlete of their gym are recorded in `entered_by`. With
    `announce_now=False` the caller must `announce` the athlete in the same transaction.
    """
    if not may_act_for(entered_by, athlete):
        raise PermissionDenied(
            gettext_lazy("You can only log sessions for yourself or your gym's athletes.")
        )
    session = Session(
        athlete=athlete,
        entered_by=None if entered_by.pk == athlete.pk else entered_by,
        kind=kind,
        **fields,
    )
    return _save(session, entries if kind == Kind.STRENGTH else None, announce_now=announce_now)


@transaction.atomic
def session_update(
    *, session: Session, by: User, entries: list[EntryData] | None = None, **fields
) -> Session:
    """Change a session; for strength sessions the exercise rows are replaced by `entries`."""
    if not may_act_for(by, session.athlete):
        raise PermissionDenied(gettext_lazy("You can't change this session."))
    for name, value in fields.items():
        setattr(session, name, value)
    return _save(session, entries if session.kind == Kind.STRENGTH else None)


@transaction.atomic
def session_delete(*, session: Session, by: User) -> None:
    if not may_act_for(by, session.athlete):
        raise PermissionDenied(gettext_lazy("You can't delete this session."))
    session.delete()
    announce([session.athlete])


@transaction.atomic
def one_rep_max_set(*, athlete: User, exercise: Exercise, kg: float | None) -> None:
    """Set the athlete's 1RM for `exercise` (it wins over the estimate from their sets), or
    with None go back to the estimate. Plans prescribed in % of 1RM are judged anew."""
    if kg is None:
        OneRepMax.objects.filter(athlete=athlete, exercise=exercise).delete()
    else:
        one = OneRepMax(athlete=athlete, exercise=exercise, kg=round(kg, 1))
        one.full_clean(validate_unique=False, validate_constraints=False)
        OneRepMax.objects.update_or_create(
            athlete=athlete, exercise=exercise, defaults={"kg": one.kg}
        )
    announce([athlete])
