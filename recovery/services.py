"""Writes of the athlete's recovery data: the daily check-in; and the rule thresholds' edit.
Everything derived from them follows through `recovery.sync`."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from accounts.models import User

from . import sync
from .engine import readiness
from .models import CheckIn, Recommendation, RedFlagAnswer
from .reminders import alerts
from .verdict.thresholds import current_thresholds

NOT_STARTED = gettext_lazy("You can't check in for a day that hasn't started yet.")


@transaction.atomic
def checkin_save(
    *, athlete: User, day: dt.date, answers: dict
) -> tuple[CheckIn, Recommendation | None]:
    """Create or replace the athlete's check-in for `day` (never one that has not started
    yet); that day's verdict (and today's, which an earlier day feeds) is recomputed in the
    same transaction. How far back the athlete may edit is the form's rule."""
    if day > athlete.local_today():
        raise ValidationError(NOT_STARTED)
    checkin, _ = CheckIn.objects.select_for_update().get_or_create(
        athlete=athlete, local_date=day, defaults=answers
    )
    for name, value in answers.items():
        setattr(checkin, name, value)
    # The row for this day is locked above and the table's constraints guard the ranges:
    # skip full_clean's extra queries for uniqueness and constraints, keep the field checks.
    # The athlete is the signed-in user: no query to check the foreign key either.
    checkin.full_clean(exclude=["athlete"], validate_unique=False, validate_constraints=False)
    checkin.save()
    trail = red_flags_record(checkin)
    return checkin, sync.checkin_changed(athlete, day, checkin=checkin, trail_changed=trail)


def red_flags_record(checkin: CheckIn) -> bool:
    """Keep each red-flag answer of `checkin` (the trail stays when the check-in is changed
    later) and queue the alert to the gym's staff, once per athlete and day. Returns whether
    the trail grew. Called by every write of a check-in (this service, the admin)."""
    thresholds, _ = current_thresholds()
    flags = readiness.warning_signs(checkin.red_flags, checkin.soreness_max, thresholds)
    if not flags:  # none, or an ordinary illness (I1): no trail, no alert
        return False
    known = set(
        RedFlagAnswer.objects.filter(
            athlete_id=checkin.athlete_id, local_date=checkin.local_date
        ).values_list("flag", flat=True)
    )
    new = sorted(flags - known)
    if not new:
        return False
    RedFlagAnswer.objects.bulk_create(
        [
            RedFlagAnswer(athlete_id=checkin.athlete_id, local_date=checkin.local_date, flag=flag)
            for flag in new
        ],
        ignore_conflicts=True,
    )
    alerts.alert_queue(checkin.athlete, checkin.local_date)
    return True


@transaction.atomic
def threshold_save(*, threshold) -> int:
    """Save an edited rule threshold and bump the rule-set version. Returns the version."""
    threshold.full_clean()
    threshold.save()
    return sync.thresholds_changed()
