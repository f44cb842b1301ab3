"""Downhill, followed up: a run with a large descent on a day whose advice said "no
downhill" (S4: sore quads or calves) is marked in the check-in history, and the next check-in
asks how the quads feel. Read when shown, from the runs and the day's stored advice."""

import datetime as dt

from django.db.models.functions import TruncDate

from accounts.models import User
from training.models import Session

from ..models import CheckIn, Recommendation

LARGE_DESCENT_M = 100  # metres down in one run: clearly more than a flat route's
NO_DOWNHILL = "any_downhill"  # the avoid key of rule S4
FOLLOW_UP_DAYS = 3


def against_advice(athlete: User, first: dt.date, last: dt.date) -> dict[dt.date, Session]:
    """The runs from `first` to `last` (local days) with a large descent on a day whose
    advice said no downhill, by day (the steepest). Two queries."""
    runs = (
        Session.objects.runs()
        .filter(athlete=athlete, descent_m__gte=LARGE_DESCENT_M)
        .annotate(day=TruncDate("started_at", tzinfo=athlete.tz))
        .filter(day__range=(first, last))
    )
    found: dict[dt.date, Session] = {}
    by_day: dict[dt.date, list[Session]] = {}
    for run in runs:
        by_day.setdefault(run.day, []).append(run)
    if not by_day:
        return found
    advised = Recommendation.objects.filter(athlete=athlete, local_date__in=by_day).values_list(
        "local_date", "avoid"
    )
    for day, avoid in advised:
        if NO_DOWNHILL in (avoid or []):
            found[day] = max(by_day[day], key=lambda run: run.descent_m or 0)
    return found


def follow_up(athlete: User, today: dt.date) -> Session | None:
    """The run the next check-in should ask about: against the advice in the last few days,
    with no check-in for a later day yet."""
    found = against_advice(athlete, today - dt.timedelta(days=FOLLOW_UP_DAYS), today)
    if not found:
        return None
    day = max(found)
    later = CheckIn.objects.filter(athlete=athlete, local_date__gt=day, local_date__lte=today)
    return None if later.exists() else found[day]
