"""Two-factor authentication for staff (issue 14): a coach enrols an authenticator app, signs
out, and signs in with password and code; without the code nothing of the staff area or the
admin is reachable."""

import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.stack import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

PERIOD = 5  # seconds per code here, so the test waits for a fresh one briefly


def _password_step(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def _fresh_code(totp: pyotp.TOTP, used: set[str]) -> str:
    """A code not used before, taken early in its window so it is still valid when posted
    (the server allows no drift, and codes may be used once)."""
    assert wait_until(
        lambda: totp.now() not in used and time.time() % PERIOD < PERIOD / 3,
        timeout=PERIOD * 4,
    )
    code = totp.now()
    used.add(code)
    return code


def test_a_coach_enrols_totp_and_then_needs_the_code(page: Page, live_server, settings):
    settings.MFA_REQUIRED = True
    settings.MFA_TOTP_PERIOD = PERIOD
    base = live_server.url
    coach = MembershipFactory(role=Role.COACH).user

    _password_step(page, base, coach.email)
    page.goto(f"{base}/coach/")  # nothing else first: enrolling (after confirming the password)
    expect(page).to_have_url(
        f"{base}/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(f"{base}/accounts/2fa/totp/activate/")

    secret = page.locator("#authenticator_secret").input_value()
    totp, used = pyotp.TOTP(secret, interval=PERIOD), set()
    page.get_by_label("Authenticator code").fill(_fresh_code(totp, used))
    page.get_by_role("button", name="Activate").click()
    expect(page).not_to_have_url(f"{base}/accounts/2fa/totp/activate/")
    page.goto(f"{base}/coach/")
    expect(page.get_by_role("heading", name="Your athletes today")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    _password_step(page, base, coach.email)
    expect(page.get_by_role("textbox", name="Code")).to_be_visible()  # the password is not enough
    page.goto(f"{base}/coach/")  # not signed in yet: back to the code, no roster
    expect(page).to_have_url(f"{base}/accounts/2fa/authenticate/")
    expect(page.get_by_role("heading", name="Your athletes today")).to_have_count(0)
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(f"{base}/accounts/2fa/authenticate/")

    page.goto(f"{base}/accounts/login/")  # the pending sign-in asks for the code, nothing else
    page.get_by_role("textbox", name="Code").fill(_fresh_code(totp, used))
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{base}/coach/")
    expect(page.get_by_role("heading", name="Your athletes today")).to_be_visible()


def test_the_admin_login_is_allauths_and_asks_a_superuser_to_enrol(
    page: Page, live_server, settings
):
    settings.MFA_REQUIRED = True
    base = live_server.url
    admin = UserFactory(is_staff=True, is_superuser=True)
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(f"{base}/accounts/login/?next=%2Fadmin%2F")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(
        f"{base}/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
