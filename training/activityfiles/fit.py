"""FIT files (fitdecode): the session message gives start (UTC), distance, elapsed and timer
time, ascent, descent and average heart rate (RECIPES-round2 §4); `set` messages give a
strength workout's exercises (category, and the subtype's name from fitdecode's profile).
A file damaged after its first records (a phone app that crashed mid-run) gives its
readable part: the session if it was written, else the timed track (RECIPES-round3)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import struct
from dataclasses import dataclass, field

import fitdecode
from fitdecode.profile import FIELD_TYPES
from gpxpy.geo import haversine_distance

from .common import (
    SPORTS,
    Activity,
    BadFile,
    StrengthSet,
    guess_sport,
    is_time,
    number,
    positive,
    short,
)  # fmt: skip


def _list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def exercise_name(category: str, subtype) -> str:
    table = FIELD_TYPES.get(f"{category}_exercise_name")
    if table is None or subtype is None:
        return ""
    name = table.enum.get(subtype, "")
    return name if isinstance(name, str) else ""


# fitdecode raises its own errors, and on some damaged files the decoding's own (a record
# cut mid-field, a value out of range) or one of its internal assertions (a header whose
# data size disagrees with the records).
FIT_DAMAGE = (
    fitdecode.FitError, struct.error, ValueError, KeyError, IndexError, TypeError,
    OverflowError, EOFError, AssertionError,
)  # fmt: skip


@dataclass
class _FitRead:
    sessions: list[dict] = field(default_factory=list)
    sets: list[StrengthSet] = field(default_factory=list)
    records: list[tuple[dt.datetime, float | None, tuple[float, float] | None]] = field(
        default_factory=list
    )
    sport: str | None = None
    created: dt.datetime | None = None
    damage: Exception | None = None


def _fit_frames(data: bytes) -> _FitRead:
    """Every message up to the first damage (a crashed recording's end, a cut download):
    fitdecode yields what it can read, then raises; what was read is kept."""
    read = _FitRead()
    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.DISABLED,
            error_handling=fitdecode.ErrorHandling.IGNORE,
        ) as reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                value = frame.get_value
                if frame.name == "session":
                    read.sessions.append({f.name: f.value for f in frame.fields})
                elif frame.name == "set" and value("set_type", fallback=None) == "active":
                    read.sets += _fit_sets(frame)
                elif frame.name == "file_id":
                    read.created = value("time_created", fallback=None)
                elif frame.name in ("sport", "lap") and read.sport is None:
                    read.sport = value("sport", fallback=None)
                elif frame.name == "record":
                    read.records.append(_fit_record(value))
    except FIT_DAMAGE as error:
        read.damage = error
    return read


SEMICIRCLE = 180 / 2**31


def _fit_record(value) -> tuple:
    lat, lon = value("position_lat", fallback=None), value("position_long", fallback=None)
    position = (lat * SEMICIRCLE, lon * SEMICIRCLE) if lat is not None and lon is not None else None
    return value("timestamp", fallback=None), number(value("distance", fallback=None)), position


MAX_RECORD_GAP = dt.timedelta(hours=1)


def _plausible_records(records: list, until: dt.datetime | None = None) -> list:
    """Records in time order, without those a crash left: a time before 1990, going back, far
    after the one before (a garbage timestamp decades ahead), or after the session ended."""
    kept: list = []
    for record in records:
        moment = record[0]
        if not is_time(moment) or (until is not None and moment > until):
            continue
        if kept and not kept[-1][0] <= moment <= kept[-1][0] + MAX_RECORD_GAP:
            continue
        kept.append(record)
    return kept


def _track_distance(records: list) -> float | None:
    distances = [d for _, d, _ in records if d is not None]
    if distances:
        return positive(max(distances))
    points = [p for _, _, p in records if p is not None]
    return positive(sum(haversine_distance(*a, *b) for a, b in itertools.pairwise(points)))


def read_fit(data: bytes) -> Activity:
    read = _fit_frames(data)
    sessions = [s for s in read.sessions if s.get("sport") != "transition"]
    if read.damage is not None and not sessions:
        return _fit_readable_part(read)
    if not sessions:
        raise BadFile("The FIT file holds no activity (e.g. daily monitoring data).")
    first = sessions[0]
    first_record = next((r[0] for r in read.records if r[0] is not None), None)
    start = next(
        (t for t in (first.get("start_time"), first_record, read.created) if is_time(t)), None
    )
    if start is None:
        raise BadFile("The FIT file has no start time.")
    sport = SPORTS.get(str(first.get("sport")), "other")
    if str(first.get("sub_sport")) == "strength_training":
        sport = "strength"
    moving = first.get("total_moving_time") or first.get("total_timer_time")
    sub = str(first.get("sub_sport") or "")
    return Activity(
        sport=sport,
        start=start.astimezone(dt.UTC),
        elapsed_s=float(first.get("total_elapsed_time") or moving or 0),
        moving_s=float(moving) if moving else None,
        distance_m=positive(first.get("total_distance")),
        ascent_m=number(first.get("total_ascent")),
        descent_m=number(first.get("total_descent")),
        avg_hr=int(first["avg_heart_rate"]) if first.get("avg_heart_rate") else None,
        max_hr=int(first["max_heart_rate"]) if first.get("max_heart_rate") else None,
        terrain="trail" if "trail" in sub else "treadmill" if "treadmill" in sub else "",
        sets=read.sets,
        cut_short=read.damage is not None,
    )


def _fit_readable_part(read: _FitRead) -> Activity:
    """A file damaged before its session message (a phone app that crashed mid-run): the
    timed track read so far is the activity, when there is one."""
    records = _plausible_records(read.records)
    if len(records) < 2 or records[-1][0] <= records[0][0]:
        raise BadFile(f"The FIT file is damaged or cut short ({short(read.damage)}).")
    start, end = records[0][0], records[-1][0]
    elapsed = (end - start).total_seconds()
    distance = _track_distance(records)
    sport = SPORTS.get(str(read.sport)) if read.sport else None
    return Activity(
        sport=sport or guess_sport(distance, elapsed),
        start=start.astimezone(dt.UTC),
        elapsed_s=elapsed,
        distance_m=distance,
        cut_short=True,
    )


def _fit_sets(frame) -> list[StrengthSet]:
    value = frame.get_value
    categories = _list(value("category", fallback=None))
    subtypes = _list(value("category_subtype", fallback=None))
    reps, weight = value("repetitions", fallback=None), value("weight", fallback=None)
    return [
        StrengthSet(
            category=str(category),
            exercise=exercise_name(str(category), subtypes[i] if i < len(subtypes) else None),
            reps=int(reps) if reps else None,
            weight_kg=float(weight) if weight else None,
        )
        for i, category in enumerate(categories)
    ]
