"""GPX and TCX, read by defusedxml's parser alone (entities and DTDs refused): no second
parser ever reads a text other than the one checked. GPX is read as a stream into gpxpy's
segment model (gpxpy does the geometry), so a 25 MB file never becomes a whole tree."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import re

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from gpxpy.gpx import GPXException, GPXTrackPoint, GPXTrackSegment
from gpxpy.gpxfield import parse_time

from .common import (
    SPORTS,
    UNUSABLE,
    Activity,
    BadFile,
    finite,
    guess_sport,
    number,
    positive,
    short,
)

DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _refused(kind: str) -> BadFile:
    return BadFile(
        f"The {kind} file declares XML entities or a DTD, which RunReady refuses for safety."
    )


def _no_declarations(data: bytes, kind: str) -> None:
    """No DTD or entity anywhere in the bytes, not even inside a comment or a processing
    instruction: an activity file never needs one, and a text that another reader could
    unfold differently (gpxpy's own pre-processing once did) is refused whole."""
    if DECLARATIONS.search(data):
        raise _refused(kind)


def _safe_xml(data: bytes, kind: str):
    """The parsed tree, refusing entities, DTDs and external references (defusedxml)."""
    _no_declarations(data, kind)
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise _refused(kind) from error
    except (SafeET.ParseError, LookupError, ValueError) as error:  # LookupError: an encoding
        raise BadFile(f"The {kind} file is not valid XML ({short(error)}).") from error


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _gpx_point(element) -> tuple[GPXTrackPoint, float | None]:
    """A track point and its heart rate (Garmin's TrackPointExtension), if it has one."""
    try:
        latitude, longitude = float(element.get("lat", "")), float(element.get("lon", ""))
    except ValueError as error:
        raise BadFile("The GPX file has a track point without a position.") from error
    point, heart_rate = GPXTrackPoint(latitude, longitude), None
    for child in element.iter():
        tag = _local(child.tag)
        if tag == "ele":
            point.elevation = finite(child.text)
        elif tag == "time" and child.text:
            try:
                point.time = parse_time(child.text.strip())
            except (GPXException, ValueError, OverflowError) as error:
                raise BadFile(
                    f"The GPX file has a time that is not a time ({short(error)})."
                ) from error
        elif tag == "hr":
            heart_rate = positive(child.text)
    return point, heart_rate


def _moving_s(segment: GPXTrackSegment) -> float:
    data = segment.get_moving_data()
    return data.moving_time if data else 0.0


def _gpx_segments(data: bytes) -> tuple[list[GPXTrackSegment], set[str], list[float]]:
    """The tracks' segments and the tracks' stated types, read as a stream by defusedxml's
    parser (entities and DTDs refused): no second parser reads a different text, and a 25 MB
    file never becomes a whole tree. gpxpy's segment model does the geometry."""
    _no_declarations(data, "GPX")
    segments: list[GPXTrackSegment] = []
    types: set[str] = set()
    stack: list[str] = []
    points: list[GPXTrackPoint] = []
    rates: list[float] = []
    try:
        for event, element in SafeET.iterparse(
            io.BytesIO(data), events=("start", "end"), forbid_dtd=True
        ):
            tag = _local(element.tag)
            if event == "start":
                if not stack and tag != "gpx":
                    raise BadFile("The file is XML but not GPX.")
                stack.append(tag)
                if tag == "trkseg":
                    points = []
                continue
            stack.pop()
            parent = stack[-1] if stack else ""
            if tag == "trkpt" and parent == "trkseg":
                point, heart_rate = _gpx_point(element)
                points.append(point)
                if heart_rate and point.time is not None:
                    rates.append(heart_rate)
                element.clear()
            elif tag == "trkseg":
                segments.append(GPXTrackSegment(points))
                element.clear()
            elif tag == "type" and parent == "trk" and element.text:
                types.add(element.text.strip().lower())
            elif tag in ("trk", "rte", "wpt"):
                element.clear()
    except DefusedXmlException as error:
        raise _refused("GPX") from error
    except (SafeET.ParseError, LookupError, ValueError) as error:  # LookupError: an encoding
        raise BadFile(f"The GPX file is not valid XML ({short(error)}).") from error
    return segments, types - {""}, rates


def read_gpx(data: bytes) -> Activity:
    segments, types, rates = _gpx_segments(data)
    # The recorded track: segments with times (a file may carry a planned route beside it).
    segments = [
        seg
        for seg in segments
        if seg.points and sum(p.time is not None for p in seg.points) >= len(seg.points) / 2
    ]
    for seg in segments:
        seg.points = [p for p in seg.points if p.time is not None]
    timed = [p.time for seg in segments for p in seg.points if p.time is not None]
    if not timed:
        raise BadFile("The GPX file has no timed track (a route, or a track without times).")
    try:
        start, end = min(timed), max(timed)
    except TypeError as error:  # times with and without a zone in one file
        raise BadFile("The GPX file mixes times with and without a time zone.") from error
    if start.tzinfo is None:
        start, end = start.replace(tzinfo=dt.UTC), end.replace(tzinfo=dt.UTC)
    if start.year < 1990 or end <= start:
        raise BadFile("The GPX file's times are not plausible (before 1990, or not increasing).")
    distance = sum(seg.length_2d() or 0.0 for seg in segments) or None
    moving = sum(_moving_s(seg) for seg in segments)
    has_elevation = any(p.elevation is not None for seg in segments for p in seg.points)
    climbs = [seg.get_uphill_downhill() for seg in segments] if has_elevation else []
    elapsed = (end - start).total_seconds()
    stated = next((SPORTS[t] for t in types if t in SPORTS), None)
    sport = stated or guess_sport(distance, moving or elapsed)
    return Activity(
        sport=sport,
        start=start.astimezone(dt.UTC),
        elapsed_s=elapsed,
        moving_s=moving or None,
        distance_m=distance,
        ascent_m=sum(c.uphill for c in climbs) if climbs else None,
        descent_m=sum(c.downhill for c in climbs) if climbs else None,
        avg_hr=round(sum(rates) / len(rates)) if rates else None,
        max_hr=round(max(rates)) if rates else None,
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
    seconds = sum(number(lap.findtext(f"{TCX}TotalTimeSeconds")) or 0 for lap in laps)
    distance = sum(number(lap.findtext(f"{TCX}DistanceMeters")) or 0 for lap in laps)
    if not (math.isfinite(seconds) and math.isfinite(distance)):  # finite laps, an infinite sum
        raise BadFile(UNUSABLE)
    rates = [
        (number(lap.findtext(f"{TCX}AverageHeartRateBpm/{TCX}Value")) or 0, lap) for lap in laps
    ]
    weighted = [
        (rate, number(lap.findtext(f"{TCX}TotalTimeSeconds")) or 0) for rate, lap in rates if rate
    ]
    avg_hr = (
        round(sum(r * s for r, s in weighted) / sum(s for _, s in weighted))
        if weighted and sum(s for _, s in weighted)
        else None
    )
    highest = [
        rate
        for rate in (number(lap.findtext(f"{TCX}MaximumHeartRateBpm/{TCX}Value")) for lap in laps)
        if rate
    ]
    altitudes = [
        a for a in (number(t.text) for t in activity.iter(f"{TCX}AltitudeMeters")) if a is not None
    ]
    ascent = sum(max(b - a, 0) for a, b in itertools.pairwise(altitudes))
    descent = sum(max(a - b, 0) for a, b in itertools.pairwise(altitudes))
    stated = (activity.get("Sport") or "").lower()
    sport = SPORTS.get(stated) or (
        guess_sport(distance, seconds) if stated in ("", "other") else "other"
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
        max_hr=round(max(highest)) if highest else None,
    )
