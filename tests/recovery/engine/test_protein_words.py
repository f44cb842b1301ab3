"""The protein item's numbers add up (issue 26): the meals it names reach the day's range."""

import re

from hypothesis import given
from hypothesis import strategies as st

from recovery.engine.wording import checklist_words


@given(st.floats(25, 350))
def test_the_meals_add_up_to_the_days_range(mass):
    words = checklist_words("protein", mass)
    meal, meals, total, low, high = map(
        int,
        re.search(
            r"about (\d+) g at each of (\d+) meals.* (\d+) g, within the (\d+)–(\d+) g", words
        ).groups(),
    )
    assert meal * meals == total
    assert low <= total <= high
    assert meal >= round(0.25 * mass) - 1  # about 0.25 g/kg a meal at least (DOMAIN [96])
