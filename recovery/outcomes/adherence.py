"""Each run against its day's advice: derived and stored (DESIGN §2 "outcomes").

A run's `RunAdherence` derives from the run, its day's stored `Recommendation`, the athlete's
HRmax and the thresholds' heart-rate caps (`recovery.sync`'s table). It is rewritten where
each of them is: every stored verdict is written with its day's runs judged against it (today
in `verdicts.verdicts_refresh`, an earlier day in `verdict_refresh_day`); runs and profiles
through `runs_refresh`; a threshold edit through `heart_rate_refresh`.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db.models import Max, Q
from django.db.models.functions import Coalesce

from accounts.models import User
from training import fragments
from training.models import Kind, Session, Source

from ..engine import adherence as engine
from ..engine.readiness import Thresholds
from ..models import Recommendation
from .models import RunAdherence

# The roster flag "ran harder than advised": a run of today or yesterday beyond its advice.
RAN_HARDER_DAYS = 2
COMPARED = ("local_date", "level", "followed", "deviations", "hr_max", "hr_max_entered")


@dataclass(frozen=True)
class HrMax:
    bpm: int
    entered: bool  # False: the highest heart rate seen in the athlete's imported runs


def hr_max_of(athletes: Iterable[User]) -> dict[int, HrMax]:
    """Each athlete's HRmax as saved: entered in Settings, else the highest heart rate in
    their imported runs (none known: absent). One query."""
    imported = Q(sessions__kind=Kind.RUN) & ~Q(sessions__source=Source.MANUAL)
    rows = (
        User.objects.filter(pk__in=[athlete.pk for athlete in athletes])
        .annotate(top=Max(Coalesce("sessions__max_hr", "sessions__avg_hr"), filter=imported))
        .values_list("pk", "hr_max", "top")
    )
    return {
        pk: HrMax(entered, True) if entered else HrMax(top, False)
        for pk, entered, top in rows
        if entered or top
    }


def advice_of(recommendation: Recommendation, thresholds: Thresholds) -> engine.Advice:
    level = recommendation.level
    return engine.Advice(
        level=level,
        max_minutes=recommendation.max_minutes,
        rpe_cap=recommendation.rpe_cap,
        avoid=tuple(recommendation.avoid or ()),
        hr_cap_pct=engine.hr_cap_pct(level, thresholds.recovery_hr_pct, thresholds.easy_hr_pct),
    )


def judge(
    run: Session, day: dt.date, advice: Recommendation, hr: HrMax | None, thresholds: Thresholds
) -> RunAdherence:
    found = engine.deviations(
        engine.Run(
            minutes=run.duration_s / 60,
            rpe=None if run.rpe_estimated else run.rpe,
            run_type=run.run_type,
            descent_m=run.descent_m,
            avg_hr=run.avg_hr,
            hr_max=hr.bpm if hr else None,
        ),
        advice_of(advice, thresholds),
    )
    return RunAdherence(
        session_id=run.pk,
        athlete_id=run.athlete_id,
        local_date=day,
        level=advice.level,
        followed=not found,
        deviations=[asdict(deviation) for deviation in found],
        hr_max=hr.bpm if hr and run.avg_hr else None,
        hr_max_entered=bool(hr and run.avg_hr and hr.entered),
    )


def stored(run: Session) -> RunAdherence | None:
    """The run's stored row (read with `select_related("adherence")`)."""
    try:
        return run.adherence
    except RunAdherence.DoesNotExist:
        return None


def same(a: RunAdherence | None, b: RunAdherence | None) -> bool:
    if a is None or b is None:
        return a is b
    return all(getattr(a, name) == getattr(b, name) for name in COMPARED)


def derive(
    runs: list[Session],
    athletes: dict[int, User],
    advice: dict[tuple[int, dt.date], Recommendation],
    thresholds: Thresholds,
) -> dict[int, RunAdherence | None]:
    """Each run's row against its day's advice (None: no advice stored for its day). Reads
    HRmax only when a run has a heart rate to hold against it."""
    needs_hr = {run.athlete_id for run in runs if run.avg_hr}
    hr = hr_max_of(athletes[pk] for pk in needs_hr) if needs_hr else {}
    rows: dict[int, RunAdherence | None] = {}
    for run in runs:
        day = run.started_at.astimezone(athletes[run.athlete_id].tz).date()
        found = advice.get((run.athlete_id, day))
        rows[run.pk] = judge(run, day, found, hr.get(run.athlete_id), thresholds) if found else None
    return rows


def store(runs: list[Session], rows: dict[int, RunAdherence | None]) -> None:
    """Write what differs from each run's stored row: one upsert and one delete at most."""
    changed = [row for run in runs if not same(row := rows[run.pk], stored(run)) and row]
    gone = [run.pk for run in runs if rows[run.pk] is None and stored(run) is not None]
    if changed:
        RunAdherence.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["session"],
            update_fields=["athlete", *COMPARED],
        )
    if gone:
        RunAdherence.objects.filter(session__in=gone).delete()
    moved = {row.athlete_id for row in changed} | {
        run.athlete_id for run in runs if rows[run.pk] is None and stored(run) is not None
    }
    for athlete_id in moved:  # the history's cached session list shows each run's judgement
        fragments.training_changed(User(pk=athlete_id))


def runs_of(athletes: Iterable[User]):
    return Session.objects.runs().filter(athlete__in=list(athletes)).select_related("adherence")


def runs_refresh(athletes: list[User], thresholds: Thresholds) -> None:
    """Every run of `athletes` judged again (their runs or profile changed): a fixed number
    of queries whatever their number."""
    by_pk = {athlete.pk: athlete for athlete in athletes}
    runs = list(runs_of(athletes))
    if not runs:
        return
    days = {run.started_at.astimezone(by_pk[run.athlete_id].tz).date() for run in runs}
    advice = {
        (r.athlete_id, r.local_date): r
        for r in Recommendation.objects.filter(athlete__in=by_pk, local_date__in=days)
    }
    store(runs, derive(runs, by_pk, advice, thresholds))


def day_refresh(athlete: User, recommendation: Recommendation, thresholds: Thresholds) -> None:
    """The runs of the verdict's day judged against it (an earlier day's verdict was
    rewritten)."""
    day = recommendation.local_date
    start = dt.datetime.combine(day, dt.time.min, tzinfo=athlete.tz)
    runs = list(
        runs_of([athlete]).filter(
            started_at__gte=start, started_at__lt=start + dt.timedelta(days=1, hours=1)
        )
    )
    runs = [run for run in runs if run.started_at.astimezone(athlete.tz).date() == day]
    store(
        runs, derive(runs, {athlete.pk: athlete}, {(athlete.pk, day): recommendation}, thresholds)
    )


def heart_rate_refresh(thresholds: Thresholds) -> None:
    """A threshold edit may move a heart-rate cap: every run judged on its heart rate is
    judged again."""
    athletes = User.objects.filter(
        sessions__avg_hr__isnull=False, sessions__adherence__isnull=False
    ).distinct()
    runs_refresh(list(athletes), thresholds)


@dataclass
class Today:
    """Today's runs judged against today's fresh verdicts, and who ran harder than advised
    today or yesterday (yesterday's from the stored rows)."""

    runs: list[Session]
    rows: dict[int, RunAdherence | None]
    harder: set[int]


def today_judged(
    athletes: list[User],
    days: dict[int, dt.date],
    verdicts: dict[int, Recommendation],
    thresholds: Thresholds,
) -> Today:
    """For `verdicts.verdicts_compute`: one query for the runs of the two days."""
    if not athletes:
        return Today([], {}, set())
    by_pk = {athlete.pk: athlete for athlete in athletes}
    starts = {
        a.pk: dt.datetime.combine(days[a.pk] - dt.timedelta(days=1), dt.time.min, tzinfo=a.tz)
        for a in athletes
    }
    window = runs_of(athletes).filter(
        started_at__gte=min(starts.values()),
        started_at__lt=max(starts.values()) + dt.timedelta(days=RAN_HARDER_DAYS, hours=1),
    )
    runs, earlier = [], []
    for run in window:
        day = run.started_at.astimezone(by_pk[run.athlete_id].tz).date()
        if day == days[run.athlete_id]:
            runs.append(run)
        elif day == days[run.athlete_id] - dt.timedelta(days=1):
            earlier.append(run)
    advice = {(pk, days[pk]): verdict for pk, verdict in verdicts.items()}
    rows = derive(runs, by_pk, advice, thresholds) if runs else {}
    harder = {run.athlete_id for run in runs if (row := rows[run.pk]) and not row.followed}
    harder |= {run.athlete_id for run in earlier if (row := stored(run)) and not row.followed}
    return Today(runs, rows, harder)
