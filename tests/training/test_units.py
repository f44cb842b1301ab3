"""Times since, as a person says them."""

import pytest

from training import units


@pytest.mark.parametrize(
    ("hours", "words"),
    [(None, "—"), (-0.2, "0 h"), (20.4, "20 h"), (47.4, "47 h"), (48, "2 days"), (290, "12 days")],
)
def test_hours_since_are_said_in_days_beyond_two_days(hours, words):
    assert units.hours_since_words(hours) == words
