"""Downhill, followed up: a run with a large descent on a day whose advice ruled downhill out
(S4: sore quads or calves; the levels' steep descents) is marked in the check-in history, and
the next check-in asks how the quads feel. Read from each run's stored adherence."""

import datetime as dt

from accounts.models import User
from training.models import Session

from ..models import CheckIn, RunAdherence

FOLLOW_UP_DAYS = 3


def against_advice(athlete: User, first: dt.date, last: dt.date) -> dict[dt.date, Session]:
    """The runs from `first` to `last` (local days) with a large descent on a day whose
    advice ruled downhill out (`engine.adherence`, stored with each run), by day (the
    steepest). One query."""
    judged = RunAdherence.objects.filter(
        athlete=athlete, local_date__range=(first, last), followed=False
    ).select_related("session")
    found: dict[dt.date, Session] = {}
    for row in judged:
        if not any(deviation["code"] == "downhill" for deviation in row.deviations):
            continue
        kept = found.get(row.local_date)
        if kept is None or (row.session.descent_m or 0) > (kept.descent_m or 0):
            found[row.local_date] = row.session
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
