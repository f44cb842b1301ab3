"""The arithmetic of prescribed strength work (training.strength): Epley both ways, a row's
effort from a target RPE, reps in reserve or a share of 1RM, and a prescription's expected
session RPE and minutes."""

import pytest

from training import strength
from training.strength import Row


def test_epley_estimates_a_1rm_and_reads_back_the_reps():
    assert strength.epley(100, 1) == 100
    assert strength.epley(100, 5) == pytest.approx(116.67, abs=0.01)
    # 100 kg for 5 is 85.7 % of that 1RM: 5 reps possible there, read backwards.
    assert strength.reps_possible(100 * 100 / strength.epley(100, 5)) == pytest.approx(5)
    assert strength.reps_possible(100) == 0


@pytest.mark.parametrize(
    ("row", "rpe"),
    [
        (Row(sets=5, reps=5, load_kind="rpe", load=8), 8),
        (Row(sets=3, reps=8, load_kind="rir", load=2), 8),
        (Row(sets=3, reps=8, load_kind="rir", load=12), 0),  # never below 0
        # 75 % of 1RM: 10 reps possible; 8 of them leaves 2 in reserve.
        (Row(sets=3, reps=8, load_kind="percent", load=75), 8),
        (Row(sets=3, reps=8, load_kind="kg", load=75, one_rm_kg=100), 8),
        (Row(sets=1, reps=12, load_kind="percent", load=90), 10),  # more than possible: 10
        (Row(sets=3, reps=8, load_kind="kg", load=70), None),  # no 1RM known
        (Row(sets=3, reps=None, load_kind="percent", load=50), None),  # a hold
        (Row(sets=3, reps=10, load_kind="none", load=None), None),
    ],
)
def test_a_rows_effort(row, rpe):
    found = strength.row_rpe(row)
    assert found == (None if rpe is None else pytest.approx(rpe))


def test_a_prescriptions_session_rpe_is_its_hardest_rows_and_minutes_count_sets():
    rows = [
        Row(sets=5, reps=5, load_kind="rpe", load=8, eccentric_heavy=True),
        Row(sets=3, reps=8, load_kind="kg", load=70),
        Row(sets=3, reps=10, load_kind="rir", load=3),
    ]
    expected = strength.expected(rows)
    assert expected.rpe == 8
    assert expected.sets == 11
    assert expected.minutes == strength.WARM_UP_MIN + 11 * strength.MINUTES_PER_SET
    assert expected.eccentric
    assert expected.load(fallback_rpe=7) == 8 * expected.minutes
    unsaid = strength.expected([Row(sets=4, reps=8, load_kind="kg", load=60)])
    assert unsaid.rpe is None
    assert unsaid.load(fallback_rpe=7) == 7 * unsaid.minutes


def test_a_rows_weight_from_kilograms_or_a_share_of_1rm():
    assert strength.row_kg(Row(sets=1, reps=5, load_kind="kg", load=80)) == 80
    assert strength.row_kg(Row(1, 5, "percent", 70, one_rm_kg=150)) == pytest.approx(105)
    assert strength.row_kg(Row(1, 5, "percent", 70)) is None
    assert strength.row_kg(Row(1, 5, "rpe", 8, one_rm_kg=150)) is None
