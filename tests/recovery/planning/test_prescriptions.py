"""Prescribed leg days (issue 28): the plan guard judges a prescription before it happens —
target effort, volume against the athlete's usual leg day, eccentric-heavy work new to them —
and, logged as prescribed, the engine's `hard_leg` rule judges the session the same way."""

import datetime as dt

import pytest

from recovery.planning import selectors as planner
from recovery.planning import services as plans
from tests.factories import StrengthFactory, UserFactory
from training import prescriptions, services
from training.models import Exercise, OneRepMax, PrescribedRow

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 11, 15, 0, tzinfo=dt.UTC)  # a Wednesday afternoon


def _row(name, sets, reps, kind="rpe", load=5.0):
    return PrescribedRow(
        exercise=Exercise.objects.get(name=name), sets=sets, reps=reps, load_kind=kind, load=load
    )


@pytest.fixture
def habitual(time_machine):
    """An athlete with a leg day a week of back squats (RPE 5, 40 min: 200 AU) for five weeks."""
    time_machine.move_to(NOW, tick=False)
    athlete = UserFactory(time_zone="Europe/London", fitness_level="intermediate")
    for weeks in range(1, 6):
        StrengthFactory(
            athlete=athlete,
            started_at=NOW - dt.timedelta(weeks=weeks),
            rpe=5,
            duration_s=40 * 60,
            exercises=["Back squat"],
        )
    return athlete


CASES = {
    "target effort": ([("Back squat", 5, 5, "rpe", 8.0)], True, "RPE 8 (its target effort"),
    "reps in reserve": ([("Back squat", 3, 8, "rir", 2.0)], True, "RPE 8"),
    "volume": (
        [
            ("Back squat", 7, 8, "rpe", 5.0),
            ("Leg press", 7, 10, "rpe", 5.0),
            ("Leg curl", 7, 10, "rpe", 5.0),
        ],
        True,
        "× your usual leg-day load",
    ),
    "new eccentric work": (
        [("Back squat", 3, 5, "rpe", 5.0), ("Nordic curl", 2, 5, "rpe", 5.0)],
        True,
        "eccentric-heavy work new to you in four weeks: Nordic curl",
    ),
    "habitual and moderate": ([("Back squat", 3, 5, "rpe", 5.0)], False, None),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_prescriptions_hardness_is_the_engines_once_logged_as_prescribed(habitual, case):
    rows, hard, reason = CASES[case]
    today = habitual.local_today()
    plan = plans.planned_leg_day_save(
        athlete=habitual,
        entered_by=habitual,
        day=today,
        intensity="light",  # the prescription decides, not the word
        rows=[_row(*row) for row in rows],
    )
    found = planner.span(habitual, today, today)
    judged = found.hardness(next(leg for leg in found.legs if leg.pk == plan.pk))
    assert judged.hard is hard
    if reason:
        assert any(reason in line for line in judged.reasons), judged.reasons
    else:
        assert judged.reasons == ()

    start, entries = prescriptions.log_initial(plan, prescriptions.one_rep_maxes(habitual), "kg")
    session = services.session_create(
        athlete=habitual,
        entered_by=habitual,
        kind="strength",
        started_at=NOW - dt.timedelta(hours=2),
        duration_s=start["duration"],
        rpe=start["rpe"],
        entries=[
            services.EntryData(
                exercise=Exercise.objects.get(pk=e["exercise"]),
                sets=e["sets"],
                reps=e["reps"],
                load_kg=e["load"],
            )
            for e in entries
        ],
        prescription=plan,
    )
    logged = planner.span(habitual, today, today)
    done = next(item for item in logged.items if item.ref == f"done:{session.pk}")
    assert (done.hard, done.wait_h) == (judged.hard, judged.wait_h)


def test_a_percent_of_1rm_prescription_reads_the_athletes_1rm(habitual):
    squat = Exercise.objects.get(name="Back squat")
    OneRepMax.objects.create(athlete=habitual, exercise=squat, kg=120)
    today = habitual.local_today()
    plan = plans.planned_leg_day_save(
        athlete=habitual,
        entered_by=habitual,
        day=today,
        intensity="light",
        rows=[_row("Back squat", 3, 8, "percent", 75.0)],  # 10 possible, 8 done: RPE 8
    )
    start, entries = prescriptions.log_initial(plan, prescriptions.one_rep_maxes(habitual), "kg")
    assert start["rpe"] == 8
    assert entries == [{"exercise": squat.pk, "sets": 3, "reps": 8, "load": 90.0}]
    found = planner.span(habitual, today, today)
    assert found.hardness(found.legs[0]).hard


def test_a_1rm_is_estimated_from_logged_sets_unless_set_by_hand(habitual):
    squat = Exercise.objects.get(name="Back squat")
    services.session_create(
        athlete=habitual,
        entered_by=habitual,
        kind="strength",
        started_at=NOW - dt.timedelta(days=1),
        duration_s=3600,
        rpe=8,
        entries=[
            services.EntryData(exercise=squat, sets=3, reps=5, load_kg=100),
            services.EntryData(exercise=squat, sets=1, reps=15, load_kg=80),  # too long a set
        ],
    )
    estimated = prescriptions.one_rep_maxes(habitual)[squat.pk]
    assert (estimated.kg, estimated.estimated) == (pytest.approx(116.7), True)
    OneRepMax.objects.create(athlete=habitual, exercise=squat, kg=125)
    assert prescriptions.one_rep_maxes(habitual)[squat.pk] == prescriptions.OneRm(125, False)


# --- Pages: a coach prescribes, the athlete sees it and logs it in one tap -------------------


def _rows_post(rows: list[dict]) -> dict:
    data = {
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "20",
    }
    for n, row in enumerate(rows):
        data.update({f"rows-{n}-{name}": value for name, value in row.items()})
    return data


def test_a_coach_prescribes_and_the_athlete_logs_it_as_prescribed(habitual, client):
    from accounts.models import Role
    from tests.factories import MembershipFactory

    coach = MembershipFactory(role=Role.COACH).user
    MembershipFactory(gym=coach.memberships.get().gym, user=habitual)
    squat, rdl = (Exercise.objects.get(name=n) for n in ("Back squat", "Romanian deadlift"))
    today = habitual.local_today()
    client.force_login(coach)
    bad = client.post(
        f"/coach/athletes/{habitual.pk}/plan/legs/new/",
        {
            "date": today.isoformat(),
            "intensity": "light",
            **_rows_post([{"exercise": squat.pk, "sets": "5", "reps": "", "load_kind": "rpe"}]),
        },
    )
    assert bad.status_code == 422
    page = bad.content.decode()
    assert "Give reps, or seconds for a hold." in page
    assert "Give a target RPE (1–10)." in page
    saved = client.post(
        f"/coach/athletes/{habitual.pk}/plan/legs/new/",
        {
            "date": today.isoformat(),
            "intensity": "light",
            **_rows_post(
                [
                    {
                        "exercise": squat.pk,
                        "sets": "5",
                        "reps": "5",
                        "load_kind": "rpe",
                        "load": "8",
                    },
                    {"exercise": rdl.pk, "sets": "3", "reps": "8", "load_kind": "kg", "load": "70"},
                ]
            ),
        },
    )
    assert saved.status_code == 302, saved.content.decode()[-3000:]
    plan = habitual.planned_leg_days.get()
    assert [(r.exercise.name, r.sets, r.reps_text, r.load) for r in plan.rows.all()] == [
        ("Back squat", 5, "5", 8.0),
        ("Romanian deadlift", 3, "8", 70.0),
    ]

    client.force_login(habitual)
    week = client.get("/training/week/").content.decode()
    assert "Hard leg day, prescribed" in week
    assert "Hard because: RPE 8 (its target effort; hard from 7)" in week
    assert "Back squat</a> 5 × 5 @ RPE 8" in week
    form = client.get(f"/training/strength/new/?plan={plan.pk}").content.decode()
    assert "Filled in from the prescription" in form
    assert f'name="plan" value="{plan.pk}"' in form
    assert 'value="70.0"' in form or 'value="70"' in form
    logged = client.post(
        "/training/strength/new/",
        {
            "plan": plan.pk,
            "started_at": (NOW - dt.timedelta(hours=1))
            .astimezone(habitual.tz)
            .strftime("%Y-%m-%dT%H:%M"),
            "duration": "55",
            "rpe": "8",
            "notes": "",
            "entries-TOTAL_FORMS": "2",
            "entries-INITIAL_FORMS": "0",
            "entries-MIN_NUM_FORMS": "0",
            "entries-MAX_NUM_FORMS": "40",
            "entries-0-exercise": squat.pk,
            "entries-0-sets": "5",
            "entries-0-reps": "5",
            "entries-0-load": "100",
            "entries-1-exercise": rdl.pk,
            "entries-1-sets": "3",
            "entries-1-reps": "8",
            "entries-1-load": "65",  # lighter than prescribed
        },
    )
    assert logged.status_code == 302
    session = habitual.sessions.latest("pk")
    assert session.prescription == plan
    client.force_login(coach)
    detail = client.get(f"/training/{session.pk}/").content.decode()
    assert "Done vs prescribed" in detail
    assert "8 of 8 sets" in detail
    assert "Differs</span> 3 × 8 at 65 kg" in detail
    assert "5 × 5 at 100 kg" in detail


def test_another_athletes_plan_is_not_offered_to_log(habitual, client):
    other = UserFactory()
    plan = plans.planned_leg_day_save(
        athlete=other,
        entered_by=other,
        day=other.local_today(),
        intensity="hard",
        rows=[_row("Back squat", 5, 5, "rpe", 8.0)],
    )
    client.force_login(habitual)
    page = client.get(f"/training/strength/new/?plan={plan.pk}", follow=True).content.decode()
    assert "That plan has no prescription to log here" in page
    assert "Filled in from the prescription" not in page


def test_a_template_with_a_prescription_fits_each_athletes_1rm(habitual, client):
    from accounts.models import Role
    from recovery.planning import weeks
    from tests.factories import GymFactory, MembershipFactory

    gym = GymFactory()
    coach = MembershipFactory(gym=gym, role=Role.COACH).user
    squat = Exercise.objects.get(name="Back squat")
    athletes = [MembershipFactory(gym=gym, user=habitual).user]
    athletes += [MembershipFactory(gym=gym).user for _ in range(2)]
    OneRepMax.objects.create(athlete=athletes[0], exercise=squat, kg=100)
    OneRepMax.objects.create(athlete=athletes[1], exercise=squat, kg=140)
    services.session_create(  # the third: estimated from 100 kg for 5 (Epley: 116.7)
        athlete=athletes[2],
        entered_by=athletes[2],
        kind="strength",
        started_at=NOW - dt.timedelta(days=3),
        duration_s=3600,
        rpe=7,
        entries=[services.EntryData(exercise=squat, sets=3, reps=5, load_kg=100)],
    )
    template = plans.week_template_create(
        staff=coach,
        data={
            "gym": gym,
            "name": "Legs twice",
            "leg_days": 2,
            "runs": 2,
            "key_runs": 1,
            "light_legs": False,
            "long_run_day": "",
            "leg_class_day": "",
        },
        rows=[_row("Back squat", 3, 8, "percent", 75.0)],
    )
    monday = habitual.local_today() + dt.timedelta(days=7 - habitual.local_today().weekday())
    for athlete in athletes:
        fitted = weeks.template_fit(template, athlete, monday)
        plans.week_save(athlete=athlete, entered_by=coach, candidates=fitted.candidates)
    loads = []
    for athlete in athletes:
        legs = list(athlete.planned_leg_days.all())
        assert len(legs) == 2
        for leg in legs:
            assert [
                (r.exercise_id, r.sets, r.reps, r.load_kind, r.load) for r in leg.rows.all()
            ] == [(squat.pk, 3, 8, "percent", 75.0)]
        _, entries = prescriptions.log_initial(legs[0], prescriptions.one_rep_maxes(athlete), "kg")
        loads.append(entries[0]["load"])
    assert loads == [75.0, 105.0, 87.5]
    client.force_login(coach)
    week = client.get(
        f"/coach/athletes/{athletes[1].pk}/week/", {"date": monday.isoformat()}
    ).content.decode()
    assert "3 × 8 @ 75 % 1RM (105 kg)" in week


def test_the_suggester_spaces_a_template_by_its_prescription(habitual):
    from accounts.models import Role
    from recovery.planning import weeks
    from tests.factories import GymFactory, MembershipFactory

    gym = GymFactory()
    coach = MembershipFactory(gym=gym, role=Role.COACH).user
    MembershipFactory(gym=gym, user=habitual)
    shape = {
        "gym": gym,
        "leg_days": 2,
        "runs": 3,
        "key_runs": 1,
        "light_legs": True,  # said light, but prescribed at RPE 9: spaced as hard
        "long_run_day": "",
        "leg_class_day": "",
    }
    monday = habitual.local_today() + dt.timedelta(days=7 - habitual.local_today().weekday())
    hard = plans.week_template_create(
        staff=coach, data={**shape, "name": "Heavy"}, rows=[_row("Back squat", 5, 3, "rpe", 9.0)]
    )
    easy = plans.week_template_create(
        staff=coach, data={**shape, "name": "Easy"}, rows=[_row("Back squat", 2, 5, "rpe", 4.0)]
    )
    for template, intensity in ((hard, "hard"), (easy, "light")):
        fitted = weeks.template_fit(template, habitual, monday)
        legs = [c for c in fitted.candidates if c.kind == "leg"]
        assert fitted.plan.ok
        assert [leg.intensity for leg in legs] == [intensity, intensity]
        assert fitted.warnings == []


def test_a_prescription_is_changed_from_its_saved_rows(habitual, client):
    today = habitual.local_today()
    plan = plans.planned_leg_day_save(
        athlete=habitual,
        entered_by=habitual,
        day=today + dt.timedelta(days=1),
        intensity="hard",
        rows=[_row("Back squat", 5, 5, "kg", 100.0), _row("Leg curl", 3, 10, "none", None)],
    )
    client.force_login(habitual)
    week = client.get("/training/week/", {"date": plan.date.isoformat()}).content.decode()
    assert f"/training/plan/legs/new/?plan={plan.pk}" in week
    form = client.get(f"/training/plan/legs/new/?plan={plan.pk}").content.decode()
    assert "Change the leg day" in form
    assert 'name="rows-0-load" value="100.0"' in form
    assert 'name="rows-TOTAL_FORMS" value="8"' in form  # the two saved, six to fill
    squat, curl = (Exercise.objects.get(name=n) for n in ("Back squat", "Leg curl"))
    moved = plan.date + dt.timedelta(days=1)
    saved = client.post(
        "/training/plan/legs/new/",
        {
            "plan": plan.pk,
            "date": moved.isoformat(),
            "intensity": "hard",
            **_rows_post(
                [
                    {
                        "exercise": squat.pk,
                        "sets": "5",
                        "reps": "5",
                        "load_kind": "kg",
                        "load": "105",
                    },
                    {"exercise": "", "sets": "", "reps": "", "load_kind": "none"},  # emptied
                ]
            ),
            "resolve": "keep",
        },
    )
    assert saved.status_code == 302
    legs = list(habitual.planned_leg_days.all())
    assert [leg.date for leg in legs] == [moved]  # moved, not copied
    assert [(r.exercise_id, r.load) for r in legs[0].rows.all()] == [(squat.pk, 105.0)]
    assert curl.pk not in [r.exercise_id for r in legs[0].rows.all()]
    other = UserFactory()
    client.force_login(other)
    page = client.get(f"/training/plan/legs/new/?plan={plan.pk}").content.decode()
    assert "That plan can&#x27;t be changed here: plan a new leg day." in page


def test_done_vs_prescribed_reads_the_prescription_in_constant_queries(habitual, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries(rows: int) -> int:
        plan = plans.planned_leg_day_save(
            athlete=habitual,
            entered_by=habitual,
            day=habitual.local_today(),
            intensity="hard",
            rows=[_row(name, 3, 5) for name in ("Back squat", "Leg press", "Leg curl")[:rows]],
        )
        session = StrengthFactory(athlete=habitual, exercises=["Back squat"])
        session.prescription = plan
        session.save()
        with CaptureQueriesContext(connection) as captured:
            page = client.get(f"/training/{session.pk}/").content.decode()
        assert "Done vs prescribed" in page
        return len(captured)

    client.force_login(habitual)
    assert page_queries(1) == page_queries(3)
