"""What a day's verdict is computed from: the engine's input, gathered from the database.

`Background` is everything besides the day's own check-in (leg days, loads, the load trend,
earlier check-ins, the next plan, the coach's override). Today's is cached per athlete
under a version that `recovery.sync` bumps on every change of those inputs.
"""

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import F, Max, Q, Window
from django.db.models.functions import RowNumber

from accounts.models import User
from config.cache import cached_for_many, data_changed, schema_tag
from training import legdays
from training.models import PlannedRun

from ..engine import readiness, response
from ..models import SORENESS_FIELDS, CheckIn, Override, RedFlagAnswer

LEG_DAY_RELEVANT = dt.timedelta(days=7)  # DESIGN §4: no leg session in 7 days -> None
WELLNESS_BASELINE_DAYS = 28
WELLNESS_MIN_CHECKINS = 14
# RF8 (DOMAIN.md §8.5, v3): severe at >= 96 h; a rise of >= 2 points between two check-ins
# after 72 h with no run or leg day between them; moderate soreness on every check-in for more
# than 7 days. The last only looks at a leg day from the last 14 days, so old soreness from
# something else is not blamed on it.
RF8_SEVERE_AFTER = dt.timedelta(hours=96)
RF8_RISE_AFTER = dt.timedelta(hours=72)
RF8_RISE_POINTS = 2
RF8_PERSISTS_AFTER = dt.timedelta(days=7)
RF8_LOOKBACK = dt.timedelta(days=14)
# DESIGN §4: of the leg days of the last 72 h, the one whose quality window ends last.
QUALITY_LOOKBACK = dt.timedelta(hours=72)


def day_end(day: dt.date, tz) -> dt.datetime:
    """The moment a past day is judged at: its end; today is judged now."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz) - dt.timedelta(
        seconds=1
    )


def _wellness_score(checkin: CheckIn) -> float:
    """Sleep + energy: higher is better. Soreness is left out: the S-rules already judge it
    (DOMAIN.md §8.2, v3)."""
    return checkin.sleep_quality + checkin.energy


def _wellness_z(checkin: CheckIn | None, history: list[CheckIn]) -> float | None:
    if checkin is None or len(history) < WELLNESS_MIN_CHECKINS:
        return None
    scores = [_wellness_score(c) for c in history]
    spread = statistics.stdev(scores)
    if spread == 0:
        return None
    return (_wellness_score(checkin) - statistics.mean(scores)) / spread


def checkin_moment(checkin: CheckIn, athlete: User) -> dt.datetime:
    """When a check-in speaks for: the morning of the day it is for (the athlete's reminder
    time), never when its row was saved (one added later from the history counts for its day)."""
    return dt.datetime.combine(checkin.local_date, athlete.reminder_time, tzinfo=athlete.tz)


def given_at(checkin: CheckIn, athlete: User) -> dt.datetime:
    """When the soreness was felt: the moment the check-in was given when that was on its own
    day, else (added later from the history) the morning of its day."""
    if checkin.created_at.astimezone(athlete.tz).date() == checkin.local_date:
        return checkin.created_at
    return checkin_moment(checkin, athlete)


def _non_resolving(
    athlete: User,
    leg: legdays.LegDay | None,
    checkin: CheckIn | None,
    history: list[CheckIn],
    activity: tuple[dt.datetime, ...],
    thresholds: readiness.Thresholds,
) -> bool:
    """RF8 (DOMAIN.md §8.5, v3): soreness that does not follow the normal DOMS course since
    the last leg day — severe at 96 h or more; a rise of 2 points between two check-ins after
    72 h with no run or leg session between them; or moderate soreness on every check-in for
    more than 7 days. Every time is the check-ins' own day (`checkin_moment`); `history` is
    the earlier check-ins, newest first; `activity` the starts of runs and leg days."""
    if leg is None or checkin is None:
        return False
    moment = checkin_moment(checkin, athlete)
    since = moment - leg.ended_at
    if since >= RF8_SEVERE_AFTER and checkin.soreness_max >= thresholds.soreness_severe:
        return True
    previous = history[0] if history else None
    if previous is not None:
        before = checkin_moment(previous, athlete)
        quiet = not any(before < started <= moment for started in activity)
        if (
            quiet
            and before >= leg.ended_at + RF8_RISE_AFTER
            and previous.local_date
            >= checkin.local_date - dt.timedelta(days=WELLNESS_BASELINE_DAYS)
            and any(
                checkin.soreness[g] - previous.soreness[g] >= RF8_RISE_POINTS
                for g in SORENESS_FIELDS
            )
        ):
            return True
    moderate = thresholds.soreness_moderate
    since_leg_day = [c for c in history if checkin_moment(c, athlete) >= leg.ended_at]
    return (
        RF8_PERSISTS_AFTER < since <= RF8_LOOKBACK
        and checkin.soreness_max >= moderate
        and all(c.soreness_max >= moderate for c in since_leg_day)
    )


# A bound on staleness should a change's version bump be lost (a write during a Redis outage).
BACKGROUND_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Background:
    """What a day's verdict reads besides the day's own check-in. It moves only when the
    athlete's sessions, plans, overrides or earlier check-ins change (`inputs_changed`), so
    today's is cached (`background_today`): a check-in then costs no history reads."""

    leg: legdays.LegDay | None  # the latest leg day started by the day's end
    leg_loads: tuple[tuple[dt.datetime, float], ...]  # leg days any moment of the day looks back on
    acwr: float | None
    earlier: tuple[CheckIn, ...]  # before the day, newest first: its 28-day window, or the newest
    next_plan: PlannedRun | None  # the first planned run on or after the day
    override: Override | None  # the coach's for the day, with the author's name only
    recent_legs: tuple[legdays.LegDay, ...] = ()  # started from 72 h before the day to its end
    red_flag_day: dt.date | None = None  # the latest day with a red-flag answer, up to the day
    activity: tuple[dt.datetime, ...] = ()  # runs and leg days started in the 28 days before on
    past_legs: tuple[legdays.LegDay, ...] = ()  # the leg days of those 28 days, newest first

    def ran_since(self, start: dt.datetime) -> bool:
        """Whether a run began at `start` or later (up to the day's end): more sessions began
        then (`activity`) than leg days did. Counted, not matched by start time, as a run may
        begin the same minute as a leg day."""
        legs = {
            leg.session_id: leg for leg in (self.leg, *self.recent_legs, *self.past_legs) if leg
        }
        began = sum(1 for started in self.activity if started >= start)
        return began > sum(1 for leg in legs.values() if leg.started_at >= start)

    def leg_day(self, athlete: User, at: dt.datetime) -> legdays.LegDay | None:
        """The latest leg day started by `at` (a moment of the day)."""
        if self.leg is None or self.leg.started_at <= at:
            return self.leg
        # One logged ahead of `at`.
        return legdays.latest_leg_days(Q(athlete=athlete, started_at__lte=at)).get(athlete.pk)


def background_read(athlete: User, day: dt.date) -> Background:
    """Read `day`'s background from the database (ten queries)."""
    return backgrounds_read({athlete: day})[athlete.pk]


def backgrounds_read(days: dict[User, dt.date]) -> dict[int, Background]:
    """Read the background of each athlete's day in `days`, by athlete id: ten queries for
    one time zone whatever their number (six are the leg-day facts, one call to training),
    plus one per further time zone."""
    # Athletes who share a time zone and a day share every bound: one condition per group.
    groups: dict[tuple[str, dt.date], list[User]] = {}
    for athlete, day in days.items():
        groups.setdefault((athlete.time_zone, day), []).append(athlete)

    def each(condition) -> Q:
        """`condition(athletes, day, day's start, day's end)` for every group, OR-ed."""
        selected = Q()
        for (_, day), group in groups.items():
            start = dt.datetime.combine(day, dt.time.min, tzinfo=group[0].tz)
            selected |= condition(group, day, start, day_end(day, group[0].tz))
        return selected

    # Down to training once: every leg-day fact, and the runs and leg days RF8 looks between.
    legs = legdays.leg_facts(
        days, recent=QUALITY_LOOKBACK, activity=dt.timedelta(days=WELLNESS_BASELINE_DAYS)
    )
    # The window before a day holds at most WELLNESS_BASELINE_DAYS days: one row more is the
    # whole window plus, when the window is empty, the newest check-in before it.
    earlier: dict[int, list[CheckIn]] = {}
    for checkin in (
        CheckIn.objects.filter(
            each(lambda group, day, start, end: Q(athlete__in=group, local_date__lt=day))
        )
        .annotate(rank=_numbered("-local_date"))
        .filter(rank__lte=WELLNESS_BASELINE_DAYS + 1)
        .order_by("athlete", "-local_date")
    ):
        earlier.setdefault(checkin.athlete_id, []).append(checkin)
    plans = {
        plan.athlete_id: plan
        for plan in PlannedRun.objects.filter(
            each(lambda group, day, start, end: Q(athlete__in=group, date__gte=day))
        )
        .annotate(rank=_numbered("date"))
        .filter(rank=1)
    }
    overrides = {
        override.athlete_id: override
        for override in Override.objects.select_related("author")
        .only(
            "athlete_id",
            "local_date",
            "level",
            "max_minutes",
            "note",
            "author__display_name",
            "author__email",
        )
        .filter(each(lambda group, day, start, end: Q(athlete__in=group, local_date=day)))
    }
    red_flag_days = dict(
        RedFlagAnswer.objects.filter(
            each(lambda group, day, start, end: Q(athlete__in=group, local_date__lte=day))
        )
        .values("athlete")
        .annotate(last=Max("local_date"))
        .values_list("athlete", "last")
    )
    return {
        athlete.pk: Background(
            recent_legs=legs[athlete.pk].recent,
            red_flag_day=red_flag_days.get(athlete.pk),
            leg=legs[athlete.pk].latest,
            leg_loads=legs[athlete.pk].loads,
            acwr=legs[athlete.pk].trend.acwr,
            activity=legs[athlete.pk].activity,
            past_legs=legs[athlete.pk].past,
            earlier=tuple(earlier.get(athlete.pk, ())),
            next_plan=plans.get(athlete.pk),
            override=overrides.get(athlete.pk),
        )
        for athlete in days
    }


def _numbered(order: str) -> Window:
    """Each athlete's rows numbered 1, 2, ... in `order` (an "-field" or "field")."""
    field = F(order.lstrip("-"))
    return Window(
        RowNumber(),
        partition_by=F("athlete"),
        order_by=[field.desc() if order.startswith("-") else field.asc(), F("pk").asc()],
    )


def inputs_version_name(athlete: User) -> str:
    return f"readiness-inputs:{athlete.pk}"


def inputs_changed(athlete: User) -> None:
    """A session, plan, override or earlier check-in of `athlete` changed: today's cached
    background is outdated."""
    data_changed(inputs_version_name(athlete))


# Cached backgrounds are pickles of these classes: a change of any of them changes the keys.
BACKGROUND_SCHEMA = schema_tag(Background, legdays.LegDay, CheckIn, PlannedRun, Override, User)


def _background_key(athlete: User, now: dt.datetime) -> str:
    day = athlete.local_today(now)
    return f"readiness:background:{BACKGROUND_SCHEMA}:{athlete.pk}:{day}:{athlete.time_zone}"


def background_today(athlete: User, now: dt.datetime) -> Background:
    """The background of the athlete's today, from the cache when nothing changed since."""
    return backgrounds_today([athlete], now)[athlete.pk]


def backgrounds_today(athletes: list[User], now: dt.datetime) -> dict[int, Background]:
    """`background_today` of many athletes, by id: one cache round trip, and one bulk read
    (`backgrounds_read`) for those not cached."""
    by_id = {athlete.pk: athlete for athlete in athletes}
    return cached_for_many(
        {
            athlete.pk: (inputs_version_name(athlete), _background_key(athlete, now))
            for athlete in athletes
        },
        lambda missing: backgrounds_read({by_id[pk]: by_id[pk].local_today(now) for pk in missing}),
        BACKGROUND_CACHE_SECONDS,
    )


@dataclass(frozen=True)
class Gathered:
    """What `readiness_input` read: the engine's input and the rows it came from."""

    inp: readiness.ReadinessInput
    checkin: CheckIn | None  # the check-in of the day
    latest_checkin: CheckIn | None  # the newest up to the day
    leg: legdays.LegDay | None
    next_plan: PlannedRun | None  # the first planned run on or after the day
    override: Override | None
    red_flag_open: bool = False  # a red-flag answer with no later check-in free of them


def quality_leg(
    athlete: User,
    at: dt.datetime,
    latest: legdays.LegDay | None,
    background: Background,
    thresholds: readiness.Thresholds,
) -> legdays.LegDay | None:
    """The leg day the engine judges at `at`: of those of the last 72 h, the one whose quality
    window ends last (so a light session after a hard one never shortens the hard one's
    window); the latest when there is none in that span (DESIGN §4)."""
    typical = legdays.typical_leg_load(list(background.leg_loads), now=at)
    candidates = [
        leg
        for leg in background.recent_legs
        if leg.started_at <= at and at - leg.ended_at <= QUALITY_LOOKBACK
    ]
    if len(candidates) < 2:
        return latest

    def window_end(leg: legdays.LegDay) -> dt.datetime:
        _, hours = leg_quality_window(leg, athlete, typical, thresholds)
        return leg.ended_at + dt.timedelta(hours=hours)

    return max(candidates, key=lambda leg: (window_end(leg), leg.started_at))


def leg_quality_window(
    leg: legdays.LegDay, athlete: User, typical: float | None, thresholds: readiness.Thresholds
) -> tuple[bool, float]:
    """(hard, T_quality hours) of a logged leg day for `athlete` (`typical`: their median leg
    load), by the engine's rules."""
    return readiness.quality_window(
        leg_rpe=leg.rpe,
        leg_minutes=leg.minutes,
        leg_unaccustomed=leg.unaccustomed,
        typical_leg_load=typical,
        fitness_level=athlete.fitness_level,
        thresholds=thresholds,
    )


def soreness_response(
    athlete: User,
    leg: legdays.LegDay,
    at: dt.datetime,
    background: Background,
) -> dict[str, int] | None:
    """The athlete's own expected soreness after a leg day like `leg`, at `at`'s window
    (the next morning, or day 2), from their check-ins after earlier leg days of the same kind
    (`engine.response`): the cautious upper value per group with enough of them, else None."""
    window = response.window_of((at - leg.ended_at).total_seconds() / 3600)
    if window is None:
        return None
    found = response_after(athlete, leg, window, background, at)
    return response.expected_soreness(found) or None


def response_after(
    athlete: User,
    leg: legdays.LegDay,
    window: response.Window,
    background: Background,
    at: dt.datetime,
) -> dict[str, response.Expectation]:
    """Per group, what the athlete's check-ins in `window` after earlier leg days like `leg`
    showed (groups with enough comparable sessions only; `leg`'s hardness against the median
    as of `at`). No queries."""
    typical = legdays.typical_leg_load(list(background.leg_loads), now=at)

    def kind(day: legdays.LegDay) -> response.Kind:
        return response.Kind(response.hardness(day.load, typical), day.eccentric)

    seen = [
        response.Observation(kind(past), hours, group, checkin.soreness[group])
        for past in background.past_legs
        if past.session_id != leg.session_id
        for checkin in background.earlier
        if (hours := (given_at(checkin, athlete) - past.ended_at).total_seconds() / 3600) > 0
        for group in SORENESS_FIELDS
    ]
    return response.expected(seen, kind(leg), window)


def readiness_input(
    athlete: User,
    *,
    day: dt.date,
    at: dt.datetime,
    thresholds: readiness.Thresholds,
    background: Background,
    checkin: CheckIn | None,
) -> Gathered:
    """The engine's input for `athlete` on `day`, judged at `at`, from the day's check-in and
    its background. No queries, unless a leg day was logged ahead of `at`."""
    leg = background.leg_day(athlete, at)  # the latest: RF8 asks about nothing newer since it
    judged = quality_leg(athlete, at, leg, background, thresholds)
    recent_leg = judged if judged and at - judged.ended_at <= LEG_DAY_RELEVANT else None
    window_start = day - dt.timedelta(days=WELLNESS_BASELINE_DAYS)
    history = [c for c in background.earlier if c.local_date >= window_start]
    next_plan = background.next_plan
    planned = next_plan.minutes if next_plan and next_plan.date == day else None
    red_flags = set(checkin.red_flags) if checkin else set()
    if _non_resolving(athlete, leg, checkin, history, background.activity, thresholds):
        red_flags.add("non_resolving_soreness")
    inp = readiness.ReadinessInput(
        hours_since_leg=max((at - recent_leg.ended_at).total_seconds() / 3600, 0)
        if recent_leg
        else None,
        leg_rpe=recent_leg.rpe if recent_leg else None,
        leg_minutes=recent_leg.minutes if recent_leg else None,
        leg_unaccustomed=recent_leg.unaccustomed if recent_leg else False,
        typical_leg_load=legdays.typical_leg_load(list(background.leg_loads), now=at),
        soreness=checkin.soreness if checkin else {},
        can_walk_normally=checkin.can_walk_normally if checkin else None,
        sleep_quality=checkin.sleep_quality if checkin else None,
        energy=checkin.energy if checkin else None,
        red_flags=frozenset(red_flags),
        fitness_level=athlete.fitness_level,
        acwr=background.acwr,
        wellness_z=_wellness_z(checkin, history),
        planned_minutes=planned,
        goal=athlete.goal,
        run_tomorrow=bool(next_plan and next_plan.date == day + dt.timedelta(days=1)),
        # Before the check-in, the athlete's own response to sessions like this one (v3).
        expected_soreness=soreness_response(athlete, recent_leg, at, background)
        if checkin is None and recent_leg is not None
        else None,
    )
    earlier = background.earlier
    flagged = background.red_flag_day
    later = [c for c in (checkin, *earlier) if c is not None and flagged and c.local_date > flagged]
    return Gathered(
        inp=inp,
        checkin=checkin,
        latest_checkin=checkin or (earlier[0] if earlier else None),
        leg=leg,
        next_plan=next_plan,
        override=background.override,
        # The roster keeps a red flag until a later check-in answers none (DESIGN §2).
        red_flag_open=flagged is not None
        and not any(
            not readiness.warning_signs(c.red_flags, c.soreness_max, thresholds) for c in later
        ),
    )


# No savepoint inside a caller's transaction (a check-in, a send): nothing catches its
