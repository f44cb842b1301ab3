"""Engine contract v2 (DESIGN §4) and the safety rules around it: emergencies, unanswered
soreness, coach overrides within bounds, level-0 steps per warning sign, threshold bounds,
the leg day whose quality window ends last."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery.engine import readiness, wording
from recovery.engine.coaching import apply_override
from recovery.engine.readiness import Level, ReadinessInput, assess
from recovery.engine.rules import RED_FLAGS, threshold_problems
from recovery.planning import services as plans
from recovery.verdict import background
from tests.factories import StrengthFactory, UserFactory

CALM = dict.fromkeys(readiness.MUSCLE_GROUPS, 0)


def make(**overrides) -> ReadinessInput:
    base = {
        "hours_since_leg": 30.0,
        "leg_rpe": 8,
        "leg_minutes": 60,
        "leg_unaccustomed": False,
        "typical_leg_load": 480,
        "soreness": CALM,
        "can_walk_normally": True,
        "sleep_quality": 4,
        "energy": 4,
        "red_flags": frozenset(),
        "fitness_level": "intermediate",
        "acwr": 1.0,
        "wellness_z": None,
        "planned_minutes": 60,
    }
    return ReadinessInput(**{**base, **overrides})


def ids(rec) -> list[str]:
    return [rule.rule_id for rule in rec.fired]


# --- Red flags ---------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["no_urine", "confusion", "cardiac_symptoms"])
def test_no_urine_confusion_and_cardiac_signs_are_emergencies(flag):
    rec = assess(make(red_flags=frozenset({flag})))
    assert (rec.level, rec.urgency) == (Level.SEE_DOCTOR, "emergency")
    words = wording.verdict(rec.level, 0, 0, rec.urgency, red_flags={flag})
    assert "emergency" in words["headline"].lower()
    assert "emergency" in words["detail"].lower()


def test_dark_urine_alone_is_same_day_with_its_own_steps():
    rec = assess(make(red_flags=frozenset({"dark_urine"})))
    assert rec.urgency == "same_day"
    words = wording.verdict(0, 0, 0, rec.urgency, red_flags={"dark_urine"})
    assert "drink" in words["detail"].lower()
    assert "CK" in words["detail"]


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("acute_injury", "protect"),
        ("joint_or_bone_pain", "physiotherapist"),
        ("true_weakness", "CK"),
        ("systemic_illness", "No exercise today"),
    ],
)
def test_level_0_steps_follow_the_warning_sign(flag, expected):
    rec = assess(make(red_flags=frozenset({flag})))
    detail = wording.verdict(0, 0, 0, rec.urgency, red_flags={flag})["detail"]
    assert expected in detail
    if flag == "acute_injury":
        assert "CK" not in detail  # a tear is not a kidney question


def test_a_cardiac_sign_puts_nothing_else_on_the_card():
    words = wording.verdict(0, 0, 0, "emergency", red_flags={"cardiac_symptoms", "dark_urine"})
    assert words["emergency_only"] is True
    assert words["steps"] == []
    assert "Call your local emergency number now" in words["detail"]


def test_no_next_time_tip_at_level_0_even_for_a_novice():
    rec = assess(make(red_flags=frozenset({"dark_urine"}), fitness_level="novice"))
    assert "repeated_bout" not in rec.checklist


# --- Soreness not answered yet -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "expected"), [(30.0, Level.RECOVERY_RUN), (None, Level.AS_PLANNED)]
)
def test_unanswered_soreness_counts_4_only_after_a_leg_day_this_week(hours, expected):
    rec = assess(make(soreness={}, hours_since_leg=hours, can_walk_normally=None))
    assert rec.level == expected


def test_reasons_of_unanswered_groups_say_not_answered_yet():
    rec = assess(make(soreness={"quads": 2, "calves": None}, hours_since_leg=30.0))
    s4 = next(rule.reason for rule in rec.fired if rule.rule_id == "S4")
    assert "calves not answered yet" in s4
    assert "/10" not in s4
    s2 = next(rule.reason for rule in rec.fired if rule.rule_id == "S2")
    assert "not answered yet" in s2


# --- Coach overrides ----------------------------------------------------------------------------


def _override(rec, level, minutes=60):
    return apply_override(
        rec,
        level=level,
        max_minutes=minutes,
        coach="Kim",
        note="race week",
        fitness_level="intermediate",
    )


@pytest.mark.parametrize(
    ("inputs", "blocker"),
    [
        ({"can_walk_normally": False}, "can't walk"),
        ({"soreness": {**CALM, "quads": 8}}, "severe"),
        ({"soreness": {**CALM, "quads": 5}}, "moderate"),
    ],
)
def test_an_override_cannot_raise_the_level_after_f1_s1_or_s2(inputs, blocker):
    rec = assess(make(**inputs))
    result = _override(rec, Level.AS_PLANNED)
    assert result.level == rec.level
    assert ids(result)[0] == "CO"
    assert blocker in result.fired[0].reason
    assert "not today" in result.fired[0].reason
    assert result.notes["override"] == "not_followed"


def test_an_override_may_always_lower_and_no_downhill_survives_it():
    rec = assess(make(soreness={**CALM, "quads": 5}))  # S2 and S4: recovery run, no downhill
    result = _override(rec, Level.REST, 20)
    assert (result.level, result.max_minutes) == (Level.REST, 20)
    assert "any_downhill" in result.avoid
    assert result.notes["override"] == "applied"


def test_an_override_may_raise_when_the_body_reports_nothing_against_it():
    rec = assess(make(hours_since_leg=30.0))  # T2: easy run only
    assert rec.level == Level.EASY_RUN
    result = _override(rec, Level.AS_PLANNED, 75)
    assert (result.level, result.max_minutes) == (Level.AS_PLANNED, 75)
    assert "Kim: race week" in result.fired[0].reason


def test_level_0_is_never_overridden():
    rec = assess(make(red_flags=frozenset({"dark_urine"})))
    assert _override(rec, Level.AS_PLANNED) == rec


soreness_scores = st.one_of(st.none(), st.integers(0, 10))


@settings(max_examples=300, deadline=None)
@given(
    soreness=st.fixed_dictionaries(dict.fromkeys(readiness.MUSCLE_GROUPS, soreness_scores)),
    walks=st.one_of(st.none(), st.booleans()),
    flags=st.frozensets(st.sampled_from(RED_FLAGS), max_size=2),
    hours=st.one_of(st.none(), st.floats(0, 160)),
    level=st.integers(1, 4),
    minutes=st.integers(0, 240),
)
def test_no_override_raises_the_level_after_a_red_flag_f1_s1_or_s2(
    soreness, walks, flags, hours, level, minutes
):
    rec = assess(
        make(soreness=soreness, can_walk_normally=walks, red_flags=flags, hours_since_leg=hours)
    )
    result = _override(rec, level, minutes)
    guarded = {"F1", "S1", "S2"} & set(ids(rec)) or any(i.startswith("RF") for i in ids(rec))
    if guarded:
        assert result.level <= rec.level
        if result.level == rec.level:
            assert result.max_minutes <= rec.max_minutes
    if "any_downhill" in rec.avoid:
        assert "any_downhill" in result.avoid


# --- Thresholds -----------------------------------------------------------------------------


def test_threshold_bounds_and_orderings():
    defaults = {
        name: getattr(readiness.Thresholds(), name) for name in readiness.Thresholds.names()
    }
    assert threshold_problems(defaults) == {}
    assert "soreness_severe" in threshold_problems({**defaults, "soreness_severe": 11})
    assert "soreness_moderate" in threshold_problems({**defaults, "soreness_moderate": 7})
    assert "t_quality_light_h" in threshold_problems(
        {**defaults, "t_quality_light_h": 30, "t_quality_habitual_h": 26}
    )
    assert "widespread_groups" in threshold_problems({**defaults, "widespread_groups": 2.5})


def test_rule_titles_and_articles_take_their_numbers_from_the_thresholds():
    edited = readiness.Thresholds().with_overrides({"t_quality_habitual_h": 36})
    assert wording.rule_title("T2", edited) == "Within 36 h of a hard leg day"
    assert wording.fill("waits [[t_quality_habitual_h]] hours", edited) == "waits 36 hours"


def test_carbohydrate_when_a_run_is_planned_within_a_day():
    """One rule on every page (DOMAIN §8.6): a run today (when the day allows one) or any run
    tomorrow; none otherwise, and none on a rest day without a run tomorrow."""
    assert "carbs" not in assess(make(planned_minutes=None)).checklist
    assert "carbs" in assess(make(planned_minutes=None, run_tomorrow=True)).checklist
    assert "carbs" in assess(make(planned_minutes=45, hours_since_leg=None)).checklist


# --- Which leg day the service passes ---------------------------------------------------------


@pytest.mark.django_db
def test_a_light_session_after_a_hard_one_never_shortens_its_window(time_machine):
    athlete = UserFactory(time_zone="UTC", fitness_level="intermediate")
    now = dt.datetime(2026, 4, 10, 12, 0, tzinfo=dt.UTC)
    time_machine.move_to(now - dt.timedelta(days=20), tick=False)
    StrengthFactory(
        athlete=athlete, started_at=now - dt.timedelta(days=20), exercises=["Back squat"]
    )
    time_machine.move_to(now, tick=False)
    StrengthFactory(  # hard: RPE 8, 30 h ago -> quality running waits until 48 h
        athlete=athlete,
        started_at=now - dt.timedelta(hours=31),
        duration_s=3600,
        rpe=8,
        exercises=["Back squat"],
    )
    StrengthFactory(  # light: RPE 3, 7 h ago -> its own window (24 h) would end sooner
        athlete=athlete,
        started_at=now - dt.timedelta(hours=8),
        duration_s=3600,
        rpe=3,
        exercises=["Back squat"],
    )
    inputs = background.background_read(athlete, now.date())
    judged = background.quality_leg(
        athlete, now, inputs.leg_day(athlete, now), inputs, readiness.Thresholds()
    )
    assert judged.rpe == 8
    gathered = background.readiness_input(
        athlete, day=now.date(), at=now, thresholds=readiness.Thresholds(), background=inputs,
        checkin=None,
    )  # fmt: skip
    assert gathered.inp.hours_since_leg == pytest.approx(30)
    assert "T2" in ids(assess(gathered.inp))
    conflict = plans.plan_conflict(athlete, day=now.date() + dt.timedelta(days=1), run_type="tempo")
    assert conflict is not None  # tomorrow is inside the hard day's 48 h, whatever came after
    assert conflict.window_hours == 48
