"""The rule engine against DOMAIN.md §8: every rule, every boundary, the worked examples, properties."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery.engine import readiness, stages
from recovery.engine.readiness import (
    MUSCLE_GROUPS,
    RED_FLAGS,
    RULES,
    Level,
    ReadinessInput,
    Thresholds,
    assess,
)

CALM = dict.fromkeys(MUSCLE_GROUPS, 0)


def make(**overrides) -> ReadinessInput:
    """A fresh, well-rested intermediate with no recent leg day and 28+ days of steady load."""
    base = ReadinessInput(
        hours_since_leg=None,
        leg_rpe=None,
        leg_minutes=None,
        leg_unaccustomed=False,
        typical_leg_load=None,
        soreness=CALM,
        can_walk_normally=True,
        sleep_quality=4,
        energy=4,
        red_flags=frozenset(),
        fitness_level="intermediate",
        acwr=1.0,
        wellness_z=None,
        planned_minutes=None,
    )
    return replace(base, **overrides)


def sore(**scores) -> dict:
    return {**CALM, **scores}


def fired(rec) -> set[str]:
    return {rule.rule_id for rule in rec.fired}


def test_all_clear_trains_as_planned_without_a_warm_up_check_it_cannot_need():
    rec = assess(make(planned_minutes=45))
    assert rec.level == Level.AS_PLANNED
    assert (rec.max_minutes, rec.rpe_cap, rec.avoid, rec.urgency) == (45, None, (), None)
    assert "G1" not in fired(rec)  # v3: no soreness and no leg day in 72 h: nothing to check


@pytest.mark.parametrize(
    ("hours", "soreness", "g1"),
    [(None, 1, True), (71.9, 0, True), (72.0, 0, False), (None, 0, False)],
)
def test_g1_only_with_soreness_or_a_leg_day_in_the_last_72_hours(hours, soreness, g1):
    rec = assess(make(planned_minutes=45, hours_since_leg=hours, soreness=sore(quads=soreness)))
    assert rec.level == Level.AS_PLANNED
    assert ("G1" in fired(rec)) is g1


def test_provisional_reasons_never_call_guessed_soreness_mild():
    """Not answered yet after a light leg day: S2 counts it as moderate, so T4 stays silent."""
    rec = assess(make(hours_since_leg=10, leg_rpe=4, soreness={}, can_walk_normally=None))
    assert "S2" in fired(rec)
    assert "T4" not in fired(rec)


# --- A. Red flags --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "rule", "urgency"),
    [
        ("dark_urine", "RF1", "same_day"),
        ("no_urine", "RF1", "emergency"),
        ("severe_pain_or_swelling", "RF2", "same_day"),
        ("true_weakness", "RF3", "same_day"),
        ("joint_or_bone_pain", "RF4", "soon"),
        ("acute_injury", "RF5", "same_day"),
        ("cardiac_symptoms", "RF6", "emergency"),
        ("systemic_illness", "RF7", "same_day"),
        ("confusion", "RF7", "emergency"),
        ("non_resolving_soreness", "RF8", "soon"),
    ],
)
def test_each_red_flag_sends_to_a_doctor(flag, rule, urgency):
    # With moderate soreness: systemic illness without it is I1 (contract v3, test_contract_v3).
    rec = assess(make(red_flags=frozenset({flag}), planned_minutes=60, soreness=sore(quads=5)))
    assert rec.level == Level.SEE_DOCTOR
    assert (rec.max_minutes, rec.urgency) == (0, urgency)
    assert fired(rec) == {rule}
    assert rec.avoid == ("all_exercise",)
    assert rec.checklist == ()  # what to do now is on the card, per sign; no tips beside it


def test_most_urgent_red_flag_sets_the_urgency():
    rec = assess(make(red_flags=frozenset({"joint_or_bone_pain", "dark_urine"})))
    assert rec.urgency == "same_day"
    rec = assess(make(red_flags=frozenset({"dark_urine", "cardiac_symptoms"})))
    assert rec.urgency == "emergency"
    assert fired(rec) == {"RF1", "RF6"}


def test_unknown_red_flag_is_an_error():
    with pytest.raises(ValueError, match="unknown red flags"):
        assess(make(red_flags=frozenset({"sore_elbow"})))


# --- B. Function ---------------------------------------------------------------------


def test_f1_cannot_walk_caps_at_rest():
    rec = assess(make(can_walk_normally=False))
    assert (rec.level, rec.max_minutes, rec.rpe_cap) == (Level.REST, 30, 2)
    assert "F1" in fired(rec)
    assert rec.avoid[0] == "all_running"


def test_unanswered_walking_question_fires_nothing():
    assert "F1" not in fired(assess(make(can_walk_normally=None)))


# --- C. Soreness boundaries: S_max = 3 / 4 / 6 / 7 -----------------------------------


@pytest.mark.parametrize(
    ("score", "level", "rule"),
    [
        (0, Level.AS_PLANNED, None),
        (3, Level.AS_PLANNED, None),  # no recent leg day: S3 needs hours < T_quality
        (4, Level.RECOVERY_RUN, "S2"),
        (6, Level.RECOVERY_RUN, "S2"),
        (7, Level.REST, "S1"),
        (10, Level.REST, "S1"),
    ],
)
def test_soreness_boundaries(score, level, rule):
    rec = assess(make(soreness=sore(hamstrings=score)))
    assert rec.level == level
    if rule:
        assert rule in fired(rec)


def test_s2b_three_groups_at_4_cap_20_minutes():
    rec = assess(make(soreness=sore(quads=4, glutes=4, hamstrings=4)))
    assert (rec.level, rec.max_minutes) == (Level.RECOVERY_RUN, 20)
    assert {"S2", "S2b"} <= fired(rec)
    two = assess(make(soreness=sore(quads=4, glutes=4)))
    assert (two.max_minutes, "S2b" in fired(two)) == (30, False)


@pytest.mark.parametrize(("hours", "level"), [(47.9, Level.EASY_RUN), (48, Level.AS_PLANNED)])
def test_s3_mild_soreness_within_t_quality(hours, level):
    inp = make(
        hours_since_leg=hours,
        leg_rpe=6,
        leg_minutes=40,
        typical_leg_load=300,
        soreness=sore(quads=3),
    )
    # RPE 6 x 40 = 240 < 1.5 x 300 and habitual: not hard, so T_quality = 24 h...
    assert assess(inp).level == (Level.EASY_RUN if hours < 24 else Level.AS_PLANNED)
    # ...while a hard session (RPE 7) moves T_quality to 48 h.
    rec = assess(replace(inp, leg_rpe=7))
    assert rec.level == level
    assert ("S3" in fired(rec)) == (hours < 48)


def test_s3_light_session_t4_limits_only_24_hours():
    light = make(leg_rpe=5, leg_minutes=30, typical_leg_load=300, soreness=sore(quads=2))
    assert assess(replace(light, hours_since_leg=23.9)).level == Level.EASY_RUN
    assert "T4" in fired(assess(replace(light, hours_since_leg=23.9)))
    assert assess(replace(light, hours_since_leg=24)).level == Level.AS_PLANNED


@pytest.mark.parametrize(
    ("quads", "calves", "downhill"), [(3, 3, False), (4, 0, True), (0, 4, True), (0, 0, False)]
)
def test_s4_sore_quads_or_calves_no_downhill(quads, calves, downhill):
    rec = assess(make(soreness=sore(quads=quads, calves=calves)))
    assert ("any_downhill" in rec.avoid) == downhill
    assert ("S4" in fired(rec)) == downhill


def test_s4_applies_even_at_rest():
    rec = assess(make(soreness=sore(quads=8)))
    assert rec.level == Level.REST
    assert "any_downhill" in rec.avoid


# --- D. Time since leg day: 5.9 / 6 / 47.9 / 48 / 71.9 / 72 --------------------------


@pytest.mark.parametrize(("hours", "capped"), [(5.9, True), (6, False)])
def test_t1_within_6_hours_easy_and_40_minutes(hours, capped):
    rec = assess(
        make(
            hours_since_leg=hours,
            leg_rpe=3,
            leg_minutes=20,
            typical_leg_load=200,
            planned_minutes=90,
        )
    )
    assert ("T1" in fired(rec)) == capped
    assert rec.level == (Level.EASY_RUN if capped else Level.AS_PLANNED)
    assert rec.max_minutes == (40 if capped else 90)


@pytest.mark.parametrize(("hours", "level"), [(47.9, Level.EASY_RUN), (48, Level.AS_PLANNED)])
def test_t2_hard_leg_day_48_hours_for_intermediate(hours, level):
    rec = assess(make(hours_since_leg=hours, leg_rpe=8, leg_minutes=60))
    assert rec.level == level
    assert ("T2" in fired(rec)) == (hours < 48)


@pytest.mark.parametrize("fitness", ["novice", "intermediate", "trained"])
@pytest.mark.parametrize(("hours", "capped_if_slow"), [(71.9, True), (72, False)])
def test_t3_novice_or_unaccustomed_72_hours(fitness, hours, capped_if_slow):
    unaccustomed = fitness != "novice"  # a hard session is enough for a novice
    rec = assess(
        make(
            fitness_level=fitness,
            hours_since_leg=hours,
            leg_rpe=5 if unaccustomed else 7,
            leg_minutes=30,
            leg_unaccustomed=unaccustomed,
        )
    )
    assert rec.level == (Level.EASY_RUN if capped_if_slow else Level.AS_PLANNED)
    assert ("T3" in fired(rec)) == capped_if_slow


def test_novice_habitual_hard_session_also_waits_72_hours():
    rec = assess(make(fitness_level="novice", hours_since_leg=60, leg_rpe=8, leg_minutes=45))
    assert "T3" in fired(rec)


@pytest.mark.parametrize(
    ("rpe", "minutes", "typical", "unaccustomed", "hard"),
    [
        (7, 30, None, False, True),  # RPE >= 7
        (6.9, 30, None, False, False),
        (5, 60, 200, False, True),  # 300 >= 1.5 x 200
        (5, 59, 200, False, False),  # 295 < 300
        (4, 20, None, True, True),  # unaccustomed
        (None, 30, None, False, True),  # unknown RPE counts as hard
        (5, None, None, False, True),  # unknown minutes counts as hard
    ],
)
def test_hard_leg_criteria(rpe, minutes, typical, unaccustomed, hard):
    rec = assess(
        make(
            hours_since_leg=30,
            leg_rpe=rpe,
            leg_minutes=minutes,
            typical_leg_load=typical,
            leg_unaccustomed=unaccustomed,
        )
    )
    assert rec.notes["hard_leg"] is hard
    assert (rec.level == Level.EASY_RUN) is hard


def test_no_leg_day_in_7_days_turns_time_rules_off():
    rec = assess(make(hours_since_leg=None, leg_rpe=9, leg_minutes=90, soreness=sore(quads=2)))
    assert not fired(rec) & {"S3", "T1", "T2", "T3", "T4"}
    assert rec.level == Level.AS_PLANNED


# --- E. Wellness ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sleep", "energy", "z", "level", "rules"),
    [
        (3, 3, None, Level.AS_PLANNED, set()),
        (2, 3, None, Level.EASY_RUN, {"W1"}),
        (3, 2, None, Level.EASY_RUN, {"W2"}),
        (3, 3, -1.0, Level.EASY_RUN, {"W3"}),
        (3, 3, -0.99, Level.AS_PLANNED, set()),
        (2, 2, None, Level.RECOVERY_RUN, {"W1", "W2", "W4"}),
        (3, 3, -2.0, Level.RECOVERY_RUN, {"W3", "W4"}),  # <= -2 counts twice
        (1, 1, -3.0, Level.RECOVERY_RUN, {"W1", "W2", "W4"}),  # v3: W3 not beside W1/W2
    ],
)
def test_wellness_flags(sleep, energy, z, level, rules):
    rec = assess(make(sleep_quality=sleep, energy=energy, wellness_z=z))
    assert rec.level == level
    assert fired(rec) & {"W1", "W2", "W3", "W4"} == rules


def test_single_wellness_flag_floors_at_recovery_run():
    rec = assess(make(sleep_quality=1, soreness=sore(quads=5)))  # S2 -> level 2 already
    assert rec.level == Level.RECOVERY_RUN


def test_two_wellness_flags_floor_at_rest():
    rec = assess(make(sleep_quality=1, energy=1, soreness=sore(quads=5)))
    assert rec.level == Level.REST
    rec = assess(make(sleep_quality=1, energy=1, can_walk_normally=False))
    assert rec.level == Level.REST  # never below 1 through wellness


def test_unanswered_wellness_fires_nothing():
    rec = assess(make(sleep_quality=None, energy=None))
    assert not fired(rec) & {"W1", "W2", "W3", "W4"}


# --- F. Load context ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acwr", "level", "minutes", "rule"),
    [
        (1.5, Level.AS_PLANNED, 80, "A2"),
        (1.51, Level.EASY_RUN, 38, "A1"),  # 50 min x 0.75 = 37.5 -> 38
        (1.3, Level.AS_PLANNED, 80, None),
        (1.31, Level.AS_PLANNED, 80, "A2"),
        (0.8, Level.AS_PLANNED, 80, None),
        (0.79, Level.AS_PLANNED, 80, "A2"),
        (None, Level.AS_PLANNED, 80, "A3"),
    ],
)
def test_acwr_rules(acwr, level, minutes, rule):
    rec = assess(make(acwr=acwr, planned_minutes=80))
    assert (rec.level, rec.max_minutes) == (level, minutes)
    assert fired(rec) & {"A1", "A2", "A3"} == ({rule} if rule else set())


def test_a1_scales_the_planned_duration_when_it_is_lower():
    rec = assess(make(acwr=1.6, planned_minutes=40))
    assert rec.max_minutes == 30


# --- G. Caps by level and fitness ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fitness", "recovery", "easy"),
    [("novice", 20, 40), ("intermediate", 30, 50), ("trained", 30, 60)],
)
def test_duration_caps_by_fitness(fitness, recovery, easy):
    assert assess(make(fitness_level=fitness, soreness=sore(quads=5))).max_minutes == recovery
    assert assess(make(fitness_level=fitness, sleep_quality=2)).max_minutes == easy


def test_easy_run_never_longer_than_planned():
    assert assess(make(sleep_quality=2, planned_minutes=35)).max_minutes == 35


def test_rpe_caps_and_avoid_lists_by_level():
    recovery = assess(make(soreness=sore(glutes=5)))
    assert recovery.rpe_cap == 2
    assert {"intervals", "tempo", "hills", "long_run"} <= set(recovery.avoid)
    easy = assess(make(sleep_quality=2))
    assert easy.rpe_cap == 3
    assert {"intervals", "tempo", "long_run_over_60", "races"} <= set(easy.avoid)
    assert "G2" in fired(easy)


# --- Checklist ---------------------------------------------------------------------------


def test_checklist_items():
    rec = assess(
        make(soreness=sore(quads=5), planned_minutes=30, goal="strength", fitness_level="novice")
    )
    assert rec.checklist == (
        "sleep",
        "protein",
        "fluids",
        "carbs",
        "easy_movement",
        "comfort_aids",
        "skip_ice_baths",
        "repeated_bout",
    )
    plain = assess(make(goal="running"))
    assert plain.checklist == ("sleep", "protein", "fluids")


# --- Missing data ---------------------------------------------------------------------------


def test_missing_soreness_counts_as_moderate_after_a_recent_leg_day():
    rec = assess(make(soreness={}, hours_since_leg=30, leg_rpe=5, leg_minutes=40))
    assert rec.level == Level.RECOVERY_RUN
    reasons = " ".join(r.reason for r in rec.fired)
    assert "not answered yet" in next(r.reason for r in rec.fired if r.rule_id == "S2")
    assert "4/10" not in reasons.replace("at 4/10 or more", "")  # no number nobody gave
    assert "S2b" in fired(rec)  # five groups counted at 4


def test_missing_soreness_counts_as_none_without_a_leg_day_this_week():
    rec = assess(make(soreness={}))
    assert rec.level == Level.AS_PLANNED  # not a recovery run for someone who did no legs
    assert not fired(rec) & {"S1", "S2", "S2b", "S4"}


# --- DOMAIN.md §8.7 worked examples ------------------------------------------------------------


def test_worked_example_1_recovery_run():
    rec = assess(
        make(
            hours_since_leg=22,
            leg_rpe=8,
            leg_minutes=60,
            typical_leg_load=420,
            soreness=sore(quads=5, glutes=4, hamstrings=2, calves=2, adductors=1),
            sleep_quality=4,
            energy=3,
            acwr=1.1,
        )
    )
    assert (rec.level, rec.max_minutes, rec.rpe_cap) == (Level.RECOVERY_RUN, 30, 2)
    assert {"S2", "T2", "S4"} <= fired(rec)
    assert "any_downhill" in rec.avoid
    assert rec.checklist == ("sleep", "protein", "fluids", "easy_movement", "comfort_aids")


def test_worked_example_2_as_planned():
    rec = assess(
        make(
            fitness_level="trained",
            hours_since_leg=50,
            leg_rpe=7,
            leg_minutes=60,
            typical_leg_load=400,
            soreness=sore(quads=2, glutes=2),
            planned_minutes=55,
        )
    )
    assert (rec.level, rec.max_minutes) == (Level.AS_PLANNED, 55)
    assert "G1" in fired(rec)
    assert not fired(rec) & {"T2", "S3"}


def test_worked_example_3_novice_short_recovery_run():
    rec = assess(
        make(
            fitness_level="novice",
            leg_unaccustomed=True,
            hours_since_leg=48,
            leg_rpe=6,
            leg_minutes=45,
            soreness=sore(quads=3, calves=3),
            sleep_quality=2,
            energy=4,
            acwr=None,
        )
    )
    assert (rec.level, rec.max_minutes) == (Level.RECOVERY_RUN, 20)
    assert {"T3", "W1"} <= fired(rec)


def test_worked_example_4_dark_urine_see_doctor_today():
    rec = assess(
        make(
            hours_since_leg=40,
            leg_rpe=8,
            leg_minutes=60,
            soreness=sore(quads=8),
            red_flags=frozenset({"dark_urine"}),
        )
    )
    assert (rec.level, rec.urgency) == (Level.SEE_DOCTOR, "same_day")


# --- Thresholds are data -------------------------------------------------------------------------


def test_thresholds_override_changes_the_verdict():
    inp = make(soreness=sore(quads=4))
    assert assess(inp).level == Level.RECOVERY_RUN
    assert (
        assess(inp, Thresholds().with_overrides({"soreness_moderate": 5})).level == Level.AS_PLANNED
    )


def test_every_rule_has_an_evidence_tag_and_topic():
    assert all(info.tag in {"E", "E-inf", "C"} for info in RULES.values())


# --- Properties ---------------------------------------------------------------------------------------

scores = st.integers(min_value=0, max_value=10)
inputs = st.builds(
    ReadinessInput,
    hours_since_leg=st.none() | st.floats(min_value=0, max_value=168),
    leg_rpe=st.none() | st.integers(min_value=0, max_value=10),
    leg_minutes=st.none() | st.integers(min_value=1, max_value=180),
    leg_unaccustomed=st.booleans(),
    typical_leg_load=st.none() | st.floats(min_value=1, max_value=1500),
    soreness=st.fixed_dictionaries({g: st.none() | scores for g in MUSCLE_GROUPS}),
    can_walk_normally=st.none() | st.booleans(),
    sleep_quality=st.none() | st.integers(min_value=1, max_value=5),
    energy=st.none() | st.integers(min_value=1, max_value=5),
    red_flags=st.just(frozenset()),
    fitness_level=st.sampled_from(["novice", "intermediate", "trained"]),
    acwr=st.none() | st.floats(min_value=0, max_value=3),
    wellness_z=st.none() | st.floats(min_value=-4, max_value=4),
    planned_minutes=st.none() | st.integers(min_value=5, max_value=240),
    goal=st.sampled_from([None, "strength", "running", "balanced"]),
)


@given(inputs, st.sets(st.sampled_from(RED_FLAGS), min_size=1).map(frozenset))
def test_property_a_red_flag_always_sees_a_doctor(inp, flags):
    """Every warning sign sends to a doctor; systemic illness alone without moderate soreness
    is no warning sign (I1, contract v3) and is rest or walk only."""
    rec = assess(replace(inp, red_flags=flags))
    worst = max(stages.soreness_scores(inp, readiness.DEFAULT_THRESHOLDS).values())
    if readiness.warning_signs(flags, worst):
        assert rec.level == Level.SEE_DOCTOR
        assert rec.max_minutes == 0
        assert rec.urgency in {"emergency", "same_day", "soon"}
    else:
        assert flags == {"systemic_illness"}
        assert (rec.level, rec.urgency) == (Level.REST, None)


@given(inputs, st.sampled_from(MUSCLE_GROUPS), scores)
def test_property_more_soreness_never_raises_the_level(inp, group, new_score):
    current = inp.soreness[group]
    effective = 4 if current is None else current
    higher = max(effective, new_score)
    worse = replace(inp, soreness={**inp.soreness, group: higher})
    assert assess(worse).level <= assess(inp).level


@given(inputs, st.integers(min_value=1, max_value=5), st.integers(min_value=1, max_value=5))
def test_property_less_sleep_or_energy_never_raises_the_level(inp, sleep, energy):
    """On the absolute answers alone (no z-score). With a fixed z-score v3 is not monotonic by
    design: W3 counts only without W1/W2 (a middling night on a z of -2 is two steps, a poor
    one a single step); the z-score itself falls with the answers it is made of."""
    base = replace(inp, sleep_quality=sleep, energy=energy, wellness_z=None)
    lower_sleep = replace(base, sleep_quality=max(1, sleep - 1))
    lower_energy = replace(base, energy=max(1, energy - 1))
    assert assess(lower_sleep).level <= assess(base).level
    assert assess(lower_energy).level <= assess(base).level


@given(inputs, st.floats(min_value=-4, max_value=4), st.floats(min_value=0, max_value=3))
def test_property_a_lower_z_score_never_raises_the_level(inp, z, drop):
    assert (
        assess(replace(inp, wellness_z=z - drop)).level <= assess(replace(inp, wellness_z=z)).level
    )


@given(inputs, st.integers(min_value=1, max_value=300))
def test_property_a_planned_duration_never_raises_max_minutes(inp, planned):
    unplanned = replace(inp, planned_minutes=None)
    assert (
        assess(replace(unplanned, planned_minutes=planned)).max_minutes
        <= assess(unplanned).max_minutes
    )


@given(inputs)
def test_property_wellness_never_raises_the_level(inp):
    without = replace(inp, sleep_quality=None, energy=None, wellness_z=None)
    assert assess(inp).level <= assess(without).level
