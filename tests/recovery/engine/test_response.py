"""The athlete's own soreness response (issue 25, contract v3's `expected_soreness`): pure code
beside the engine — the windows, the kinds of session, the cautious upper value — checked with
tables, hypothesis properties, and a seeded synthetic cohort against the blanket default."""

import random
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery.engine import response
from recovery.engine.readiness import MUSCLE_GROUPS, Level, assess
from recovery.engine.response import Kind, Observation
from tests.recovery.engine.test_triage import make

HABITUAL = Kind("habitual", eccentric=True)


@pytest.mark.parametrize(
    ("load", "median", "expected"),
    [(300, 480, "light"), (480, 480, "habitual"), (719, 480, "habitual"), (720, 480, "hard"),
     (500, None, "habitual")],
)  # fmt: skip
def test_a_sessions_hardness_is_against_the_athletes_own_median(load, median, expected):
    assert response.hardness(load, median) == expected


@pytest.mark.parametrize(
    ("hours", "window"),
    [(17.9, None), (18, "next_morning"), (30, "next_morning"), (35, None), (40, "day_2"),
     (54, "day_2"), (54.1, None)],
)  # fmt: skip
def test_check_ins_count_only_inside_their_windows(hours, window):
    assert response.window_of(hours) == window


@pytest.mark.parametrize(
    ("scores", "upper"),
    [([1, 2, 3, 4], 3), ([4, 4, 4, 4], 4), ([0, 0, 1, 1, 2], 1), ([0, 0, 0, 0, 4, 4], 4)],
)
def test_the_upper_value_is_the_75th_percentile_by_nearest_rank(scores, upper):
    assert response.upper_quartile(scores) == upper


def _observations(scores, kind=HABITUAL, hours=24.0, group="quads"):
    return [Observation(kind, hours, group, score) for score in scores]


def test_fewer_than_four_comparable_sessions_leave_the_default():
    three = _observations([2, 3, 2])
    assert response.expected(three, HABITUAL, "next_morning") == {}
    other_kind = _observations([5, 5, 5, 5], kind=Kind("hard", eccentric=True))
    assert response.expected(three + other_kind, HABITUAL, "next_morning") == {}
    four = response.expected([*three, *_observations([3])], HABITUAL, "next_morning")
    assert (four["quads"].sessions, four["quads"].median, four["quads"].upper) == (4, 2.5, 3)
    assert response.expected(three + _observations([3], hours=45), HABITUAL, "next_morning") == {}


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=4, max_size=40))
def test_property_the_upper_value_is_cautious_and_within_what_was_seen(scores):
    (found,) = response.expected(_observations(scores), HABITUAL, "next_morning").values()
    assert min(scores) <= found.upper <= max(scores)
    assert found.upper >= found.median
    assert sum(score <= found.upper for score in scores) >= 0.75 * len(scores)


# --- The engine with expected values (contract v3) ---------------------------------------------


def _provisional(expected):
    return assess(
        make(hours_since_leg=20.0, soreness={}, can_walk_normally=None, expected_soreness=expected)
    )


def test_an_athlete_who_is_rarely_sore_gets_an_easy_run_before_the_check_in():
    blanket = _provisional(None)
    own = _provisional(dict.fromkeys(MUSCLE_GROUPS, 2))
    assert blanket.level == Level.RECOVERY_RUN  # every group counts as moderate
    assert own.level == Level.EASY_RUN  # S3 on the athlete's own 2/10, T2 after a hard day
    reason = next(rule.reason for rule in own.fired if rule.rule_id == "S3")
    assert "expected at about 2/10 (from your past sessions)" in reason


def test_an_athlete_who_gets_very_sore_is_told_so_and_rests():
    rec = _provisional({**dict.fromkeys(MUSCLE_GROUPS, 3), "quads": 7})
    assert rec.level == Level.REST
    s1 = next(rule.reason for rule in rec.fired if rule.rule_id == "S1")
    assert "quads is expected at about 7/10" in s1
    s4 = next(rule.reason for rule in rec.fired if rule.rule_id == "S4")
    assert "expected from your past sessions, not answered yet" in s4


def test_the_check_in_always_replaces_the_expected_value():
    answered = assess(
        make(
            hours_since_leg=20.0,
            soreness=dict.fromkeys(MUSCLE_GROUPS, 5),
            expected_soreness=dict.fromkeys(MUSCLE_GROUPS, 1),
        )
    )
    assert answered.level == Level.RECOVERY_RUN
    assert not any("expected" in rule.reason for rule in answered.fired)


# --- A synthetic cohort ---------------------------------------------------------------------


def _cohort(seed: int = 2026):
    """Athletes with known, different next-morning responses: each group's score is drawn
    around the athlete's own typical value (0 to 8) with a spread of up to 2 points."""
    rng = random.Random(seed)
    athletes = []
    for _ in range(40):
        typical = {group: rng.randint(0, 8) for group in MUSCLE_GROUPS}
        spread = rng.choice([0, 1, 2])

        def draw(group, typical=typical, spread=spread):
            return max(0, min(10, typical[group] + rng.randint(-spread, spread)))

        sessions = [{group: draw(group) for group in MUSCLE_GROUPS} for _ in range(16)]
        truth = {g: statistics.median(draw(g) for _ in range(2001)) for g in MUSCLE_GROUPS}
        athletes.append((sessions, truth))
    return athletes


def test_a_synthetic_cohort_is_closer_to_its_own_mornings_than_the_blanket_default(capsys):
    """Eight weeks of two leg days a week: the first twelve sessions teach, the last four are
    held out. The cautious upper value is closer to the true next morning than the blanket 4,
    and below the athlete's true median no more than a quarter of the time."""
    personal_errors, blanket_errors, below, total = [], [], 0, 0
    for sessions, truth in _cohort():
        learnt = [
            Observation(HABITUAL, 24.0, group, morning[group])
            for morning in sessions[:12]
            for group in MUSCLE_GROUPS
        ]
        expected = response.expected_soreness(response.expected(learnt, HABITUAL, "next_morning"))
        for morning in sessions[12:]:
            for group in MUSCLE_GROUPS:
                guess = expected.get(group, 4)
                personal_errors.append(abs(guess - morning[group]))
                blanket_errors.append(abs(4 - morning[group]))
                below += guess < truth[group]
                total += 1
    personal, blanket = statistics.mean(personal_errors), statistics.mean(blanket_errors)
    with capsys.disabled():
        print(
            f"\nsynthetic cohort: mean absolute error {personal:.2f} (own response) vs "
            f"{blanket:.2f} (blanket 4); below the true median {below / total:.1%} of the time"
        )
    assert personal < blanket
    assert below / total <= 0.25
