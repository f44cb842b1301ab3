"""A newcomer's first day (issue 26): sign up, confirm by the emailed link in one tap, give a
first name, see the day-one state, log a first leg day (the exercise found by search), log
the next one by "repeat last session" in three taps, log a run, and see Today say it's done."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from training.models import Session

pytestmark = pytest.mark.django_db(transaction=True)
ZONE = "Europe/Berlin"


def test_first_day_from_sign_up_to_a_run_done(browser: Browser, live_server, smtp_server, seeded):
    base = live_server.url
    page = browser.new_context(timezone_id=ZONE).new_page()
    page.goto(f"{base}/")
    expect(page.locator("#example #verdict")).to_be_visible()  # the landing page's example
    page.get_by_role("link", name="Sign up free").click()
    page.get_by_label("Email").fill("ingrid@example.com")
    page.locator("#id_password1").fill("squats-then-strides-42")
    page.get_by_label("Password (again)").fill("squats-then-strides-42")
    page.get_by_role("button", name="Sign Up").click()
    body = smtp_server.wait_for(1)[0].get_body(preferencelist=("plain",)).get_content()
    page.goto(re.search(r"https?://\S+/accounts/confirm-email/\S+/", body).group(0))

    expect(page).to_have_url(f"{base}/onboarding/")
    page.get_by_label("Your first name").fill("Ingrid")
    page.get_by_role("button", name="Save and start").click()
    expect(page).to_have_url(f"{base}/today/")
    expect(page.get_by_role("heading", name="Hello, Ingrid")).to_be_visible()
    # Day one: nothing to judge yet, so no verdict and no warning-sign questions.
    expect(page.get_by_role("heading", name="Log your first leg day")).to_be_visible()
    expect(page.locator("#checkin-form")).to_have_count(0)
    expect(page.get_by_text("As planned")).to_have_count(0)

    # The first leg day, three days ago, its exercise found by typing in the picker.
    page.get_by_role("link", name="Log a leg day").click()
    expect(page.locator("#repeat-last")).to_have_count(0)  # nothing to repeat yet
    started = timezone.now().astimezone(ZoneInfo(ZONE)) - dt.timedelta(days=3)
    page.get_by_label("Start").fill(started.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Duration").fill("50")
    page.get_by_label("Session RPE (0–10)").select_option("7")
    page.get_by_role("searchbox", name="Search exercises").fill("bulgarian")
    expect(page.locator("#id_entries-0-exercise option:checked")).to_have_text(
        "Bulgarian split squat"
    )
    page.locator("#id_entries-0-sets").fill("3")
    page.locator("#id_entries-0-reps").fill("8")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Strength logged.")).to_be_visible()

    # The next leg day: "repeat last session" in three taps from Today.
    page.goto(f"{base}/today/")
    taps = 0
    for locator in (
        page.get_by_role("link", name="Log leg day / strength"),
        page.locator("#repeat-last"),
        page.get_by_role("button", name="Save session"),
    ):
        locator.click()
        taps += 1
    expect(page.get_by_text("Strength logged.")).to_be_visible()
    assert taps == 3
    sessions = Session.objects.filter(kind="strength").order_by("started_at")
    assert [list(s.entries.values_list("exercise__name", "sets", "reps")) for s in sessions] == [
        [("Bulgarian split squat", 3, 8)]
    ] * 2
    assert sessions[1].duration_s == 50 * 60

    # A run, then Today says it is done.
    page.goto(f"{base}/training/runs/new/")
    page.get_by_label("Distance (km)").fill("5")
    page.get_by_label("Duration").fill("30")
    page.get_by_label("Type").select_option("easy")
    page.get_by_label("Session RPE (0–10)").select_option("3")
    page.get_by_label("Fresh").check()
    page.get_by_role("button", name="Save run").click()
    expect(page.get_by_text("Run logged.")).to_be_visible()
    page.goto(f"{base}/today/")
    expect(page.locator(".done-today")).to_contain_text("Done: 30 min easy")
    expect(page.locator("#day-one")).to_have_count(0)
