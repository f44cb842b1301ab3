"""Every derived state of `recovery.sync`'s table, compared with a fresh recomputation."""

import dataclasses

from django.db import models, transaction

from accounts.models import User
from recovery.engine import readiness
from recovery.models import Recommendation, Reminder, RosterStatus, RuleSet, Threshold
from recovery.outcomes import adherence, calibration
from recovery.planning import services as plans
from recovery.reminders.schedule import reminders_schedule
from recovery.verdict import background, presentation, thresholds, verdicts
from training import fragments
from training.models import PlannedRun, Session


def _norm(value):
    """Comparable contents: a model instance by its field values, not only its pk."""
    if isinstance(value, models.Model):
        return (
            type(value).__name__,
            {f.attname: getattr(value, f.attname) for f in value._meta.concrete_fields},
        )
    if dataclasses.is_dataclass(value):
        return {f.name: _norm(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_norm(item) for item in value]
    return value


# When a verdict was computed, and its words that quote the hours since then, are not the
# verdict: a stored one holds until `valid_until` (checked apart) with its rules' ids.
AS_OF = ("id", "computed_at", "refreshed_at", "inputs", "valid_until")


def _row(obj) -> dict:
    row = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    if "fired" in row:
        row["fired"] = [rule["rule_id"] for rule in row["fired"]]
    return {key: value for key, value in row.items() if key not in AS_OF}


def _diff(stored, fresh) -> dict:
    a, b = (
        _row(stored),
        _row(fresh),
    )
    return {key: (a[key], b[key]) for key in a if a[key] != b[key]}


def _reminders(athlete) -> list:
    return sorted(
        Reminder.objects.filter(athlete=athlete).values_list(
            "kind", "local_date", "status", "due_at"
        )
    )


def _adherence(now, version) -> list[str]:
    """Each run's stored adherence against its day's stored verdict (today's only while that
    verdict is current: a stale one is recomputed, with its runs, on read)."""
    problems = []
    current = thresholds.current_thresholds()[0]
    runs = list(Session.objects.runs().select_related("athlete", "adherence"))
    hr = adherence.hr_max_of({run.athlete for run in runs})
    advice = {(r.athlete_id, r.local_date): r for r in Recommendation.objects.all()}
    for run in runs:
        day = run.started_at.astimezone(run.athlete.tz).date()
        found = advice.get((run.athlete_id, day))
        if day == run.athlete.local_today(now) and not verdicts.is_current(found, now, version):
            continue
        expected = found and adherence.judge(run, day, found, hr.get(run.athlete_id), current)
        if not adherence.same(adherence.stored(run), expected or None):
            problems.append(f"Run {run.pk}: adherence {adherence.stored(run)} should be {expected}")
    return problems


def mismatches(now) -> list[str]:
    """What differs from a fresh recomputation at `now`, one line each (empty: all equal)."""
    problems = []
    athletes = list(User.objects.filter(is_active=True).order_by("pk"))

    for session in Session.objects.prefetch_related("entries__exercise"):
        expected = session.kind == "strength" and any(
            entry.exercise.lower_body for entry in session.entries.all()
        )
        if session.is_leg_day != expected:
            problems.append(
                f"Session {session.pk}: is_leg_day {session.is_leg_day}, should be {expected}"
            )

    for plan in PlannedRun.objects.select_related("athlete"):
        if plan.date < plan.athlete.local_today(now):
            continue
        expected = (
            plans.plan_conflict(plan.athlete, day=plan.date, run_type=plan.run_type, time=plan.time)
            is not None
        )
        if plan.inside_recovery_window != expected:
            problems.append(f"PlannedRun {plan.pk}: inside_recovery_window should be {expected}")

    values = dict(Threshold.objects.values_list("key", "value"))
    version = RuleSet.objects.values_list("version", flat=True).first() or 1
    if thresholds.current_thresholds() != (readiness.Thresholds().with_overrides(values), version):
        problems.append("thresholds cache differs from the Threshold rows")

    computed = verdicts.verdicts_compute(athletes, now=now, cached=False)
    fresh, statuses = computed.recommendations, computed.statuses
    fresh_status = {status.athlete_id: status for status in statuses}
    for athlete in athletes:
        day = athlete.local_today(now)
        stored = Recommendation.objects.filter(athlete=athlete, local_date=day).first()
        # A stored verdict that is no longer current (its moment passed, the rules changed)
        # is never shown: every reader recomputes it first. One that is current must be right.
        if (
            stored is not None
            and verdicts.is_current(stored, now, version)
            and _row(stored) != _row(fresh[athlete.pk])
        ):
            problems.append(
                f"{athlete}: today's verdict differs: {_diff(stored, fresh[athlete.pk])}"
            )
        row = RosterStatus.objects.filter(athlete=athlete).first()
        if (
            row is not None
            and (
                row.valid_until > now and row.threshold_version == version  # else healed on read
            )
            and _row(row) != _row(fresh_status[athlete.pk])
        ):
            problems.append(
                f"{athlete}: roster row differs: {_diff(row, fresh_status[athlete.pk])}"
            )

        before = _reminders(athlete)
        with transaction.atomic():
            reminders_schedule(athlete=athlete, now=now)
            after = _reminders(athlete)
            transaction.set_rollback(True)
        if before != after:
            problems.append(f"{athlete}: reminders {before} should be {after}")

        if fragments.trends_html(athlete) != fragments.trends_render(athlete):
            problems.append(f"{athlete}: cached trends differ from a fresh rendering")

    problems += _adherence(now, version)
    for athlete in athletes:
        cached_level = calibration.suggestion(athlete, now)
        fresh_level = calibration.engine_suggestion(athlete, now)
        if cached_level != fresh_level:
            problems.append(f"{athlete}: level suggestion {cached_level} should be {fresh_level}")

    if presentation.guidance_for() != presentation.guidance_read():
        problems.append("guidance links cache differs from the published articles")

    cached = background.backgrounds_today(athletes, now)
    read = background.backgrounds_read({a: a.local_today(now) for a in athletes})
    for athlete in athletes:
        if _norm(cached[athlete.pk]) != _norm(read[athlete.pk]):
            problems.append(f"{athlete}: cached readiness background differs from the database")
    return problems
