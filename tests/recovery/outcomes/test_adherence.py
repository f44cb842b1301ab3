"""Each run against its day's advice (issue 25, item 1): every kind of deviation on a logged
and an imported run, where HRmax came from, what the athlete and the coach see, and the
legs-felt question whose "painful" re-asks the joint and injury signs."""

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role, User
from recovery import sync
from recovery.engine import adherence as engine
from recovery.models import RunAdherence, Threshold
from tests.factories import (
    GymFactory,
    MembershipFactory,
    SessionFactory,
    StrengthFactory,
    UserFactory,
    override,
)
from tests.training.test_imports import import_files

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)  # Wednesday morning in London


def _tcx(start: dt.datetime, minutes: int, descent: int, avg_hr: int, max_hr: int) -> bytes:
    stamp = f"{start:%Y-%m-%dT%H:%M:%SZ}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities><Activity Sport="Running"><Id>{stamp}</Id>
  <Lap StartTime="{stamp}"><TotalTimeSeconds>{minutes * 60}</TotalTimeSeconds>
   <DistanceMeters>{minutes * 160}</DistanceMeters>
   <AverageHeartRateBpm><Value>{avg_hr}</Value></AverageHeartRateBpm>
   <MaximumHeartRateBpm><Value>{max_hr}</Value></MaximumHeartRateBpm>
   <Track>
    <Trackpoint><AltitudeMeters>{100 + descent}</AltitudeMeters></Trackpoint>
    <Trackpoint><AltitudeMeters>100</AltitudeMeters></Trackpoint>
   </Track></Lap></Activity></Activities></TrainingCenterDatabase>""".encode()


@pytest.fixture
def recovery_day(time_machine):
    """An athlete whose coach set today to "short recovery run, up to 20 min"."""
    time_machine.move_to(NOW, tick=False)
    gym = GymFactory()
    coach = MembershipFactory(gym=gym, role=Role.COACH).user
    athlete = MembershipFactory(gym=gym, user=UserFactory(time_zone="Europe/London")).user
    override(coach, athlete, level=2, max_minutes=20)
    return athlete, coach


def _codes(run) -> dict[str, tuple]:
    row = RunAdherence.objects.get(session=run)
    return {d["code"]: (d["done"], d["advised"]) for d in row.deviations}


def test_every_deviation_on_a_logged_run(recovery_day, client):
    athlete, _ = recovery_day
    User.objects.filter(pk=athlete.pk).update(hr_max=190)
    run = SessionFactory(
        athlete=athlete,
        started_at=NOW - dt.timedelta(hours=1),
        run_type="intervals",
        duration_s=60 * 60,
        rpe=8,
        descent_m=150,
        avg_hr=160,
    )
    assert _codes(run) == {
        "minutes": (60, 20),
        "rpe": (8, 2),
        "type": ("intervals", "intervals"),
        "downhill": (150, "trail_descents"),
        "heart_rate": (160, 133),  # 70 % of 190
    }
    client.force_login(athlete)
    page = client.get(run.get_absolute_url()).content.decode()
    for words in (
        "60 min against 20",
        "effort 8/10 against 2",
        "intervals on a no-intervals day",
        "150 m downhill on a no-downhill day",
        "average heart rate 160 against 133",
        "a maximum of 190 bpm, as entered in Settings",
    ):
        assert words in page
    assert "60 min against 20" in client.get(reverse("training:history")).content.decode()


def test_every_deviation_on_an_imported_run_and_hrmax_from_the_imports(recovery_day, client):
    athlete, _ = recovery_day
    start = NOW - dt.timedelta(hours=2)
    item = import_files(athlete, ("hilly.tcx", _tcx(start, 45, 150, 151, 182)))["hilly.tcx"]
    run = item.session
    assert (run.max_hr, run.rpe_estimated) == (182, True)
    # The import's default effort is not the athlete's: no RPE judged; HRmax is the file's.
    assert _codes(run) == {
        "minutes": (45, 20),
        "downhill": (150, "trail_descents"),
        "heart_rate": (151, 127),  # 70 % of 182
    }
    client.force_login(athlete)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "the highest in your imported runs" in page
    # A type and an effort given afterwards are judged too.
    client.post(
        reverse("training:session_edit", args=[run.pk]),
        {
            "started_at": start.astimezone(athlete.tz).strftime("%Y-%m-%dT%H:%M"),
            "duration": "45:00",
            "rpe": "6",
            "distance": "7.2",
            "run_type": "tempo",
            "legs_feel": "heavy",
            "terrain": "",
            "notes": "",
        },
    )
    assert set(_codes(run)) == {"minutes", "rpe", "type", "downhill", "heart_rate"}


def test_a_run_within_the_advice_is_as_advised_and_a_rest_day_run_is_not(recovery_day, client):
    athlete, coach = recovery_day
    easy = SessionFactory(
        athlete=athlete, started_at=NOW - dt.timedelta(hours=1), duration_s=18 * 60, rpe=2
    )
    row = RunAdherence.objects.get(session=easy)
    assert (row.followed, row.deviations, row.level) == (True, [], 2)
    client.force_login(athlete)
    assert "as advised" in client.get(easy.get_absolute_url()).content.decode()
    today = client.get(reverse("recovery:today")).content.decode()  # Today reacts to the run
    done = today[today.index('class="fw-semibold mb-2 done-today"') :].split("</p>")[0]
    assert "Done: 18 min easy" in done
    assert "as advised" in done
    override(coach, athlete, level=1, max_minutes=20)  # the coach changes the day: rest
    assert _codes(easy) == {"no_running": (18, 1)}


def test_a_threshold_edit_re_derives_the_heart_rate_judgement(recovery_day):
    athlete, _ = recovery_day
    User.objects.filter(pk=athlete.pk).update(hr_max=200)
    run = SessionFactory(
        athlete=athlete, started_at=NOW - dt.timedelta(hours=1), duration_s=15 * 60, rpe=2,
        avg_hr=145,
    )  # fmt: skip
    assert _codes(run) == {"heart_rate": (145, 140)}
    Threshold.objects.filter(key="recovery_hr_pct").update(value=75)
    sync.thresholds_changed()
    assert RunAdherence.objects.get(session=run).followed


def test_the_coach_sees_the_flag_and_four_weeks_and_the_next_morning_says_it(
    recovery_day, client, time_machine
):
    athlete, coach = recovery_day
    SessionFactory(
        athlete=athlete,
        started_at=NOW - dt.timedelta(hours=1),
        run_type="intervals",
        duration_s=60 * 60,
        rpe=8,
    )
    client.force_login(coach)
    roster = client.get(reverse("recovery:coach_roster")).content.decode()
    row = roster[roster.index(f'data-athlete="{athlete.pk}"') :].split("</tr>")[0]
    assert "Ran harder than advised</span>" in row
    page = client.get(reverse("recovery:coach_athlete", args=[athlete.pk])).content.decode()
    weeks = page[page.index('id="adherence-weeks"') :].split("</section>")[0]
    assert weeks.count("<tr data-week") == 4
    assert "0 of 1" in weeks
    assert "60 min against 20" in weeks
    time_machine.move_to(NOW + dt.timedelta(days=1), tick=False)  # the next morning
    client.force_login(athlete)
    today = client.get(reverse("recovery:today")).content.decode()
    line = today[today.index('id="recent-runs"') :].split("</section>")[0]
    assert "Yesterday's run" in line
    assert "intervals on a no-intervals day" in line
    time_machine.move_to(NOW + dt.timedelta(days=2), tick=False)  # two days on: gone
    client.force_login(coach)
    assert (
        "Ran harder than advised</span>"
        not in client.get(reverse("recovery:coach_roster")).content.decode()
    )


def test_legs_felt_is_asked_after_a_leg_day_and_painful_re_asks_the_signs(time_machine, client):
    time_machine.move_to(NOW, tick=False)
    athlete = UserFactory(time_zone="Europe/London")
    StrengthFactory(
        athlete=athlete, started_at=NOW - dt.timedelta(hours=40), rpe=8, exercises=["Back squat"]
    )
    run = SessionFactory(athlete=athlete, started_at=NOW - dt.timedelta(hours=16), legs_feel="")
    client.force_login(athlete)
    page = client.get(reverse("recovery:today")).content.decode()
    assert "How did your legs feel on the run?" in page
    assert 'id="reask"' not in page
    url = reverse("training:legs_feel", args=[run.pk])
    refused = client.post(url, {"legs_feel": "wobbly"}, follow=True).content.decode()
    assert "Pick how your legs felt" in refused
    client.post(url, {"legs_feel": "painful"})
    run.refresh_from_db()
    assert run.legs_feel == "painful"
    page = client.get(reverse("recovery:today")).content.decode()
    assert "How did your legs feel on the run?" not in page
    reask = page[page.index('id="reask"') : page.index('id="red-flags"')]
    assert 'id="group-rf_joint_or_bone_pain"' in reask
    assert 'id="group-rf_acute_injury"' in reask
    rest = page[page.index('id="red-flags"') :]
    assert 'id="group-rf_joint_or_bone_pain"' not in rest
    assert 'id="group-rf_dark_urine"' in rest


def test_a_run_without_a_leg_day_before_it_is_not_asked(time_machine, client):
    time_machine.move_to(NOW, tick=False)
    athlete = UserFactory(time_zone="Europe/London")
    SessionFactory(athlete=athlete, started_at=NOW - dt.timedelta(hours=16), legs_feel="")
    client.force_login(athlete)
    assert "How did your legs feel" not in client.get(reverse("recovery:today")).content.decode()


# --- The pure comparison ---------------------------------------------------------------------

ADVICE = engine.Advice(level=3, max_minutes=40, rpe_cap=3, avoid=("intervals",), hr_cap_pct=75)
runs = st.builds(
    engine.Run,
    minutes=st.floats(1, 300),
    rpe=st.none() | st.integers(1, 10),
    run_type=st.sampled_from(["recovery", "easy", "long", "tempo", "intervals", "hills", "race"]),
    descent_m=st.none() | st.floats(0, 2000),
    avg_hr=st.none() | st.integers(60, 210),
    hr_max=st.none() | st.integers(150, 220),
)


@given(runs)
def test_as_planned_sets_no_limit_and_rest_rules_out_any_run(run):
    assert engine.deviations(run, engine.Advice(4, 90, None, ())) == ()
    assert [d.code for d in engine.deviations(run, engine.Advice(1, 30, 2, ("all_running",)))] == [
        "no_running"
    ]


@given(runs, st.floats(0, 100))
def test_a_longer_run_keeps_every_deviation_of_the_shorter(run, more):
    longer = engine.Run(**{**run.__dict__, "minutes": run.minutes + more})
    before = {d.code for d in engine.deviations(run, ADVICE)}
    assert before <= {d.code for d in engine.deviations(longer, ADVICE)}


def test_the_slack_on_minutes():
    at = engine.Run(minutes=44, rpe=3, run_type="easy")
    over = engine.Run(minutes=44.5, rpe=3, run_type="easy")
    assert engine.deviations(at, ADVICE) == ()
    assert engine.deviations(over, ADVICE) == (engine.Deviation("minutes", 44, 40),)
