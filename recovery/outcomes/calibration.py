"""A fitness level that no longer fits the log, suggested with its evidence (issue 25, item
4; the rule in `engine.calibration`). Read from the last 13 weeks of leg days and check-ins,
cached under the athlete's readiness-inputs version (every session, check-in and profile
change outdates it; `recovery.sync`'s table); decided by the athlete, or by their coach
with a notification the athlete sees."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from config.cache import cached_for
from training import legdays

from ..engine import calibration, response
from ..models import SORENESS_FIELDS, CheckIn
from ..verdict import background as bg

CACHE_SECONDS = 600
# A level the athlete chose to keep is not questioned again for this long.
KEEP_QUIET = dt.timedelta(weeks=8)
SPAN = dt.timedelta(weeks=calibration.WEEKS_LOOKED)


def evidence(athlete: User, now: dt.datetime) -> tuple[int, list[int]]:
    """(weeks of the last 13 with a leg day, the worst day-2 soreness after each habitual
    leg day, newest first). Two queries."""
    since = now - SPAN
    legs = legdays.leg_days_in(Q(athlete=athlete, started_at__gte=since, started_at__lte=now))
    days = sorted(legs.get(athlete.pk, []), key=lambda leg: leg.started_at, reverse=True)
    weeks = {(now - leg.started_at).days // 7 for leg in days}
    if not days:
        return 0, []
    median = sorted(leg.load for leg in days)[len(days) // 2]
    checkins = list(CheckIn.objects.filter(athlete=athlete, local_date__gte=since.date()))
    low, high = response.WINDOWS["day_2"]
    worst = []
    for leg in days:
        if response.hardness(leg.load, median) != "habitual":
            continue
        found = [
            max(checkin.soreness[group] for group in SORENESS_FIELDS)
            for checkin in checkins
            if low <= (bg.given_at(checkin, athlete) - leg.ended_at).total_seconds() / 3600 <= high
        ]
        if found:
            worst.append(max(found))
    return len(weeks), worst


def suggestion(athlete: User, now: dt.datetime | None = None) -> calibration.Suggestion | None:
    """What the log suggests for the athlete's level, or None (also while a kept level is
    left alone). Cached: one cache round trip on a hit."""
    now = now or timezone.now()
    if athlete.level_kept_at and now - athlete.level_kept_at < KEEP_QUIET:
        return None
    key = f"recovery:calibration:{athlete.pk}:{athlete.fitness_level}:{athlete.local_today(now)}"

    return cached_for(
        bg.inputs_version_name(athlete),
        key,
        lambda: engine_suggestion(athlete, now),
        CACHE_SECONDS,
    )


def engine_suggestion(athlete: User, now: dt.datetime) -> calibration.Suggestion | None:
    """`suggestion` read afresh from the database (what the cache holds)."""
    if athlete.level_kept_at and now - athlete.level_kept_at < KEEP_QUIET:
        return None
    return calibration.suggest(athlete.fitness_level, *evidence(athlete, now))
