"""Activity files from nowhere: random bytes, and real files cut short or with bytes flipped,
are either read or refused with a sentence (`BadFile`), never anything else."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from training import activityfiles

DATA = Path(__file__).parent.parent / "data"
REAL = {
    "fit": (DATA / "fit/activity-small-fenix2-run.fit").read_bytes(),
    "gpx": (DATA / "gpx/cerknicko-jezero.gpx").read_bytes(),
    "tcx": b"""<?xml version="1.0"?><TrainingCenterDatabase
 xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>
 <Activity Sport="Running"><Lap StartTime="2026-01-01T07:00:00Z"><TotalTimeSeconds>600
 </TotalTimeSeconds><DistanceMeters>2000</DistanceMeters></Lap></Activity></Activities>
 </TrainingCenterDatabase>""",
}


def _read(name: str, data: bytes) -> None:
    try:
        activity = activityfiles.read(name, data)
    except activityfiles.BadFile as error:
        sentence = str(error)
        assert sentence.endswith("."), sentence  # a sentence for the report
        return
    assert activity.start.tzinfo is not None


@pytest.mark.parametrize("suffix", ["fit", "gpx", "tcx"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noise=st.binary(max_size=400))
def test_random_bytes(suffix, noise):
    _read(f"x.{suffix}", noise)


@pytest.mark.parametrize("suffix", ["fit", "gpx", "tcx"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_real_files_cut_or_flipped(suffix, data):
    real = REAL[suffix]
    cut = data.draw(st.integers(min_value=0, max_value=len(real)))
    damaged = bytearray(real[:cut])
    for _ in range(data.draw(st.integers(min_value=0, max_value=4))):
        if damaged:
            at = data.draw(st.integers(min_value=0, max_value=len(damaged) - 1))
            damaged[at] = data.draw(st.integers(min_value=0, max_value=255))
    _read(f"x.{suffix}", bytes(damaged))


def test_a_header_that_disagrees_with_its_records():
    """Found by the fuzz test above: fitdecode fails an internal assertion on this one. What
    was read before it is the readable part (a run cut short), never a crash."""
    damaged = bytearray(REAL["fit"][:121306])
    damaged[5] = 57  # the header's data size
    activity = activityfiles.read("x.fit", bytes(damaged))
    assert activity.cut_short
    assert activity.start == dt.datetime(2015, 8, 15, 14, 45, 8, tzinfo=dt.UTC)
