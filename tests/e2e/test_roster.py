"""The demo coach's roster turns a row red, and moves it to the top, after a red-flag check-in."""

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import load_demo_data, log_in, rate_soreness, tap

pytestmark = pytest.mark.django_db(transaction=True)


def test_red_flag_check_in_turns_the_row_red_within_one_refresh(
    browser: Browser, live_server, seeded, settings
):
    load_demo_data(settings)
    settings.ROSTER_REFRESH_SECONDS = 2
    base = live_server.url
    password = settings.DEMO_PASSWORD

    coach = browser.new_context().new_page()
    log_in(coach, base, "coach@example.com", password)
    expect(coach).to_have_url(f"{base}/coach/")
    rows = coach.locator("tr.roster-row")
    expect(rows).to_have_count(4)
    lights = {rows.nth(i).get_attribute("data-light") for i in range(4)}
    assert lights == {"red", "amber", "green", "grey"}
    alex = coach.locator("tr.roster-row", has_text="Alex")
    expect(alex).to_have_attribute("data-light", "grey")
    expect(rows.first).not_to_contain_text("Alex")
    coach.evaluate("window.__sameDocument = true")

    athlete = browser.new_context().new_page()
    log_in(athlete, base, "athlete@example.com", password)
    athlete.get_by_role("button", name="None of these apply").click()
    athlete.get_by_role("button", name="Change these answers").click()
    tap(athlete, "Since your workout, is your urine dark", "Yes")
    tap(athlete, "Can you walk and take stairs normally", "Yes")
    rate_soreness(athlete, "2")
    tap(athlete, "Sleep quality", "3 OK")
    tap(athlete, "Energy", "3 OK")
    athlete.get_by_role("button", name="Get today's advice").click()
    expect(athlete.locator("#verdict-headline")).to_have_text("See a doctor today")

    # The roster refreshes itself (HTMX, no reload): Alex's row is red, first, with its badge.
    expect(rows.first).to_contain_text("Alex", timeout=10_000)
    expect(rows.first).to_have_attribute("data-light", "red")
    expect(rows.first.locator(".flag-badge")).to_contain_text(["Red flag answered"])
    assert coach.evaluate("window.__sameDocument === true")
