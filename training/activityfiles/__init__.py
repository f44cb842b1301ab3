"""Reading activity files: FIT (fitdecode), GPX (defusedxml's parser, gpxpy's geometry) and
TCX (defusedxml), each into one `Activity`, or a `BadFile` with a sentence for the import
report. No Django: bytes in, values out."""

from __future__ import annotations

import math

from .common import UNUSABLE, Activity, BadFile, StrengthSet
from .fit import exercise_name, read_fit
from .xml import read_gpx, read_tcx

__all__ = [
    "Activity",
    "BadFile",
    "StrengthSet",
    "exercise_name",
    "read",
    "read_fit",
    "read_gpx",
    "read_tcx",
]


def read(name: str, data: bytes) -> Activity:
    """The activity in a file called `name`; raises BadFile."""
    if not data:
        raise BadFile("The file is empty.")
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    reader = {"fit": read_fit, "gpx": read_gpx, "tcx": read_tcx}.get(suffix)
    if reader is None:
        raise BadFile("Not an activity file: RunReady reads .fit, .gpx and .tcx files.")
    activity = reader(data)
    measured = (activity.elapsed_s, activity.moving_s, activity.distance_m, activity.ascent_m,
                activity.descent_m)  # fmt: skip
    if any(v is not None and not (math.isfinite(v) and 0 <= v < 1e9) for v in measured):
        raise BadFile(UNUSABLE)
    return activity
