"""Computing and storing verdicts: the day's `Recommendation` and, for today, the roster row.

One implementation serves one athlete and many (`verdicts_refresh`): the backgrounds are read
in bulk (cached per athlete), the engine runs per athlete, and both tables are written with one
upsert each. Every stored verdict of today carries `valid_until`, the next moment the clock
alone could move it (a rule boundary after the leg day, or the athlete's midnight), so a reader
recomputes exactly when it must: the Today page, the roster and the reminder never differ.

Called only by `recovery.sync` (writes) and by the readers that heal stale rows.
"""

import datetime as dt
from dataclasses import asdict, dataclass, replace

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from training.legdays import TYPICAL_LOAD_WINDOW

from ..engine import coaching, readiness, response
from ..models import CheckIn, Recommendation, RosterStatus
from ..outcomes import adherence
from ..staff import status as roster_status
from . import background as bg
from .thresholds import current_thresholds

# Time-based rule spans after a leg day's end besides the threshold hours (RF8, 7-day relevance).
CLOCK_SPANS = (
    bg.RF8_RISE_AFTER,
    bg.RF8_SEVERE_AFTER,
    bg.RF8_PERSISTS_AFTER,
    bg.RF8_LOOKBACK,
    bg.LEG_DAY_RELEVANT,
    # The windows of the athlete's own soreness response (the advice before the check-in).
    *(dt.timedelta(hours=hours) for bounds in response.WINDOWS.values() for hours in bounds),
)


def valid_until(
    athlete: User,
    now: dt.datetime,
    background: bg.Background,
    thresholds: readiness.Thresholds,
) -> dt.datetime:
    """The next moment after `now` at which the clock alone could change today's verdict:
    the athlete's midnight, a leg day logged ahead starting, or a time rule's boundary after
    the leg day (T1, the quality windows, RF8, the 7-day relevance, a load leaving the 8-week
    median). Conservative: a boundary that changes nothing only costs a recomputation."""
    tz = athlete.tz
    today = athlete.local_today(now)
    moments = [dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=tz)]
    spans = [
        dt.timedelta(hours=float(getattr(thresholds, name)))
        for name in readiness.Thresholds.names()
        if name.endswith("_h") or name == "t1_hours"
    ]
    for leg in {background.leg, *background.recent_legs}:
        if leg is None:
            continue
        moments.append(leg.started_at)
        moments += [
            leg.ended_at + span
            for span in (dt.timedelta(0), *spans, *CLOCK_SPANS, bg.QUALITY_LOOKBACK)
        ]
    moments += [started + TYPICAL_LOAD_WINDOW for started, _ in background.leg_loads]
    return min(moment for moment in moments if moment > now)  # midnight always is


def _recommendation(
    athlete: User,
    day: dt.date,
    at: dt.datetime,
    gathered: bg.Gathered,
    thresholds: readiness.Thresholds,
    version: int,
    until: dt.datetime | None,
) -> Recommendation:
    inp, override = gathered.inp, gathered.override
    result = readiness.assess(inp, thresholds)
    if override is not None:
        result = coaching.apply_override(
            result,
            level=override.level,
            max_minutes=override.max_minutes,
            coach=override.author.name if override.author else gettext("Your coach"),
            note=override.note,
            fitness_level=inp.fitness_level,
            thresholds=thresholds,
        )
        if result.notes.get("override") != "applied":
            override = None  # the verdict is the engine's
    snapshot = asdict(inp)
    snapshot["red_flags"] = sorted(inp.red_flags)
    snapshot["soreness"] = dict(inp.soreness)
    return Recommendation(
        athlete=athlete,
        local_date=day,
        **result_fields(result),
        provisional=gathered.checkin is None,
        threshold_version=version,
        non_resolving="non_resolving_soreness" in inp.red_flags,
        wellness_z=inp.wellness_z,
        override=override,
        inputs={**snapshot, "notes": dict(result.notes), "computed_for": at.isoformat()},
        valid_until=until,
        computed_at=timezone.now(),
    )


def result_fields(result: readiness.Recommendation) -> dict:
    """The engine's verdict as a stored `Recommendation` keeps it: level, caps, avoid list,
    checklist, fired rules and urgency."""
    return {
        "level": int(result.level),
        "max_minutes": result.max_minutes,
        "rpe_cap": result.rpe_cap,
        "avoid": list(result.avoid),
        "checklist": list(result.checklist),
        "fired": [
            {
                "rule_id": r.rule_id,
                "reason": r.reason,  # English; "text" is translated when shown
                "refs": list(r.refs),
                **({"text": r.text.stored()} if r.text else {}),
            }
            for r in result.fired
        ],
        "urgency": result.urgency or "",
    }


def _upsert(model, rows: list, unique: list[str]) -> None:
    model.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=unique,
        update_fields=[
            field.name
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name not in unique
        ],
    )


def _ran_since_yesterday(athlete: User, today: dt.date, background: bg.Background) -> bool:
    """Whether a run started yesterday or today."""
    yesterday = dt.datetime.combine(today - dt.timedelta(days=1), dt.time.min, tzinfo=athlete.tz)
    return background.ran_since(yesterday)


@dataclass
class Computed:
    recommendations: dict[int, Recommendation]
    statuses: list[RosterStatus]
    runs: adherence.Today  # today's runs judged against these verdicts


def verdicts_compute(
    athletes: list[User],
    *,
    now: dt.datetime,
    checkins: dict[int, CheckIn | None] | None = None,
    cached: bool = True,
    rules: tuple[readiness.Thresholds, int] | None = None,
) -> Computed:
    """Today's verdict, roster row and runs' adherence of each of `athletes`, computed, not
    stored.
    `checkins`: today's check-in of some of them, when the caller has it (saves a read);
    `cached=False` reads every background from the database (what a check compares with);
    `rules`: other thresholds and version than the current ones (a preview)."""
    days = {athlete.pk: athlete.local_today(now) for athlete in athletes}
    known = dict(checkins or {})
    unknown = [athlete for athlete in athletes if athlete.pk not in known]
    if unknown:
        which = Q()
        for day in set(days.values()):
            which |= Q(athlete__in=[a for a in unknown if days[a.pk] == day], local_date=day)
        found = {checkin.athlete_id: checkin for checkin in CheckIn.objects.filter(which)}
        known.update({athlete.pk: found.get(athlete.pk) for athlete in unknown})
    if cached:
        backgrounds = bg.backgrounds_today(athletes, now)
    else:
        backgrounds = bg.backgrounds_read({athlete: days[athlete.pk] for athlete in athletes})
    thresholds, version = rules or current_thresholds()
    recommendations, inputs = {}, {}
    for athlete in athletes:
        day, background = days[athlete.pk], backgrounds[athlete.pk]
        gathered = bg.readiness_input(
            athlete,
            day=day,
            at=now,
            thresholds=thresholds,
            background=background,
            checkin=known[athlete.pk],
        )
        until = valid_until(athlete, now, background, thresholds)
        recommendation = _recommendation(athlete, day, now, gathered, thresholds, version, until)
        recommendations[athlete.pk] = recommendation
        inputs[athlete.pk] = gathered
    # Only those whose background shows a run since yesterday began have one to judge.
    active = [
        athlete
        for athlete in athletes
        if _ran_since_yesterday(athlete, days[athlete.pk], backgrounds[athlete.pk])
    ]
    runs = adherence.today_judged(active, days, recommendations, thresholds)
    statuses = [
        roster_status.build(
            athlete,
            days[athlete.pk],
            inputs[athlete.pk],
            recommendations[athlete.pk],
            now,
            ran_harder=athlete.pk in runs.harder,
            thresholds=thresholds,
        )
        for athlete in athletes
    ]
    return Computed(recommendations, statuses, runs)


# No savepoint inside a caller's transaction (a check-in, a send): nothing catches its
# errors midway, and a savepoint costs two more round trips on the check-in path.
@transaction.atomic(savepoint=False)
def verdicts_refresh(
    athletes: list[User],
    *,
    now: dt.datetime | None = None,
    checkins: dict[int, CheckIn | None] | None = None,
) -> dict[int, Recommendation]:
    """Compute and store today's verdict and roster row of each of `athletes`, by id: a
    fixed number of queries whatever their number (backgrounds in bulk, from the cache)."""
    if not athletes:
        return {}
    computed = verdicts_compute(athletes, now=now or timezone.now(), checkins=checkins)
    _upsert(Recommendation, list(computed.recommendations.values()), ["athlete", "local_date"])
    _upsert(RosterStatus, computed.statuses, ["athlete"])
    adherence.store(computed.runs.runs, computed.runs.rows)
    return computed.recommendations


@transaction.atomic(savepoint=False)
def verdict_refresh_day(athlete: User, day: dt.date) -> Recommendation:
    """Compute and store the verdict of an earlier day, judged at its end (final: no
    `valid_until`). Today's goes through `verdicts_refresh`."""
    at = bg.day_end(day, athlete.tz)
    background = bg.background_read(athlete, day)
    checkin = CheckIn.objects.filter(athlete=athlete, local_date=day).first()
    thresholds, version = current_thresholds()
    gathered = bg.readiness_input(
        athlete, day=day, at=at, thresholds=thresholds, background=background, checkin=checkin
    )
    recommendation = _recommendation(athlete, day, at, gathered, thresholds, version, None)
    _upsert(Recommendation, [recommendation], ["athlete", "local_date"])
    adherence.day_refresh(athlete, recommendation, thresholds)
    return recommendation


def is_current(recommendation: Recommendation | None, now: dt.datetime, version: int) -> bool:
    """Whether a stored verdict of today is still what the rules give now."""
    return (
        recommendation is not None
        and recommendation.threshold_version == version
        and recommendation.valid_until is not None
        and recommendation.valid_until > now
    )


def verdict_today(athlete: User, *, now: dt.datetime | None = None) -> Recommendation:
    """Today's verdict: the stored one while it is current, else recomputed now."""
    now = now or timezone.now()
    _, version = current_thresholds()
    stored = Recommendation.objects.filter(
        athlete=athlete, local_date=athlete.local_today(now)
    ).first()
    if stored is not None and is_current(stored, now, version):
        return stored
    return verdicts_refresh([athlete], now=now)[athlete.pk]


def threshold_preview(key: str, value: float, *, now: dt.datetime | None = None) -> dict:
    """How many of today's verdicts an edit of one threshold would move up or down (compared
    with the current rules, both computed now for everyone who checked in or was advised
    today). Nothing is stored."""
    now = now or timezone.now()
    thresholds, version = current_thresholds()
    edited = replace(thresholds, **{key: type(getattr(thresholds, key))(value)})
    athletes = [
        stored.athlete
        for stored in Recommendation.objects.filter(
            local_date__gte=(now - dt.timedelta(days=1)).date()
        ).select_related("athlete")
        if stored.local_date == stored.athlete.local_today(now)
    ]
    current = verdicts_compute(athletes, now=now).recommendations
    changed = verdicts_compute(athletes, now=now, rules=(edited, version)).recommendations
    up = sum(changed[a.pk].level > current[a.pk].level for a in athletes)
    down = sum(changed[a.pk].level < current[a.pk].level for a in athletes)
    return {"up": up, "down": down, "total": len(athletes)}
