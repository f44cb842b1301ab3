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
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


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
