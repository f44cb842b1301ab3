"""Reads of what happened after the advice: recent runs with their judgement and the legs-felt
question, a staff page's four weeks of adherence. Kept here for the pages and the API alike."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from accounts.models import User
from training.legdays import LegDay
from training.models import LegsFeel, Session

from ..verdict import background as bg
from .models import RunAdherence

# "How did your legs feel on the run?" is asked of a run that began this soon after a leg
# day's end (the soreness window of DOMAIN §8.2), the same day or at the next check-in.
LEGS_QUESTION_AFTER = dt.timedelta(hours=72)
# The check-in re-asks the joint and injury signs after a run whose legs felt painful, from
# the run's day to the day after it.
REASK_FIELDS = ("rf_joint_or_bone_pain", "rf_acute_injury")
ADHERENCE_WEEKS = 4


@dataclass(frozen=True)
class RecentRun:
    session: Session
    day: dt.date
    adherence: RunAdherence | None
    ask_legs: bool  # after a leg day, with no answer yet


def _after_leg_day(run: Session, legs: Iterable[LegDay]) -> bool:
    return any(
        dt.timedelta(0) <= run.started_at - leg.ended_at <= LEGS_QUESTION_AFTER for leg in legs
    )


def recent_runs(athlete: User, today: dt.date, background: bg.Background) -> list[RecentRun]:
    """The athlete's runs of yesterday and today, oldest first, each with its judgement
    against its day's advice and whether to ask how the legs felt, from today's cached
    readiness `background` (its leg days and activity). One query, none when the background
    shows no run then."""
    legs = [leg for leg in (background.leg, *background.recent_legs, *background.past_legs) if leg]
    tz = athlete.tz
    start = dt.datetime.combine(today - dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    if not background.ran_since(start):
        return []
    runs = (
        Session.objects.runs()
        .filter(athlete=athlete, started_at__gte=start)
        .select_related("adherence")
        .order_by("started_at")
    )
    found = []
    for run in runs:
        day = run.started_at.astimezone(tz).date()
        if day > today:
            continue
        try:
            judged = run.adherence
        except RunAdherence.DoesNotExist:
            judged = None
        found.append(RecentRun(run, day, judged, not run.legs_feel and _after_leg_day(run, legs)))
    return found


def painful(runs: list[RecentRun]) -> RecentRun | None:
    """The latest of `runs` (yesterday's and today's) whose legs felt painful: the check-in
    asks the joint and injury signs one by one again."""
    hurt = [run for run in runs if run.session.legs_feel == LegsFeel.PAINFUL]
    return hurt[-1] if hurt else None


@dataclass(frozen=True)
class WeekAdherence:
    monday: dt.date
    runs: int
    kept: int
    over: list[RunAdherence]  # the runs beyond their advice, newest first


def adherence_weeks(athlete: User, today: dt.date) -> list[WeekAdherence]:
    """The last four weeks (Monday to Sunday, this one included) of the athlete's runs held
    against their advice, newest week first. One query."""
    this_monday = today - dt.timedelta(days=today.weekday())
    first = this_monday - dt.timedelta(weeks=ADHERENCE_WEEKS - 1)
    rows = RunAdherence.objects.filter(athlete=athlete, local_date__gte=first).select_related(
        "session"
    )
    weeks = {
        first + dt.timedelta(weeks=n): WeekAdherence(first + dt.timedelta(weeks=n), 0, 0, [])
        for n in range(ADHERENCE_WEEKS)
    }
    counts: dict[dt.date, list[int]] = {monday: [0, 0] for monday in weeks}
    for row in sorted(rows, key=lambda r: r.session.started_at, reverse=True):
        monday = row.local_date - dt.timedelta(days=row.local_date.weekday())
        if monday not in weeks:
            continue
        counts[monday][0] += 1
        counts[monday][1] += row.followed
        if not row.followed:
            weeks[monday].over.append(row)
    return [
        WeekAdherence(monday, counts[monday][0], counts[monday][1], weeks[monday].over)
        for monday in sorted(weeks, reverse=True)
    ]


@dataclass(frozen=True)
class Expected:
    group: str
    low: int  # the median, rounded
    high: int  # the cautious upper value
    sessions: int


def expected_next_morning(
    athlete: User, leg: LegDay, background: bg.Background, now: dt.datetime
) -> list[Expected]:
    """Tonight's "after sessions like this your quads were about 4 to 5 the next morning": per
    group with enough comparable sessions, the athlete's own median and cautious upper value
    (`engine.response`), the three sorest. No queries (the cached background)."""
    found = bg.response_after(athlete, leg, "next_morning", background, now)
    return [
        Expected(group, min(int(e.median + 0.5), e.upper), e.upper, e.sessions)
        for group, e in sorted(found.items(), key=lambda item: -item[1].upper)[:3]
    ]
