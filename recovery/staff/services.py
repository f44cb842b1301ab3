"""Writes of the staff area: keeping the roster rows current on read, notes and overrides."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.selectors import athletes_for_staff, shared_staff_gym, staff_gyms

from .. import sync
from ..models import CoachNote, Override
from ..verdict import verdicts
from ..verdict.thresholds import current_thresholds


def roster_heal(staff: User, *, now: dt.datetime) -> int:
    """Before the roster is read: recompute, in bulk, the rows that are missing, past their
    `valid_until` (a rule boundary or the athlete's midnight passed) or of older thresholds,
    so the roster shows exactly what each athlete's Today page would. One query that usually
    finds none stale. Returns how many athletes the staff member has."""
    _, version = current_thresholds()
    athletes = athletes_for_staff(staff)
    stale = (
        Q(roster_status__isnull=True)
        | Q(roster_status__valid_until__lte=now)
        | ~Q(roster_status__threshold_version=version)
    )
    counts = athletes.order_by().aggregate(total=Count("pk"), stale=Count("pk", filter=stale))
    if counts["stale"]:
        verdicts.verdicts_refresh(list(athletes.filter(stale)), now=now)
    return counts["total"]


@transaction.atomic
def note_add(*, staff: User, athlete: User, body: str) -> CoachNote:
    """A private note, visible to the staff of the gym the two share."""
    gym = shared_staff_gym(staff, athlete)
    if gym is None:
        raise PermissionDenied(gettext_lazy("You can only write notes about athletes of your gym."))
    note = CoachNote(athlete=athlete, gym=gym, author=staff, body=body.strip())
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def override_set(
    *, staff: User, athlete: User, day: dt.date, level: int, max_minutes: int, note: str
) -> Override:
    """Set the coach's prescription for the athlete's day (today or later, in the athlete's
    zone); the athlete sees it with the reason, and that day's reminder carries it. A red
    flag still sends the athlete to a doctor."""
    gym = shared_staff_gym(staff, athlete)
    if gym is None:
        raise PermissionDenied(gettext_lazy("You can only set the advice of athletes of your gym."))
    if day < athlete.local_today():
        raise ValidationError({"date": gettext_lazy("Set advice for today or a later day.")})
    override, _ = Override.objects.update_or_create(
        athlete=athlete,
        local_date=day,
        defaults={
            "level": level,
            "max_minutes": max_minutes,
            "note": note.strip(),
            "author": staff,
            "gym": gym,
        },
    )
    override.full_clean()
    sync.override_changed(athlete, day)
    return override


@transaction.atomic
def override_clear(*, staff: User, athlete: User, day: dt.date) -> None:
    if shared_staff_gym(staff, athlete) is None:
        raise PermissionDenied(
            gettext_lazy("You can only change the advice of athletes of your gym.")
        )
    # Only one made through a gym the two still share (not another gym's staff's).
    Override.objects.filter(
        athlete=athlete, local_date=day, gym__in=staff_gyms(staff).filter(memberships__user=athlete)
    ).delete()
    sync.override_changed(athlete, day)


@transaction.atomic
def override_dismiss(*, athlete: User, day: dt.date) -> None:
    """The athlete sets their coach's advice for `day` aside: the engine's verdict applies."""
    Override.objects.filter(athlete=athlete, local_date=day).delete()
    sync.override_changed(athlete, day)
