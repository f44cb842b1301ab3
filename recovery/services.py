"""Writes for recovery: check-ins, recommendations and threshold versions.

`recommendation_refresh` is the one place that gathers the engine's inputs from the
database, runs the engine and stores the result with the threshold version and an
inputs snapshot. It runs after every change that can move the verdict: a check-in,
a session, a planned run (all call it) and a threshold edit (which bumps the version,
so the stored verdict is recomputed on its next read).
"""

import datetime as dt
import statistics
from dataclasses import asdict, dataclass, replace

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import User
from config.cache import cached_for_many, data_changed
from training import selectors as training_selectors
from training.models import HARD_RUN_TYPES, PlannedRun

from . import readiness, selectors
from .models import (
    SORENESS_FIELDS,
    CheckIn,
    CoachNote,
    Override,
    Recommendation,
    RosterStatus,
    RuleSet,
    Threshold,
)

THRESHOLDS_CACHE_KEY = "recovery:thresholds"
# Hours since leg day move the verdict (T1-T3 end at 6/48/72 h): a stored verdict older
# than this is recomputed when read.
STALE_AFTER = dt.timedelta(minutes=15)
LEG_DAY_RELEVANT = dt.timedelta(days=7)  # DESIGN §4: no leg session in 7 days -> None
WELLNESS_BASELINE_DAYS = 28
WELLNESS_MIN_CHECKINS = 14
# RF8 (DOMAIN.md §8.5): severe at >= 96 h; a rise of >= 2 points between check-ins after
# 72 h; soreness still present after 7 days. The last only looks at a leg day from the
# last 14 days, so old soreness from something else is not blamed on it.
RF8_SEVERE_AFTER = dt.timedelta(hours=96)
RF8_RISE_AFTER = dt.timedelta(hours=72)
RF8_RISE_POINTS = 2
RF8_PERSISTS_AFTER = dt.timedelta(days=7)
RF8_LOOKBACK = dt.timedelta(days=14)


# --- Thresholds ------------------------------------------------------------------------


def current_thresholds() -> tuple[readiness.Thresholds, int]:
    """The admin-edited thresholds and their version; cached until the next change."""
    cached = cache.get(THRESHOLDS_CACHE_KEY)
    if cached is None:
        values = dict(Threshold.objects.values_list("key", "value"))
        version = RuleSet.objects.values_list("version", flat=True).first() or 1
        cached = (values, version)
        cache.set(THRESHOLDS_CACHE_KEY, cached, timeout=None)
    values, version = cached
    return readiness.Thresholds().with_overrides(values), version


@transaction.atomic
def thresholds_changed() -> int:
    """Bump the rule-set version after a threshold edit; stored verdicts become stale."""
    ruleset, _ = RuleSet.objects.get_or_create(pk=1)
    RuleSet.objects.filter(pk=ruleset.pk).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    transaction.on_commit(lambda: cache.delete(THRESHOLDS_CACHE_KEY))
    cache.delete(THRESHOLDS_CACHE_KEY)
    return RuleSet.objects.get(pk=ruleset.pk).version


# --- Check-ins -----------------------------------------------------------------------


def local_today(athlete: User, now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(athlete.tz).date()


@transaction.atomic
def checkin_save(*, athlete: User, day: dt.date, answers: dict) -> tuple[CheckIn, Recommendation]:
    """Create or replace the athlete's check-in for `day`, then refresh that day's verdict."""
    today = local_today(athlete)
    if day > today:
        raise ValidationError("You can't check in for a day that hasn't started yet.")
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
    if day < today:
        inputs_changed(athlete)  # an earlier check-in is part of today's background
    return checkin, recommendation_refresh(athlete=athlete, day=day, checkin=checkin)


# --- Recommendation --------------------------------------------------------------------


def _day_end(day: dt.date, tz) -> dt.datetime:
    """The moment a past day is judged at: its end; today is judged now."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz) - dt.timedelta(
        seconds=1
    )


def _wellness_score(checkin: CheckIn) -> float:
    """Sleep + energy + (10 - worst soreness) / 2: higher is better (DOMAIN.md §8.2)."""
    return checkin.sleep_quality + checkin.energy + (10 - checkin.soreness_max) / 2


def _wellness_z(checkin: CheckIn | None, history: list[CheckIn]) -> float | None:
    if checkin is None or len(history) < WELLNESS_MIN_CHECKINS:
        return None
    scores = [_wellness_score(c) for c in history]
    spread = statistics.stdev(scores)
    if spread == 0:
        return None
    return (_wellness_score(checkin) - statistics.mean(scores)) / spread


def _non_resolving(
    leg: training_selectors.LegDay | None,
    checkin: CheckIn | None,
    history: list[CheckIn],
    at: dt.datetime,
    severe: int,
) -> bool:
    """RF8: soreness that does not follow the normal DOMS course since the last leg day.

    `history` is the earlier check-ins, newest first. "Still present after 7 days" means
    no check-in since the leg day showed it gone (worst soreness 0).
    """
    if leg is None or checkin is None:
        return False
    since = at - leg.ended_at
    if since >= RF8_SEVERE_AFTER and checkin.soreness_max >= severe:
        return True
    previous = history[0] if history else None
    if (
        previous is not None
        and previous.created_at >= leg.ended_at + RF8_RISE_AFTER
        and any(
            checkin.soreness[g] - previous.soreness[g] >= RF8_RISE_POINTS for g in SORENESS_FIELDS
        )
    ):
        return True
    since_leg_day = [c for c in history if c.created_at >= leg.ended_at]
    return (
        RF8_PERSISTS_AFTER < since <= RF8_LOOKBACK
        and checkin.soreness_max >= 1
        and all(c.soreness_max >= 1 for c in since_leg_day)
    )


# A bound on staleness should a change's version bump be lost (a write during a Redis outage).
BACKGROUND_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Background:
    """What a day's verdict reads besides the day's own check-in. It moves only when the
    athlete's sessions, plans, overrides or earlier check-ins change (`inputs_changed`), so
    today's is cached (`background_today`): a check-in then costs no history reads."""

    leg: training_selectors.LegDay | None  # the latest leg day started by the day's end
    leg_loads: tuple[tuple[dt.datetime, float], ...]  # leg days any moment of the day looks back on
    acwr: float | None
    earlier: tuple[CheckIn, ...]  # before the day, newest first: its 28-day window, or the newest
    next_plan: PlannedRun | None  # the first planned run on or after the day
    override: Override | None  # the coach's for the day, with the author's name only

    def leg_day(self, athlete: User, at: dt.datetime) -> training_selectors.LegDay | None:
        """The latest leg day started by `at` (a moment of the day)."""
        if self.leg is None or self.leg.started_at <= at:
            return self.leg
        return training_selectors.latest_leg_day(athlete, now=at)  # one logged ahead of `at`


def background_read(athlete: User, day: dt.date) -> Background:
    """Read `day`'s background from the database (seven queries)."""
    return backgrounds_read({athlete: day})[athlete.pk]


def backgrounds_read(days: dict[User, dt.date]) -> dict[int, Background]:
    """Read the background of each athlete's day in `days`, by athlete id: seven queries
    whatever their number, plus one per further time zone."""
    # Athletes who share a time zone and a day share every bound: one condition per group.
    groups: dict[tuple[str, dt.date], list[User]] = {}
    for athlete, day in days.items():
        groups.setdefault((athlete.time_zone, day), []).append(athlete)

    def each(condition) -> Q:
        """`condition(athletes, day, day's start, day's end)` for every group, OR-ed."""
        selected = Q()
        for (_, day), group in groups.items():
            start = dt.datetime.combine(day, dt.time.min, tzinfo=group[0].tz)
            selected |= condition(group, day, start, _day_end(day, group[0].tz))
        return selected

    legs = training_selectors.latest_leg_days(
        each(lambda group, day, start, end: Q(athlete__in=group, started_at__lte=end))
    )
    loads = training_selectors.leg_loads(
        each(
            lambda group, day, start, end: Q(
                athlete__in=group,
                started_at__gte=start - training_selectors.TYPICAL_LOAD_WINDOW,
                started_at__lte=end,
            )
        )
    )
    trends = training_selectors.load_trends(
        list(days), today={athlete.pk: day for athlete, day in days.items()}
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
    return {
        athlete.pk: Background(
            leg=legs.get(athlete.pk),
            leg_loads=tuple(loads.get(athlete.pk, ())),
            acwr=trends[athlete.pk].acwr,
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


def _inputs_version_name(athlete: User) -> str:
    return f"readiness-inputs:{athlete.pk}"


def inputs_changed(athlete: User) -> None:
    """A session, plan, override or earlier check-in of `athlete` changed: today's cached
    background is outdated."""
    data_changed(_inputs_version_name(athlete))


def _background_key(athlete: User, now: dt.datetime) -> str:
    return f"readiness:background:{athlete.pk}:{local_today(athlete, now)}:{athlete.time_zone}"


def background_today(athlete: User, now: dt.datetime) -> Background:
    """The background of the athlete's today, from the cache when nothing changed since."""
    return backgrounds_today([athlete], now)[athlete.pk]


def backgrounds_today(athletes: list[User], now: dt.datetime) -> dict[int, Background]:
    """`background_today` of many athletes, by id: one cache round trip, and one bulk read
    (`backgrounds_read`) for those not cached."""
    by_id = {athlete.pk: athlete for athlete in athletes}
    return cached_for_many(
        {
            athlete.pk: (_inputs_version_name(athlete), _background_key(athlete, now))
            for athlete in athletes
        },
        lambda missing: backgrounds_read(
            {by_id[pk]: local_today(by_id[pk], now) for pk in missing}
        ),
        BACKGROUND_CACHE_SECONDS,
    )


@dataclass(frozen=True)
class Gathered:
    """What `readiness_input` read: the engine's input and the rows it came from."""

    inp: readiness.ReadinessInput
    checkin: CheckIn | None  # the check-in of the day
    latest_checkin: CheckIn | None  # the newest up to the day
    leg: training_selectors.LegDay | None
    next_plan: PlannedRun | None  # the first planned run on or after the day
    override: Override | None


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
    leg = background.leg_day(athlete, at)
    recent_leg = leg if leg and at - leg.ended_at <= LEG_DAY_RELEVANT else None
    window_start = day - dt.timedelta(days=WELLNESS_BASELINE_DAYS)
    history = [c for c in background.earlier if c.local_date >= window_start]
    next_plan = background.next_plan
    planned = next_plan.minutes if next_plan and next_plan.date == day else None
    red_flags = set(checkin.red_flags) if checkin else set()
    if _non_resolving(leg, checkin, history, at, thresholds.soreness_severe):
        red_flags.add("non_resolving_soreness")
    inp = readiness.ReadinessInput(
        hours_since_leg=max((at - recent_leg.ended_at).total_seconds() / 3600, 0)
        if recent_leg
        else None,
        leg_rpe=recent_leg.rpe if recent_leg else None,
        leg_minutes=recent_leg.minutes if recent_leg else None,
        leg_unaccustomed=recent_leg.unaccustomed if recent_leg else False,
        typical_leg_load=training_selectors.typical_leg_load(list(background.leg_loads), now=at),
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
    )
    earlier = background.earlier
    return Gathered(
        inp=inp,
        checkin=checkin,
        latest_checkin=checkin or (earlier[0] if earlier else None),
        leg=leg,
        next_plan=next_plan,
        override=background.override,
    )


# No savepoint inside a caller's transaction (a check-in, a send): nothing catches its
# errors midway, and a savepoint costs two more round trips on the check-in path.
@transaction.atomic(savepoint=False)
def recommendation_refresh(
    *,
    athlete: User,
    day: dt.date | None = None,
    now: dt.datetime | None = None,
    checkin: CheckIn | None = None,
) -> Recommendation:
    """Compute and store the verdict for `athlete` on `day` (default: their today).
    `checkin`: the day's, when the caller has just saved it (saves reading it again)."""
    now = now or timezone.now()
    today = local_today(athlete, now)
    day = day or today
    if day == today:
        at, background = now, background_today(athlete, now)
    else:
        at, background = _day_end(day, athlete.tz), background_read(athlete, day)
    if checkin is None:
        checkin = CheckIn.objects.filter(athlete=athlete, local_date=day).first()
    thresholds, version = current_thresholds()
    gathered = readiness_input(
        athlete, day=day, at=at, thresholds=thresholds, background=background, checkin=checkin
    )
    inp, override = gathered.inp, gathered.override
    result = readiness.assess(inp, thresholds)
    if override and result.level != readiness.Level.SEE_DOCTOR:
        result = _with_override(result, override, thresholds)
    else:
        override = None
    snapshot = asdict(inp)
    snapshot["red_flags"] = sorted(inp.red_flags)
    snapshot["soreness"] = dict(inp.soreness)
    recommendation = Recommendation(
        athlete=athlete,
        local_date=day,
        level=int(result.level),
        max_minutes=result.max_minutes,
        rpe_cap=result.rpe_cap,
        avoid=list(result.avoid),
        checklist=list(result.checklist),
        fired=[
            {"rule_id": r.rule_id, "reason": r.reason, "refs": list(r.refs)} for r in result.fired
        ],
        urgency=result.urgency or "",
        provisional=checkin is None,
        threshold_version=version,
        non_resolving="non_resolving_soreness" in inp.red_flags,
        wellness_z=inp.wellness_z,
        override=override,
        inputs={**snapshot, "notes": dict(result.notes), "computed_for": at.isoformat()},
    )
    # One upsert: the row is the day's verdict, whoever computed it last.
    Recommendation.objects.bulk_create(
        [recommendation],
        update_conflicts=True,
        unique_fields=["athlete", "local_date"],
        update_fields=[
            field.name
            for field in Recommendation._meta.concrete_fields
            if field.name not in ("id", "athlete", "local_date")
        ],
    )
    if day == today:
        # Everything the roster row needs was just read: write it without reading again.
        _roster_statuses_save(
            [_roster_status(athlete, today, _facts_read(gathered, recommendation), now)]
        )
    else:
        roster_status_refresh(athlete, now=now)
    return recommendation


def _with_override(
    result: readiness.Recommendation, override: Override, thresholds: readiness.Thresholds
) -> readiness.Recommendation:
    """The coach's prescription replaces level and minutes; the engine's reasons stay listed."""
    level = readiness.Level(override.level)
    coach = override.author.name if override.author else "Your coach"
    fired = (
        readiness.FiredRule("CO", f"{coach}: {override.note}", ()),
        *result.fired,
    )
    return replace(
        result,
        level=level,
        max_minutes=override.max_minutes,
        rpe_cap=readiness.rpe_cap_for(level, thresholds),
        avoid=readiness.AVOID_BY_LEVEL[level],
        fired=fired,
    )


def recommendation_for_today(athlete: User, *, now: dt.datetime | None = None) -> Recommendation:
    """Today's stored verdict, recomputed first when none exists, when the thresholds
    changed since it was stored, or when it is older than STALE_AFTER."""
    now = now or timezone.now()
    _, version = current_thresholds()
    stored = Recommendation.objects.filter(
        athlete=athlete, local_date=local_today(athlete, now)
    ).first()
    if (
        stored is None
        or stored.threshold_version != version
        or stored.computed_at < now - STALE_AFTER
    ):
        return recommendation_refresh(athlete=athlete, now=now)
    return stored


# --- Planned runs and the 48-hour guard ----------------------------------------------


@dataclass(frozen=True)
class PlanConflict:
    """A hard run planned inside the quality window of a hard leg day."""

    leg_day_end: dt.datetime
    window_hours: float
    safe_from: dt.datetime
    first_safe_day: dt.date


def plan_conflict(athlete: User, *, day: dt.date, run_type: str) -> PlanConflict | None:
    """Would a `run_type` run on `day` fall inside T_quality after a hard leg day?

    Conservative about the hour: the run could be at any time of `day`, so a window that
    ends during the day still covers it. Two queries.
    """
    if run_type not in HARD_RUN_TYPES:
        return None
    tz = athlete.tz
    day_end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    leg = training_selectors.latest_leg_day(athlete, now=day_end)
    if leg is None:
        return None
    thresholds, _ = current_thresholds()
    hard, window = readiness.quality_window(
        leg_rpe=leg.rpe,
        leg_minutes=leg.minutes,
        leg_unaccustomed=leg.unaccustomed,
        typical_leg_load=training_selectors.median_leg_load(athlete, now=leg.started_at),
        fitness_level=athlete.fitness_level,
        thresholds=thresholds,
    )
    safe_from = leg.ended_at + dt.timedelta(hours=window)
    day_start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    if not hard or safe_from <= day_start:
        return None
    local = safe_from.astimezone(tz)
    first_safe_day = (
        local.date() if local.time() == dt.time.min else local.date() + dt.timedelta(days=1)
    )
    return PlanConflict(
        leg_day_end=leg.ended_at,
        window_hours=window,
        safe_from=safe_from,
        first_safe_day=first_safe_day,
    )


@transaction.atomic
def planned_run_save(
    *, athlete: User, entered_by: User, day: dt.date, run_type: str, minutes: int
) -> PlannedRun:
    """Plan (or re-plan) the athlete's run on `day`; one plan per day."""
    from training.services import may_log_for

    if not may_log_for(entered_by, athlete):
        raise PermissionDenied("You can only plan runs for yourself or your gym's athletes.")
    if day < local_today(athlete):
        raise ValidationError({"date": "Plan today or a day ahead, not a past day."})
    plan = PlannedRun.objects.select_for_update().filter(
        athlete=athlete, date=day
    ).first() or PlannedRun(athlete=athlete, date=day)
    plan.run_type = run_type
    plan.minutes = minutes
    plan.entered_by = None if entered_by.pk == athlete.pk else entered_by
    plan.inside_recovery_window = plan_conflict(athlete, day=day, run_type=run_type) is not None
    plan.full_clean()
    plan.save()
    roster_status_refresh(athlete)
    after_training_change(athlete)
    return plan


@transaction.atomic
def planned_run_delete(*, plan: PlannedRun) -> None:
    plan.delete()
    roster_status_refresh(plan.athlete)
    after_training_change(plan.athlete)


def plans_recheck(athlete: User) -> None:
    """Leg days changed: re-flag the athlete's upcoming hard runs inside a recovery window."""
    for plan in PlannedRun.objects.filter(
        athlete=athlete, date__gte=local_today(athlete), run_type__in=HARD_RUN_TYPES
    ):
        inside = plan_conflict(athlete, day=plan.date, run_type=plan.run_type) is not None
        if inside != plan.inside_recovery_window:
            PlannedRun.objects.filter(pk=plan.pk).update(inside_recovery_window=inside)


def after_training_change(athlete: User) -> None:
    """A session or plan changed: refresh today's verdict and the plan flags once committed."""
    inputs_changed(athlete)

    def refresh() -> None:
        plans_recheck(athlete)
        recommendation_refresh(athlete=athlete)  # also refreshes the roster status

    transaction.on_commit(refresh)


# --- Staff: the roster status ---------------------------------------------------------


def _roster_status(
    athlete: User, today: dt.date, facts: selectors.RosterFacts, now: dt.datetime
) -> RosterStatus:
    light, flags, verdict = selectors.roster_light_and_flags(facts, today)
    return RosterStatus(
        athlete_id=athlete.pk,
        local_date=today,
        light=selectors.LIGHT_ORDER[light],
        flag_bits=sum(selectors.FLAG_BITS[flag] for flag in flags),
        flag_count=len(flags),
        verdict=verdict,
        checkin_at=facts.ci_at,
        leg_ended_at=facts.leg_ended_at,
        plan_date=facts.plan_date,
        plan_type=facts.plan_type or "",
        plan_minutes=facts.plan_minutes,
        refreshed_at=now,
    )


def _roster_statuses_save(statuses: list[RosterStatus]) -> None:
    RosterStatus.objects.bulk_create(
        statuses,
        update_conflicts=True,
        unique_fields=["athlete"],
        update_fields=[
            field.name for field in RosterStatus._meta.concrete_fields if not field.primary_key
        ],
    )


def _facts_read(gathered: Gathered, recommendation: Recommendation) -> selectors.RosterFacts:
    """The roster facts of today from what `recommendation_refresh` read and stored."""
    latest, plan = gathered.latest_checkin, gathered.next_plan
    return selectors.RosterFacts(
        ci_date=latest.local_date if latest else None,
        ci_at=latest.updated_at if latest else None,
        ci_red_flag=bool(latest and latest.red_flags),
        ci_worst=latest.soreness_max if latest else None,
        ci_walk=latest.can_walk_normally if latest else None,
        rec_date=recommendation.local_date,
        rec_level=recommendation.level,
        rec_minutes=recommendation.max_minutes,
        rec_not_resolving=recommendation.non_resolving,
        rec_wellness_z=recommendation.wellness_z,
        leg_ended_at=gathered.leg.ended_at if gathered.leg else None,
        plan_date=plan.date if plan else None,
        plan_type=plan.run_type if plan else "",
        plan_minutes=plan.minutes if plan else None,
        plan_inside=plan.inside_recovery_window if plan else False,
    )


def roster_statuses_refresh(
    athletes, *, now: dt.datetime | None = None, zones: list[str] | None = None
) -> int:
    """Rewrite the roster status of `athletes` (a User queryset) for their today, from their
    data: two queries whatever their number (three without `zones`, their time zones)."""
    now = now or timezone.now()
    zones = selectors.time_zones(athletes) if zones is None else zones
    statuses = [
        _roster_status(athlete, local_today(athlete, now), facts, now)
        for athlete, facts in selectors.roster_facts(athletes, now, zones)
    ]
    if statuses:
        _roster_statuses_save(statuses)
    return len(statuses)


def roster_status_refresh(athlete: User, *, now: dt.datetime | None = None) -> None:
    roster_statuses_refresh(User.objects.filter(pk=athlete.pk), now=now, zones=[athlete.time_zone])


def roster_heal(staff: User, *, now: dt.datetime) -> int:
    """Before the roster is read: work out the rows that are missing or from an earlier day
    of the athlete's (new athletes, the first view after midnight). One query of a few rows
    (per time zone and status day) that usually finds none stale; two more when some are.
    Returns how many athletes the staff member has (the unfiltered roster's length)."""
    from accounts.selectors import athletes_for_staff

    athletes = athletes_for_staff(staff)
    groups = (
        athletes.order_by()
        .values_list("time_zone", "roster_status__local_date")
        .annotate(athletes=Count("pk"))
    )
    total, stale = 0, []
    for zone, day, count in groups:
        total += count
        if day != local_today(User(time_zone=zone), now):
            stale.append((zone, day))
    if stale:
        which = Q()
        for zone, day in stale:
            which |= Q(time_zone=zone) & (
                Q(roster_status__local_date=day) if day else Q(roster_status__isnull=True)
            )
        roster_statuses_refresh(
            athletes.filter(which), now=now, zones=sorted({zone for zone, _ in stale})
        )
    return total


# --- Staff: notes and overrides --------------------------------------------------------


def _shared_staff_gym(staff: User, athlete: User):
    from accounts.models import Gym, Role

    return (
        Gym.objects.filter(memberships__user=staff, memberships__role__in=Role.staff_roles())
        .filter(memberships__user=athlete, memberships__role=Role.ATHLETE)
        .order_by("name")
        .first()
    )


@transaction.atomic
def note_add(*, staff: User, athlete: User, body: str) -> CoachNote:
    """A private note, visible to the staff of the gym the two share."""
    gym = _shared_staff_gym(staff, athlete)
    if gym is None:
        raise PermissionDenied("You can only write notes about athletes of your gym.")
    note = CoachNote(athlete=athlete, gym=gym, author=staff, body=body.strip())
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def override_set(
    *, staff: User, athlete: User, day: dt.date, level: int, max_minutes: int, note: str
) -> Override:
    """Set the coach's prescription for the athlete's day; the athlete sees it with the reason,
    and that day's reminder carries it. A red flag still sends the athlete to a doctor."""
    if _shared_staff_gym(staff, athlete) is None:
        raise PermissionDenied("You can only set the advice of athletes of your gym.")
    override, _ = Override.objects.update_or_create(
        athlete=athlete,
        local_date=day,
        defaults={
            "level": level,
            "max_minutes": max_minutes,
            "note": note.strip(),
            "author": staff,
        },
    )
    override.full_clean()
    inputs_changed(athlete)
    recommendation_refresh(athlete=athlete, day=day)
    return override


@transaction.atomic
def override_clear(*, staff: User, athlete: User, day: dt.date) -> None:
    if _shared_staff_gym(staff, athlete) is None:
        raise PermissionDenied("You can only change the advice of athletes of your gym.")
    Override.objects.filter(athlete=athlete, local_date=day).delete()
    inputs_changed(athlete)
    recommendation_refresh(athlete=athlete, day=day)
