"""The landing page shows the product (issue 26): a verdict card and a suggested week worked
out live by the engine with the current thresholds, drawn by Today's and the planner's
templates."""

import pytest

from recovery import services
from recovery.engine import readiness, wording
from recovery.example import EXAMPLE_MORNING
from recovery.models import Threshold

pytestmark = pytest.mark.django_db


def _card(page: str) -> str:
    return page[page.index('id="verdict"') : page.index('id="example-week"')]


def test_the_landing_page_shows_a_live_example_verdict_and_week(client):
    page = client.get("/").content.decode()
    result = readiness.assess(EXAMPLE_MORNING)
    headline = wording.verdict(result.level, result.max_minutes, result.rpe_cap, None, None)
    assert headline["headline"] in _card(page)
    assert "Why this advice?" in page
    assert 'class="border-start border-3 ps-2 mb-2 fired-rule"' in page
    assert "Change today&#x27;s check-in" not in page
    assert "data-keep-verdict" not in page
    week = page[page.index('id="example-week"') :]
    assert "Thursday" in week
    assert "Hard leg day" in week
    assert "Why this week" in week


def test_the_example_follows_the_thresholds_the_admins_set(client):
    before = _card(client.get("/").content.decode())
    cap = Threshold.objects.get(key="recovery_minutes")
    cap.value = 25
    services.threshold_save(threshold=cap)
    after = _card(client.get("/").content.decode())
    assert "up to 25 min" in after
    assert before != after
