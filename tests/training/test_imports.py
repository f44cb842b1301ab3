"""Importing activity files: real FIT and GPX files (tests/data, with their licences) checked
against a second, independent parser; duplicates, merges, bad input and archives; a strength
FIT written here with fit-tool becomes a leg day with its reminders."""

import contextlib
import datetime as dt
import gzip
import io
import itertools
import math
import zipfile
from pathlib import Path

import defusedxml.ElementTree as ElementTree
import fitparse
import pytest
from django.urls import reverse
from fit_tool.fit_file import FitFile
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.messages.set_message import SetMessage
from fit_tool.profile.profile_type import (
    ExerciseCategory,
    FileType,
    Manufacturer,
    SetType,
    Sport,
    SubSport,
)
from fitparse.utils import FitEOFError

from recovery.models import Reminder
from tests.factories import SessionFactory, StrengthFactory, UserFactory
from training import archives, imports
from training.models import ImportItem, ItemOutcome, Session

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent.parent / "data"


def _file(path: str) -> tuple[str, bytes]:
    return Path(path).name, (DATA / path).read_bytes()


def import_files(athlete, *files) -> dict[str, ImportItem]:
    batch = imports.batch_create(athlete=athlete, files=list(files))
    imports.batch_run(batch.pk)
    return {item.name: item for item in batch.items.select_related("session")}


@pytest.fixture
def athlete():
    return UserFactory(time_zone="Europe/London")


# --- Real files, checked against a second parser ------------------------------------------


def _fit_tool_session(path: str) -> dict:
    """The session message as fit-tool (BSD) reads it: an independent FIT decoder."""
    fit = FitFile.from_file(str(DATA / path))
    message = next(r.message for r in fit.records if isinstance(r.message, SessionMessage))
    return {
        "start": dt.datetime.fromtimestamp(message.start_time / 1000, dt.UTC),
        "distance_m": message.total_distance,
        "elapsed_s": message.total_elapsed_time,
        "descent_m": message.total_descent,
    }


@pytest.mark.parametrize(
    "path",
    # (fit-tool cannot decode garmin-fenix-5-run.fit's strings; the table's values are checked below)
    ["fit/activity-small-fenix2-run.fit", "fit/developer-types-sample.fit"],
)  # fmt: skip
def test_fit_runs_match_a_second_parser(athlete, path):
    item = import_files(athlete, _file(path))[Path(path).name]
    assert item.outcome == ItemOutcome.CREATED, item.message
    run, other = item.session, _fit_tool_session(path)
    assert run.kind == "run"
    assert run.source == "fit"
    assert run.started_at == other["start"]
    assert run.distance_m == pytest.approx(other["distance_m"], abs=0.01)
    assert run.duration_s == round(other["elapsed_s"])
    if other["descent_m"] is not None:
        assert run.descent_m == other["descent_m"]


def test_the_fenix2_run_has_the_values_of_the_table(athlete):
    run = import_files(athlete, _file("fit/activity-small-fenix2-run.fit"))[
        "activity-small-fenix2-run.fit"
    ].session
    assert run.started_at == dt.datetime(2015, 8, 15, 14, 45, 8, tzinfo=dt.UTC)
    assert (run.distance_m, run.duration_s, run.descent_m, run.avg_hr) == (9008.22, 2832, 61, None)
    fenix5 = import_files(athlete, _file("fit/garmin-fenix-5-run.fit"))[
        "garmin-fenix-5-run.fit"
    ].session
    assert fenix5.started_at == dt.datetime(2017, 6, 11, 14, 34, 9, tzinfo=dt.UTC)
    assert (fenix5.distance_m, fenix5.duration_s, fenix5.avg_hr) == (157.56, 57, 90)


def _haversine_track(data: bytes) -> tuple[float, dt.datetime, dt.datetime]:
    """Distance (plain haversine along each timed segment) and first/last time, read with
    ElementTree: a second GPX reader, independent of gpxpy."""
    root = ElementTree.fromstring(data)
    total, times = 0.0, []
    for segment in (el for el in root.iter() if el.tag.endswith("trkseg")):
        points = [el for el in segment if el.tag.endswith("trkpt")]
        stamps = [next((c.text for c in p if c.tag.endswith("time")), None) for p in points]
        if not points or sum(bool(t) for t in stamps) < len(points) / 2:
            continue  # a planned route beside the recording
        times += [dt.datetime.fromisoformat(t.replace("Z", "+00:00")) for t in stamps if t]
        coords = [(float(p.get("lat")), float(p.get("lon"))) for p in points]
        for (lat1, lon1), (lat2, lon2) in itertools.pairwise(coords):
            p1, p2 = math.radians(lat1), math.radians(lat2)
            a = (
                math.sin((p2 - p1) / 2) ** 2
                + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
            )
            total += 2 * 6371000 * math.asin(math.sqrt(a))
    return total, min(times), max(times)


@pytest.mark.parametrize("path", ["gpx/cerknicko-jezero.gpx", "gpx/track-with-empty-segment.gpx"])
def test_gpx_runs_match_a_second_reader(athlete, path):
    name, data = _file(path)
    item = import_files(athlete, (name, data))[name]
    assert item.outcome == "created", item.message
    run = item.session
    distance, first, last = _haversine_track(data)
    assert run.source == "gpx"
    assert run.distance_m == pytest.approx(distance, rel=0.005)
    assert run.started_at == first
    assert run.duration_s == round((last - first).total_seconds())


def test_walks_rides_and_files_without_activities_get_their_line(athlete):
    items = import_files(
        athlete,
        _file("fit/garmin-fenix-5-walk.fit"),
        _file("fit/garmin-fenix-5-bike.fit"),
        _file("gpx/korita-zbevnica.gpx"),  # 0.9 m/s moving, no stated sport: a walk
        _file("gpx/around-visnjan-with-car.gpx"),  # 8.9 m/s: a ride (by car)
        _file("fit/MonitoringFile.fit"),
        _file("gpx/cerknicko-without-times.gpx"),
        _file("gpx/Mojstrovka.gpx"),  # times of 1901
        _file("fit/compressed-speed-distance.fit"),  # its start is a raw device count
        _file("fit/garmin-fenix-5-run.fit"),
    )
    lines = {name: (item.outcome, item.message) for name, item in items.items()}
    assert lines["garmin-fenix-5-walk.fit"] == (
        "skipped", "This is a walk: RunReady imports runs and strength workouts."
    )  # fmt: skip
    assert lines["garmin-fenix-5-bike.fit"][1].startswith("This is a ride")
    assert lines["korita-zbevnica.gpx"][1].startswith("This is a walk")
    assert lines["around-visnjan-with-car.gpx"][1].startswith("This is a ride")
    assert lines["MonitoringFile.fit"] == (
        "failed", "The FIT file holds no activity (e.g. daily monitoring data)."
    )  # fmt: skip
    assert lines["cerknicko-without-times.gpx"][1].startswith("The GPX file has no timed track")
    assert lines["Mojstrovka.gpx"][1].startswith("The GPX file's times are not plausible")
    assert lines["compressed-speed-distance.fit"] == ("failed", "The FIT file has no start time.")
    assert lines["garmin-fenix-5-run.fit"][0] == "created"  # the others still import
    assert Session.objects.filter(athlete=athlete).count() == 1


# --- Crashed recordings: the readable part ---------------------------------------------------


def _fit_tool_track(path: str, until: dt.datetime) -> tuple[dt.datetime, float]:
    """First record time and distance at `until`, as fit-tool reads the whole file's records."""
    records = [
        r.message
        for r in FitFile.from_file(str(DATA / path)).records
        if isinstance(r.message, RecordMessage) and r.message.timestamp is not None
    ]
    times = [dt.datetime.fromtimestamp(m.timestamp / 1000, dt.UTC) for m in records]
    reached = [m.distance for m, t in zip(records, times, strict=True) if t <= until and m.distance]
    return min(times), max(reached)


@pytest.mark.parametrize("cut", [0.2, 0.5, 0.9])
def test_a_run_cut_short_imports_its_readable_part(athlete, cut):
    """A phone app that crashed mid-run: the file ends in the middle of a record."""
    path = "fit/activity-small-fenix2-run.fit"
    data = (DATA / path).read_bytes()
    name = f"crashed-{cut}.fit"
    item = import_files(athlete, (name, data[: int(len(data) * cut) + 3]))[name]
    assert item.outcome == "created", item.message
    run = item.session
    end = run.started_at + dt.timedelta(seconds=run.duration_s)
    start, distance = _fit_tool_track(path, end)
    assert run.started_at == start == dt.datetime(2015, 8, 15, 14, 45, 8, tzinfo=dt.UTC)
    assert run.distance_m == pytest.approx(distance, rel=0.03)
    assert run.distance_m < 9008.22  # the part, not the whole run
    assert f"Cut short: imported the readable part ({run.distance_m / 1000:.2f} km)" in item.message


def test_python_fitparses_unexpected_eof_file_imports_its_session(athlete):
    item = import_files(athlete, _file("fit/activity-unexpected-eof.fit"))[
        "activity-unexpected-eof.fit"
    ]
    assert item.outcome == "created", item.message
    other = _fitparse_session_of_cut_file()
    assert item.session.started_at == other["start"]
    assert item.session.distance_m == pytest.approx(other["distance_m"], rel=0.03)
    assert "Cut short: imported the readable part (0.01 km)" in item.message


def _fitparse_session_of_cut_file() -> dict:
    """python-fitparse (MIT; the file's own project) reads the messages before the damage."""
    messages = []
    reader = fitparse.FitFile(str(DATA / "fit/activity-unexpected-eof.fit"), check_crc=False)
    with contextlib.suppress(FitEOFError):
        for message in reader.get_messages():
            messages.append(message)
    session = next(m for m in messages if m.name == "session").get_values()
    return {
        "start": session["start_time"].replace(tzinfo=dt.UTC),
        "distance_m": session["total_distance"],
    }


def test_a_damaged_file_with_nothing_usable_keeps_its_message(athlete):
    data = (DATA / "fit/activity-small-fenix2-run.fit").read_bytes()[
        :250
    ]  # one record: no track yet
    item = import_files(athlete, ("early.fit", data))["early.fit"]
    assert item.outcome == "failed"
    assert item.message.startswith("The FIT file is damaged or cut short")


# --- Duplicates and merges ------------------------------------------------------------------


def test_the_same_file_twice_is_skipped(athlete):
    import_files(athlete, _file("fit/activity-small-fenix2-run.fit"))
    again = import_files(athlete, _file("fit/activity-small-fenix2-run.fit"))
    item = again["activity-small-fenix2-run.fit"]
    assert (item.outcome, item.message) == ("duplicate", "The same file was imported already.")
    assert Session.objects.filter(athlete=athlete).count() == 1


def _tcx(start: dt.datetime, distance: float, seconds: float, sport="Running") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities><Activity Sport="{sport}"><Id>{start:%Y-%m-%dT%H:%M:%SZ}</Id>
  <Lap StartTime="{start:%Y-%m-%dT%H:%M:%SZ}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>
   <DistanceMeters>{distance}</DistanceMeters>
   <AverageHeartRateBpm><Value>151</Value></AverageHeartRateBpm>
   <Track>
    <Trackpoint><Time>{start:%Y-%m-%dT%H:%M:%SZ}</Time><AltitudeMeters>120</AltitudeMeters></Trackpoint>
    <Trackpoint><AltitudeMeters>180</AltitudeMeters></Trackpoint>
    <Trackpoint><AltitudeMeters>90</AltitudeMeters></Trackpoint>
   </Track></Lap>
 </Activity></Activities></TrainingCenterDatabase>""".encode()


def test_the_same_run_from_another_source_is_skipped(athlete):
    """The fenix 2 run (FIT), then the same run as TCX from another app: 1 min later, 2 % off."""
    import_files(athlete, _file("fit/activity-small-fenix2-run.fit"))
    start = dt.datetime(2015, 8, 15, 14, 46, 8, tzinfo=dt.UTC)
    items = import_files(athlete, ("strava.tcx", _tcx(start, 9008.22 * 1.02, 2832)))
    assert items["strava.tcx"].outcome == "duplicate"
    assert "same run is here already" in items["strava.tcx"].message
    far = import_files(
        athlete, ("other.tcx", _tcx(start, 9008.22 * 1.05, 2832))
    )  # 5 %: another run
    assert far["other.tcx"].outcome == "created"


def test_a_tcx_run_is_read_with_its_heart_rate_and_climb(athlete):
    start = dt.datetime(2025, 11, 20, 7, 0, tzinfo=dt.UTC)
    run = import_files(athlete, ("morning.tcx", _tcx(start, 10000, 3000)))["morning.tcx"].session
    assert (run.distance_m, run.duration_s, run.avg_hr) == (10000, 3000, 151)
    assert (run.ascent_m, run.descent_m) == (60, 90)
    assert run.started_at == start


def test_a_run_logged_by_hand_is_offered_a_merge(athlete, client):
    by_hand = SessionFactory(
        athlete=athlete,
        started_at=dt.datetime(2015, 8, 15, 15, 0, tzinfo=dt.UTC),  # typed as "about 15:00"
        distance_m=9000,
        duration_s=2800,
        rpe=6,
        run_type="tempo",
        legs_feel="heavy",
    )
    item = import_files(athlete, _file("fit/activity-small-fenix2-run.fit"))[
        "activity-small-fenix2-run.fit"
    ]
    assert (item.outcome, item.session) == ("merge", by_hand)
    assert Session.objects.filter(athlete=athlete).count() == 1  # nothing created yet
    client.force_login(athlete)
    page = client.get(f"/training/import/{item.batch_id}/").content.decode()
    assert "Merge with the run of" in page
    client.post(f"/training/import/item/{item.pk}/merge/")
    by_hand.refresh_from_db()
    assert by_hand.started_at == dt.datetime(2015, 8, 15, 14, 45, 8, tzinfo=dt.UTC)
    assert (by_hand.distance_m, by_hand.duration_s, by_hand.descent_m) == (9008.22, 2832, 61)
    assert (by_hand.rpe, by_hand.run_type, by_hand.legs_feel) == (6, "tempo", "heavy")
    assert by_hand.source == "fit"
    item.refresh_from_db()
    assert item.outcome == "merged"
    again = client.post(f"/training/import/item/{item.pk}/merge/", follow=True)
    assert "Nothing to merge there any more" in again.content.decode()


# --- Bad input -----------------------------------------------------------------------------


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<gpx><trk><name>&lol2;</name></trk></gpx>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<gpx><trk><name>&xxe;</name></trk></gpx>"""


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        ("empty.fit", b"", "The file is empty."),
        ("notes.txt", b"hello", "Not an activity file: RunReady reads .fit, .gpx and .tcx files."),
        ("photo.gpx", b"\x89PNG\r\n\x1a\n", "The GPX file is not valid XML"),
        ("run.fit", b"<gpx></gpx>", "The FIT file is damaged or cut short"),
        ("laughs.gpx", BILLION_LAUGHS, "The GPX file declares XML entities or a DTD"),
        ("xxe.gpx", EXTERNAL, "The GPX file declares XML entities or a DTD"),
        ("xxe.tcx", EXTERNAL, "The TCX file declares XML entities or a DTD"),
        ("route.gpx", b"<gpx><rte><rtept lat='1' lon='2'/></rte></gpx>", "The GPX file has no timed"),
        ("bad.zip", b"PK\x03\x04 not really", "Not a readable zip archive."),
        ("run.fit.gz", b"\x1f\x8b\x08 broken", "The .gz file is damaged."),
    ],
)  # fmt: skip
def test_each_bad_file_gets_its_line_and_the_others_import(athlete, name, data, line):
    items = import_files(athlete, (name, data), _file("fit/garmin-fenix-5-run.fit"))
    assert items[name].outcome == "failed"
    assert items[name].message.startswith(line), items[name].message
    assert items[name].session is None
    assert items["garmin-fenix-5-run.fit"].outcome == "created"
    assert Session.objects.filter(athlete=athlete).count() == 1


def test_an_export_archive_with_gz_entries(athlete, settings):
    run = (DATA / "fit/activity-small-fenix2-run.fit").read_bytes()
    archive = _zip(
        {
            "export/activities/1.fit.gz": gzip.compress(run),
            "export/activities/2.gpx": (DATA / "gpx/cerknicko-jezero.gpx").read_bytes(),
            "export/activities/3.fit": (DATA / "fit/garmin-fenix-5-walk.fit").read_bytes(),
            "export/profile.csv": b"name\nme\n",  # not an activity: not listed
        }
    )
    items = import_files(athlete, ("export.zip", archive))
    assert items["export.zip"].message == "Archive opened: 3 activity files inside."
    assert items["export/activities/1.fit.gz"].outcome == "created"
    assert items["export/activities/2.gpx"].outcome == "created"
    assert items["export/activities/3.fit"].outcome == "skipped"
    assert "export/profile.csv" not in items
    assert not ImportItem.objects.exclude(upload="").exists()  # the bytes are not kept
    assert not list(
        (Path(settings.MEDIA_ROOT) / "imports").glob(f"{items['export.zip'].batch_id}-*")
    )


def test_zip_bombs_and_oversized_archives_are_refused(athlete, monkeypatch):
    bomb = _zip({"activities/big.gpx": b"<" * (30 * 1024 * 1024)})  # 30 MB of one byte
    items = import_files(athlete, ("bomb.zip", bomb))
    assert items["activities/big.gpx"].outcome == "failed"
    assert "larger than 25 MB" in items["activities/big.gpx"].message
    ratio = _zip({"activities/r.gpx": b"<" * (2 * 1024 * 1024)})
    assert "zip bomb" in import_files(athlete, ("ratio.zip", ratio))["activities/r.gpx"].message
    monkeypatch.setattr(archives, "MAX_ENTRIES", 3)
    many = _zip({f"activities/{n}.gpx": b"<gpx/>" for n in range(4)})
    assert import_files(athlete, ("many.zip", many))["many.zip"].message == (
        "The archive has more than 3 files."
    )
    monkeypatch.setattr(archives, "MAX_UNPACKED_BYTES", 10)
    big = _zip({"activities/a.gpx": b"<gpx>" + b" " * 100 + b"</gpx>"})
    assert "unpacks to more than" in import_files(athlete, ("big.zip", big))["big.zip"].message
    assert not Session.objects.filter(athlete=athlete).exists()


def test_uploads_refused_as_a_whole(athlete, client, monkeypatch):
    client.force_login(athlete)
    response = client.post("/training/import/", {})
    assert response.status_code == 422
    assert "Choose at least one file" in response.content.decode()
    many = []
    for n in range(101):  # above the limit of 100, and above Django's own default cap
        upload = io.BytesIO(b"x")
        upload.name = f"{n}.gpx"
        many.append(upload)
    response = client.post("/training/import/", {"files": many})
    assert response.status_code == 422
    assert "At most 100 files at once" in response.content.decode()
    monkeypatch.setattr(imports, "MAX_FILES", 1)
    files = [io.BytesIO(b"x"), io.BytesIO(b"y")]
    for n, f in enumerate(files):
        f.name = f"{n}.gpx"
    response = client.post("/training/import/", {"files": files})
    assert response.status_code == 422
    assert "At most 1 files at once" in response.content.decode()


# --- Strength -------------------------------------------------------------------------------


def strength_fit(start: dt.datetime) -> bytes:
    """A Garmin-style strength workout: back squats, Romanian deadlifts, a bench press."""

    def ms(moment):
        return round(moment.timestamp() * 1000)

    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.GARMIN.value
    file_id.product = 1
    file_id.serial_number = 1234
    file_id.time_created = ms(start)
    builder.add(file_id)
    moment = start
    done = [(ExerciseCategory.SQUAT, 6, 5, 100.0)] * 4 + [
        (ExerciseCategory.DEADLIFT, 23, 8, 70.0)
    ] * 3
    done += [(ExerciseCategory.BENCH_PRESS, 0, 5, 60.0), (ExerciseCategory.CARDIO, 0, 10, None)]
    for category, subtype, reps, weight in done:
        one = SetMessage()
        one.set_type = SetType.ACTIVE
        one.category = [category.value]
        one.category_subtype = [subtype]
        one.repetitions = reps
        if weight:
            one.weight = weight
        one.start_time = one.timestamp = ms(moment)
        one.duration = 40.0
        builder.add(one)
        moment += dt.timedelta(minutes=4)
    session = SessionMessage()
    session.start_time, session.timestamp = ms(start), ms(moment)
    session.sport, session.sub_sport = Sport.TRAINING, SubSport.STRENGTH_TRAINING
    session.total_elapsed_time = session.total_timer_time = (moment - start).total_seconds()
    builder.add(session)
    return builder.build().to_bytes()


def test_a_strength_workout_with_squats_becomes_a_leg_day_with_reminders(athlete, time_machine):
    now = dt.datetime(2026, 11, 20, 19, 0, tzinfo=dt.UTC)
    time_machine.move_to(now, tick=False)
    start = now - dt.timedelta(hours=1)
    item = import_files(athlete, ("strength.fit", strength_fit(start)))["strength.fit"]
    assert item.outcome == "created", item.message
    session = item.session
    assert (session.kind, session.is_leg_day, session.started_at) == ("strength", True, start)
    rows = [
        (e.exercise.name, e.sets, e.reps, e.load_kg)
        for e in session.entries.select_related("exercise").order_by("position")
    ]
    assert rows[0] == ("Back squat", 4, 5, 100.0)
    assert rows[1] == ("Romanian deadlift", 3, 8, 70.0)  # subtype 23: romanian_deadlift
    assert rows[2] == ("Bench press", 1, 5, 60.0)
    assert "Left out: cardio" in item.message
    assert "a leg day" in item.message
    kinds = set(
        Reminder.objects.filter(athlete=athlete, status="pending").values_list("kind", flat=True)
    )
    assert kinds == {"next_day", "day_2"}


def test_an_imported_workout_without_an_effort_counts_as_the_usual_one_and_asks(
    athlete, client, time_machine
):
    """No RPE in the file: the athlete's median leg-day RPE of the last 8 weeks stands in
    (7 without any), the report asks "How hard was it?", and answering clears the estimate."""
    now = dt.datetime(2026, 11, 20, 19, 0, tzinfo=dt.UTC)
    time_machine.move_to(now, tick=False)
    for days_ago, rpe in ((3, 5), (10, 6), (17, 6), (70, 9)):  # the last is outside 8 weeks
        StrengthFactory(
            athlete=athlete,
            started_at=now - dt.timedelta(days=days_ago),
            rpe=rpe,
            exercises=["Leg press"],
        )
    item = import_files(athlete, ("strength.fit", strength_fit(now - dt.timedelta(hours=1))))[
        "strength.fit"
    ]
    session = item.session
    assert (session.rpe, session.rpe_estimated) == (6, True)
    assert "counted as your usual 6/10 until you say" in item.message
    client.force_login(athlete)
    report = client.get(reverse("training:import_report", args=[item.batch_id])).content.decode()
    edit = reverse("training:session_edit", args=[session.pk])
    assert f'href="{edit}">How hard was it?' in report
    fresh = UserFactory()
    other = import_files(fresh, ("strength.fit", strength_fit(now - dt.timedelta(hours=2))))
    assert other["strength.fit"].session.rpe == 7  # nothing rated yet: counts as hard
