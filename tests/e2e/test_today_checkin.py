"""DOMAIN.md §8.7 worked example 1 through the Today page, then a red flag."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from recovery.forms import RED_FLAG_QUESTIONS
from tests.e2e.conftest import log_in, tap
from tests.factories import StrengthFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_worked_example_1_then_dark_urine(page: Page, live_server, seeded):
    base = live_server.url
    athlete = UserFactory(fitness_level="intermediate")
    now = timezone.now()
    # Habitual heavy squats/RDLs: a similar leg day a week ago, then RPE 8 x 60 min ending 22 h ago.
    StrengthFactory(
        athlete=athlete,
        started_at=now - dt.timedelta(days=7),
        rpe=7,
        duration_s=3600,
        exercises=["Back squat", "Romanian deadlift"],
    )
    StrengthFactory(
        athlete=athlete,
        started_at=now - dt.timedelta(hours=23),
        rpe=8,
        duration_s=3600,
        exercises=["Back squat", "Romanian deadlift"],
    )
    log_in(page, base, athlete.email)
    expect(page).to_have_url(f"{base}/today/")
    page.evaluate("window.__sameDocument = true")

    page.get_by_role("button", name="None of these apply").click()
    expect(page.locator("#red-flags")).to_be_hidden()
    expect(page.locator("#red-flags-summary")).to_contain_text("None of the warning signs apply")
    for question in RED_FLAG_QUESTIONS.values():
        expect(
            page.get_by_role("group", name=question, include_hidden=True).get_by_role(
                "radio", name="No", exact=True, include_hidden=True
            )
        ).to_be_checked()
    tap(page, "Can you walk and take stairs normally, without limping?", "Yes")
    for group, score in [
        ("Quads", "5"),
        ("Hamstrings", "2"),
        ("Glutes", "4"),
        ("Calves", "2"),
        ("Adductors", "1"),
    ]:
        tap(page, group, score, exact_group=True)
    tap(page, "Sleep quality", "4 good")
    tap(page, "Energy", "3 OK")
    page.get_by_role("button", name="Get today's advice").click()

    expect(page.locator("#verdict-headline")).to_have_text("Short recovery run — up to 30 min")
    assert page.evaluate("window.__sameDocument === true")  # swapped in by HTMX, no reload
    expect(page.locator("#verdict-detail")).to_contain_text("effort 2 of 10 or less")
    expect(page.locator("#avoid")).to_contain_text("any downhill")
    why = page.locator("#why")
    for rule in ("S2", "T2", "S4"):
        expect(why.locator(f'[data-rule="{rule}"]')).to_be_visible()
    expect(why).to_contain_text("Moderate soreness")
    expect(page.locator("#checklist")).to_contain_text("Sleep a full night")

    page.get_by_role("link", name="Change today's check-in").click()
    tap(page, RED_FLAG_QUESTIONS["rf_dark_urine"], "Yes")
    page.get_by_role("button", name="Get today's advice").click()
    expect(page.locator("#verdict-headline")).to_have_text("See a doctor today")
    expect(page.locator("#verdict")).to_contain_text("does not diagnose")
    expect(page.locator("#verdict-detail")).to_contain_text("CK blood test")
