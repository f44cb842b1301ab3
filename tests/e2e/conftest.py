import re
from unittest.mock import patch

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


def load_demo_data(settings) -> None:
    """The demo gym as `make run` loads it (debug on, with its opt-in), then debug off."""
    settings.DEBUG = True
    with patch.dict("os.environ", {"RUNREADY_DEMO_DATA": "yes"}):
        call_command("demo_data")
    settings.DEBUG = False


def log_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    # Signed in (on a phone the button is in the folded menu).
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_be_attached()


SORENESS_GROUPS = ("Quads", "Hamstrings", "Glutes", "Calves", "Adductors")


def tap(page: Page, group: str, answer: str, *, exact_group: bool = False) -> None:
    """Tap one answer of a check-in question: the button drawn for its radio. `answer` is
    the radio's whole name ("Yes", "4 good"), or a soreness score ("3")."""
    name = re.compile(rf"^{answer} —") if answer.isdigit() else answer
    radio = page.get_by_role("group", name=group, exact=exact_group).get_by_role(
        "radio", name=name, exact=not answer.isdigit()
    )
    page.locator(f'label[for="{radio.get_attribute("id")}"]').click()


def rate_soreness(page: Page, score: str) -> None:
    for group in SORENESS_GROUPS:
        tap(page, group, score, exact_group=True)


@pytest.fixture(autouse=True)
def _fail_on_csp_violations(request):
    """Pages must work under the Content-Security-Policy: any violation fails the test."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    yield
    assert violations == []
