"""A newcomer signs up, verifies their email from the real message, logs in and sets reminders."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_verify_log_in_and_save_settings(page: Page, live_server, smtp_server):
    base = live_server.url
    email, password = "newrunner@example.com", "squats-then-strides-42"

    page.goto(f"{base}/")
    page.get_by_role("link", name="Sign up free").click()
    page.get_by_label("Email").fill(email)
    page.locator("#id_password1").fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_text("Verify Your Email Address")).to_be_visible()

    # The verification link comes from the real message the SMTP server received.
    message = smtp_server.wait_for(1)[0]
    assert message["To"] == email
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body).group(0)
    assert link.startswith(base)
    assert body.startswith("Hello from RunReady")
    assert "has given your email address" not in body

    page.goto(link)  # one tap: the link confirms, no second "Confirm" page
    # First-run setup: straight after confirming, and again at sign-in until it is done.
    expect(page).to_have_url(f"{base}/onboarding/")
    page.get_by_role("button", name="Sign out").click()
    log_in(page, base, email, password)
    expect(page).to_have_url(f"{base}/onboarding/")
    page.get_by_text("Running first").click()
    page.get_by_role("button", name="Save and start").click()
    expect(page.get_by_text("All set.")).to_be_visible()
    assert User.objects.get(email=email).goal == "running"
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Sign in")).to_be_visible()

    log_in(page, base, email, password)
    expect(page).to_have_url(f"{base}/today/")

    page.get_by_role("link", name="Settings").click()
    # Bad values: errors next to the fields, and nothing saved (not even the good ones).
    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    page.get_by_label("Body mass (kg)").fill("5")
    page.get_by_label("Display name").fill("!!!")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("#error_1_id_body_mass_kg")).to_contain_text("greater than or equal to 25")
    expect(page.locator("#error_1_id_display_name")).to_contain_text("at least one letter")
    page.goto(f"{base}/accounts/settings/")
    expect(page.get_by_label("Time zone")).to_have_value("UTC")

    page.get_by_label("Display name").fill("New Runner")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_label("Reminder time").fill("06:30")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()

    page.reload()
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")
    expect(page.get_by_label("Reminder time")).to_have_value("06:30")
    user = User.objects.get(email=email)
    assert (user.time_zone, user.reminder_time.strftime("%H:%M")) == ("Europe/Berlin", "06:30")
