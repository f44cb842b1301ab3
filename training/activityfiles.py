"""Reading activity files: FIT (fitdecode), GPX (gpxpy) and TCX (defusedxml), each into one
`Activity`, or a `BadFile` with a sentence for the import report. No Django: bytes in,
values out. XML is first read by defusedxml, so entities and DTDs are refused before
anything else parses it.

Values follow `../shared/RECIPES-round2.md` §4: the FIT session message gives start (UTC),
distance, elapsed and timer time, ascent, descent and average heart rate; `set` messages give
a strength workout's exercises (category, and the subtype's name from fitdecode's profile).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import struct
import warnings
from dataclasses import dataclass, field

import defusedxml.ElementTree as SafeET
import fitdecode
import gpxpy
from defusedxml import DefusedXmlException
from fitdecode.profile import FIELD_TYPES


class BadFile(Exception):
    """A file that cannot be imported; its message is the report's line."""


@dataclass
class StrengthSet:
    category: str  # Garmin's exercise category, e.g. "squat"
    exercise: str  # the category's exercise name, e.g. "barbell_back_squat" ("" if unknown)
    reps: int | None
    weight_kg: float | None


@dataclass
class Activity:
    sport: str  # "run", "walk", "ride", "strength", "other"
    start: dt.datetime  # aware, UTC
    elapsed_s: float
    moving_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    avg_hr: int | None = None
    terrain: str = ""  # "road", "trail", "treadmill" ("" unknown)
    sets: list[StrengthSet] = field(default_factory=list)


SPORTS = {
    "running": "run",
    "run": "run",
    "trail_running": "run",
    "walking": "walk",
    "walk": "walk",
    "hiking": "walk",
    "cycling": "ride",
    "biking": "ride",
    "ride": "ride",
    "training": "strength",
    "fitness_equipment": "strength",
    "strength_training": "strength",
}


def read(name: str, data: bytes) -> Activity:
    """The activity in a file called `name`; raises BadFile."""
    if not data:
        raise BadFile("The file is empty.")
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    reader = {"fit": read_fit, "gpx": read_gpx, "tcx": read_tcx}.get(suffix)
    if reader is None:
        raise BadFile("Not an activity file: RunReady reads .fit, .gpx and .tcx files.")
    return reader(data)


# --- FIT -------------------------------------------------------------------------------------


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


def read_fit(data: bytes) -> Activity:
    sessions, sets, created, first_record = [], [], None, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a CRC mismatch is a warning; the values stand
            with fitdecode.FitReader(io.BytesIO(data)) as reader:
                for frame in reader:
                    if not isinstance(frame, fitdecode.FitDataMessage):
                        continue
                    value = frame.get_value
                    if frame.name == "session":
                        sessions.append({f.name: f.value for f in frame.fields})
                    elif frame.name == "set" and value("set_type", fallback=None) == "active":
                        sets += _fit_sets(frame)
                    elif frame.name == "file_id":
                        created = value("time_created", fallback=None)
                    elif frame.name == "record" and first_record is None:
                        first_record = value("timestamp", fallback=None)
    except FIT_DAMAGE as error:
        raise BadFile(f"The FIT file is damaged or cut short ({_short(error)}).") from error
    sessions = [s for s in sessions if s.get("sport") != "transition"]
    if not sessions:
        raise BadFile("The FIT file holds no activity (e.g. daily monitoring data).")
    first = sessions[0]
    start = next((t for t in (first.get("start_time"), first_record, created) if _is_time(t)), None)
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
        distance_m=_positive(first.get("total_distance")),
        ascent_m=_number(first.get("total_ascent")),
        descent_m=_number(first.get("total_descent")),
        avg_hr=int(first["avg_heart_rate"]) if first.get("avg_heart_rate") else None,
        terrain="trail" if "trail" in sub else "treadmill" if "treadmill" in sub else "",
        sets=sets,
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


def _is_time(value) -> bool:
    return isinstance(value, dt.datetime) and value.tzinfo is not None and value.year >= 1990


def _short(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text[:120]


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number >= 0 else None


def _positive(value) -> float | None:
    number = _number(value)
    return number if number else None


# --- XML (GPX, TCX) ----------------------------------------------------------------------------


def _safe_xml(data: bytes, kind: str):
    """The parsed tree, refusing entities, DTDs and external references (defusedxml)."""
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as error:
        raise BadFile(
            f"The {kind} file declares XML entities or a DTD, which RunReady refuses for safety."
        ) from error
    except (SafeET.ParseError, LookupError, ValueError) as error:  # LookupError: an encoding
        raise BadFile(f"The {kind} file is not valid XML ({_short(error)}).") from error


def _guess_sport(distance_m: float | None, seconds: float | None) -> str:
    """Without a stated sport: by moving speed (walking < 1.6 m/s <= running <= 6.5 m/s)."""
    if not distance_m or not seconds:
        return "run"
    speed = distance_m / seconds
    return "walk" if speed < 1.6 else "ride" if speed > 6.5 else "run"


def read_gpx(data: bytes) -> Activity:
    root = _safe_xml(data, "GPX")
    if not root.tag.endswith("gpx"):
        raise BadFile("The file is XML but not GPX.")
    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig", errors="replace"))
    except Exception as error:  # gpxpy raises several kinds on bad input
        raise BadFile(f"The GPX file could not be read ({_short(error)}).") from error
    # The recorded track: segments with times (a file may carry a planned route beside it).
    segments = [
        seg
        for track in gpx.tracks
        for seg in track.segments
        if seg.points and sum(p.time is not None for p in seg.points) >= len(seg.points) / 2
    ]
    timed = [p.time for seg in segments for p in seg.points if p.time is not None]
    if not timed:
        raise BadFile("The GPX file has no timed track (a route, or a track without times).")
    start, end = min(timed), max(timed)
    if start.tzinfo is None:
        start, end = start.replace(tzinfo=dt.UTC), end.replace(tzinfo=dt.UTC)
    if start.year < 1990 or end <= start:
        raise BadFile("The GPX file's times are not plausible (before 1990, or not increasing).")
    distance = sum(seg.length_2d() for seg in segments) or None
    moving = sum(seg.get_moving_data().moving_time for seg in segments)
    has_elevation = any(p.elevation is not None for seg in segments for p in seg.points)
    climbs = [seg.get_uphill_downhill() for seg in segments] if has_elevation else []
    elapsed = (end - start).total_seconds()
    types = {(track.type or "").strip().lower() for track in gpx.tracks} - {""}
    stated = next((SPORTS[t] for t in types if t in SPORTS), None)
    sport = stated or _guess_sport(distance, moving or elapsed)
    return Activity(
        sport=sport,
        start=start.astimezone(dt.UTC),
        elapsed_s=elapsed,
        moving_s=moving or None,
        distance_m=distance,
        ascent_m=sum(c.uphill for c in climbs) if climbs else None,
        descent_m=sum(c.downhill for c in climbs) if climbs else None,
        avg_hr=None,
        terrain="trail" if "trail" in " ".join(types) else "",
    )


TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


def read_tcx(data: bytes) -> Activity:
    root = _safe_xml(data, "TCX")
    activity = root.find(f"{TCX}Activities/{TCX}Activity")
    if activity is None:
        raise BadFile("The TCX file holds no activity.")
    laps = activity.findall(f"{TCX}Lap")
    if not laps:
        raise BadFile("The TCX file's activity has no laps.")
    try:
        start = dt.datetime.fromisoformat(laps[0].get("StartTime", "").replace("Z", "+00:00"))
    except ValueError as error:
        raise BadFile("The TCX file's start time is not a time.") from error
    if start.tzinfo is None:
        start = start.replace(tzinfo=dt.UTC)
    seconds = sum(_number(lap.findtext(f"{TCX}TotalTimeSeconds")) or 0 for lap in laps)
    distance = sum(_number(lap.findtext(f"{TCX}DistanceMeters")) or 0 for lap in laps)
    rates = [
        (_number(lap.findtext(f"{TCX}AverageHeartRateBpm/{TCX}Value")) or 0, lap) for lap in laps
    ]
    weighted = [
        (rate, _number(lap.findtext(f"{TCX}TotalTimeSeconds")) or 0) for rate, lap in rates if rate
    ]
    avg_hr = (
        round(sum(r * s for r, s in weighted) / sum(s for _, s in weighted))
        if weighted and sum(s for _, s in weighted)
        else None
    )
    altitudes = [
        a for a in (_number(t.text) for t in activity.iter(f"{TCX}AltitudeMeters")) if a is not None
    ]
    ascent = sum(max(b - a, 0) for a, b in itertools.pairwise(altitudes))
    descent = sum(max(a - b, 0) for a, b in itertools.pairwise(altitudes))
    stated = (activity.get("Sport") or "").lower()
    sport = SPORTS.get(stated) or (
        _guess_sport(distance, seconds) if stated in ("", "other") else "other"
    )
    return Activity(
        sport=sport,
        start=start.astimezone(dt.UTC),
        elapsed_s=seconds,
        moving_s=seconds or None,
        distance_m=distance or None,
        ascent_m=ascent if altitudes else None,
        descent_m=descent if altitudes else None,
        avg_hr=avg_hr,
    )
