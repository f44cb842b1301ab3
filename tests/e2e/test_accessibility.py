"""axe-core in Chromium on the main pages: no serious or critical violations; a keyboard-only check-in."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from recovery.planning import services as plans
from tests.e2e.conftest import load_demo_data, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Axe()


def _serious(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def demo(settings, seeded):
    load_demo_data(settings)
    return settings.DEMO_PASSWORD


def _plan_a_conflict(athlete) -> None:
    tomorrow = athlete.local_today() + dt.timedelta(days=1)
    plans.planned_leg_day_save(athlete=athlete, entered_by=athlete, day=tomorrow, intensity="hard")
    plans.planned_run_save(
        athlete=athlete, entered_by=athlete, day=tomorrow + dt.timedelta(days=1),
        run_type="intervals", minutes=45,
    )  # fmt: skip


def test_main_pages_have_no_serious_violations(browser: Browser, live_server, demo):
    base = live_server.url
    problems: list[str] = []
    visitor = browser.new_context().new_page()
    for path in ["/", "/accounts/login/", "/accounts/signup/", "/privacy/", "/terms/"]:
        visitor.goto(base + path)
        problems += _serious(visitor)
    problems += _day_one(browser.new_context(), base)

    alex = User.objects.get(email="athlete@example.com")
    _plan_a_conflict(alex)  # the planner with a warning and its fix buttons
    athlete = browser.new_context().new_page()
    log_in(athlete, base, "athlete@example.com", demo)
    for path in [
        "/today/",
        "/training/week/?date=" + (alex.local_today() + dt.timedelta(days=1)).isoformat(),
        "/training/plan/legs/new/",
        "/training/import/",
        "/training/week/suggest/?leg_days=2&runs=3&key_runs=1&long_run_day=6",
        "/checkin/",
        "/training/strength/new/",
        "/training/strength/new/?repeat=last",
        "/training/runs/new/",
        "/training/",
        "/training/exercises/",
        "/training/exercises/bulgarian-split-squat/",
        "/recovery/history/",
        "/guidance/red-flags/",
        "/accounts/settings/",
        "/notifications/",
    ]:
        athlete.goto(base + path)
        problems += _serious(athlete)

    coach = browser.new_context().new_page()
    log_in(coach, base, "coach@example.com", demo)
    for path in [
        "/coach/",
        f"/coach/athletes/{alex.pk}/",
        f"/coach/athletes/{alex.pk}/week/",
        "/coach/templates/",
    ]:
        coach.goto(base + path)
        problems += _serious(coach)
    assert problems == [], "\n".join(problems)


def test_dark_mode_follows_the_system_and_keeps_its_contrast(browser: Browser, live_server, demo):
    base = live_server.url
    problems: list[str] = []
    visitor = browser.new_context(color_scheme="dark").new_page()
    visitor.goto(base + "/")
    assert visitor.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    problems += _serious(visitor)

    athlete = browser.new_context(color_scheme="dark").new_page()
    log_in(athlete, base, "athlete@example.com", demo)
    _plan_a_conflict(User.objects.get(email="athlete@example.com"))
    for path in [
        "/today/",
        "/checkin/",
        "/training/",
        "/training/week/",
        "/training/strength/new/?repeat=last",
        "/recovery/history/",
        "/accounts/settings/",
        "/offline/",
    ]:
        athlete.goto(base + path)
        assert athlete.evaluate("document.documentElement.dataset.bsTheme") == "dark"
        problems += _serious(athlete)

    coach = browser.new_context(
        color_scheme="dark", viewport={"width": 360, "height": 780}
    ).new_page()
    log_in(coach, base, "coach@example.com", demo)
    for path in ["/coach/", f"/coach/athletes/{User.objects.get(email='athlete@example.com').pk}/"]:
        coach.goto(base + path)
        problems += _serious(coach)
    problems += _day_one(browser.new_context(color_scheme="dark"), base)
    assert problems == [], "\n".join(problems)


def _day_one(context, base: str) -> list[str]:
    """A newcomer's Today (day one) and onboarding."""
    newcomer = UserFactory(onboarded_at=None)
    page = context.new_page()
    log_in(page, base, newcomer.email)
    page.goto(base + "/onboarding/")
    problems = _serious(page)
    page.get_by_role("button", name="Save and start").click()
    page.wait_for_url(base + "/today/")
    assert page.locator("#day-one").count() == 1
    return problems + _serious(page)


def test_keyboard_only_check_in(page: Page, live_server, demo):
    base = live_server.url
    log_in(page, base, "athlete@example.com", demo)
    page.goto(base + "/today/")
    page.locator("[data-answer-all]").focus()
    page.keyboard.press("Enter")  # "None of these apply": the block folds, focus moves on
    expect(page.locator("#id_can_walk_normally_0")).to_be_focused()
    page.keyboard.press("Space")
    # Walk the form with Tab only; answer each row of buttons (radios) with the arrow keys.
    for group in ("quads", "hamstrings", "glutes", "calves", "adductors"):
        page.keyboard.press("Tab")
        expect(page.locator(f"#id_{group}_0")).to_be_focused()
        page.keyboard.press("ArrowRight")  # 1
        expect(page.locator(f"#id_{group}_1")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("#id_sleep_quality_0")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # 4 good
    page.keyboard.press("Tab")
    expect(page.locator("#id_energy_0")).to_be_focused()
    for _ in range(2):
        page.keyboard.press("ArrowRight")  # 3 OK
    page.keyboard.press("Tab")  # the note
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Get today's advice")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#verdict-headline")).to_be_visible()
    expect(page.locator("#verdict-headline")).not_to_contain_text("See a doctor")
