"""Engine contract v3 (DESIGN §4, DOMAIN §8.4/§8.5 "v3"): an ordinary illness is I1, not RF7;
one wellness answer is never counted twice; a coach's level keeps its caps; I1 blocks an
override that would raise the day."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery.engine import readiness
from recovery.engine.coaching import apply_override
from recovery.engine.readiness import MUSCLE_GROUPS, RED_FLAGS, Level, assess
from tests.recovery.engine.test_triage import CALM, ids, make

T = readiness.DEFAULT_THRESHOLDS


ILL = frozenset({"systemic_illness"})


# --- RF7 needs the muscle pain; alone it is I1 -------------------------------------------------


@pytest.mark.parametrize("worst", [0, 1, 2, 3])
def test_illness_with_mild_or_no_soreness_is_i1_rest_not_a_red_flag(worst):
    rec = assess(make(red_flags=ILL, soreness={**CALM, "quads": worst}))
    assert rec.level == Level.REST
    assert rec.urgency is None
    assert "I1" in ids(rec)
    assert not [rule for rule in ids(rec) if rule.startswith("RF")]
    assert "all_running" in rec.avoid
    reason = next(rule.reason for rule in rec.fired if rule.rule_id == "I1")
    assert "24 h without fever" in reason
    assert "more than 3 days" in reason


@pytest.mark.parametrize("worst", [4, 6, 9])
def test_illness_with_moderate_soreness_is_rf7_same_day(worst):
    rec = assess(make(red_flags=ILL, soreness={**CALM, "glutes": worst}))
    assert (rec.level, rec.urgency) == (Level.SEE_DOCTOR, "same_day")
    assert ids(rec) == ["RF7"]


def test_illness_with_another_red_flag_is_rf7_beside_it():
    rec = assess(make(red_flags=ILL | {"dark_urine"}))
    assert rec.level == Level.SEE_DOCTOR
    assert set(ids(rec)) == {"RF1", "RF7"}


def test_illness_with_soreness_not_answered_after_leg_day_counts_as_moderate():
    """Unanswered groups count as moderate after a leg day this week (DESIGN §4): RF7."""
    rec = assess(make(red_flags=ILL, soreness={}, can_walk_normally=None))
    assert rec.level == Level.SEE_DOCTOR


def test_the_moderate_line_follows_the_threshold():
    raised = T.with_overrides({"soreness_moderate": 5, "widespread_groups": 3})
    rec = assess(make(red_flags=ILL, soreness={**CALM, "quads": 4}), raised)
    assert rec.level == Level.REST
    assert "I1" in ids(rec)


sore_below_moderate = st.fixed_dictionaries(
    {group: st.integers(min_value=0, max_value=T.soreness_moderate - 1) for group in MUSCLE_GROUPS}
)


@settings(max_examples=300, deadline=None)
@given(
    soreness=sore_below_moderate,
    hours=st.none() | st.floats(min_value=0, max_value=168),
    walk=st.none() | st.booleans(),
    sleep=st.none() | st.integers(min_value=1, max_value=5),
    energy=st.none() | st.integers(min_value=1, max_value=5),
    z=st.none() | st.floats(min_value=-4, max_value=4),
    acwr=st.none() | st.floats(min_value=0.1, max_value=3),
    fitness=st.sampled_from(["novice", "intermediate", "trained"]),
    planned=st.none() | st.integers(min_value=5, max_value=300),
)
def test_property_illness_alone_below_moderate_is_level_1_and_never_a_red_flag(
    soreness, hours, walk, sleep, energy, z, acwr, fitness, planned
):
    rec = assess(
        make(
            red_flags=ILL,
            soreness=soreness,
            hours_since_leg=hours,
            can_walk_normally=walk,
            sleep_quality=sleep,
            energy=energy,
            wellness_z=z,
            acwr=acwr,
            fitness_level=fitness,
            planned_minutes=planned,
        )
    )
    assert rec.level == Level.REST
    assert rec.urgency is None
    assert not [rule for rule in ids(rec) if rule.startswith("RF")]


@settings(max_examples=200, deadline=None)
@given(
    flags=st.sets(st.sampled_from([f for f in RED_FLAGS if f != "systemic_illness"]), min_size=1),
    soreness=sore_below_moderate,
)
def test_property_any_other_red_flag_still_sends_to_a_doctor(flags, soreness):
    rec = assess(make(red_flags=frozenset(flags) | ILL, soreness=soreness))
    assert rec.level == Level.SEE_DOCTOR
    assert "RF7" in ids(rec)


# --- W3 only without W1 or W2 -----------------------------------------------------------------


def test_a_poor_night_on_a_stable_baseline_costs_one_level_not_two():
    """Sleep 2 is W1; the z-score that the same answer drags down does not count again."""
    rec = assess(make(hours_since_leg=None, soreness=CALM, sleep_quality=2, wellness_z=-1.8))
    assert rec.level == Level.EASY_RUN
    assert "W1" in ids(rec)
    assert "W3" not in ids(rec)
    assert "W4" not in ids(rec)


def test_a_large_drop_without_an_absolute_low_still_counts():
    rec = assess(make(hours_since_leg=None, wellness_z=-1.2))
    assert (rec.level, "W3" in ids(rec)) == (Level.EASY_RUN, True)
    twice = assess(make(hours_since_leg=None, wellness_z=-2.5))
    assert twice.level == Level.RECOVERY_RUN  # two flags: W4, two steps down from 4
    assert "W4" in ids(twice)


def test_poor_sleep_and_low_energy_are_still_two_flags():
    rec = assess(make(hours_since_leg=None, sleep_quality=2, energy=2, wellness_z=-3))
    assert "W4" in ids(rec)
    assert "W3" not in ids(rec)


# --- A coach's level keeps its caps ------------------------------------------------------------


def _override(rec, level, minutes, fitness="intermediate"):
    return apply_override(
        rec, level=level, max_minutes=minutes, coach="Kim", note="", fitness_level=fitness
    )


@pytest.mark.parametrize(
    ("level", "fitness", "cap"),
    [
        (Level.REST, "intermediate", T.rest_walk_minutes),
        (Level.RECOVERY_RUN, "intermediate", T.recovery_minutes),
        (Level.RECOVERY_RUN, "novice", T.recovery_minutes_novice),
        (Level.EASY_RUN, "novice", T.easy_minutes_novice),
        (Level.EASY_RUN, "trained", T.easy_minutes_trained),
        (Level.AS_PLANNED, "trained", T.unplanned_max_minutes),
    ],
)
def test_a_coach_level_never_shows_more_minutes_than_its_cap(level, fitness, cap):
    engine = assess(make(hours_since_leg=None, fitness_level=fitness))
    rec = _override(engine, level, 300, fitness)
    assert rec.level == level
    assert rec.max_minutes == cap
    assert rec.notes["override"] == "applied"


def test_a_coach_cannot_lift_a_day_of_illness():
    engine = assess(make(red_flags=ILL))
    rec = _override(engine, Level.EASY_RUN, 40)
    assert rec.level == Level.REST
    assert rec.notes["override"] == "not_followed"
    assert "unwell" in rec.fired[0].reason
