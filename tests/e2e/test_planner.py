"""Planning the week in the browser: the guard's warning and its "move it" fix, dragging a
plan to another day, and a coach applying a week template to three athletes."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import Role
from recovery.planning import services as plans
from tests.e2e.conftest import log_in
from tests.factories import GymFactory, MembershipFactory, UserFactory
from training.models import PlannedLegDay, PlannedRun

pytestmark = pytest.mark.django_db(transaction=True)


def _next_monday(user) -> dt.date:
    today = user.local_today()
    return today + dt.timedelta(days=7 - today.weekday())


def _column(page: Page, day: dt.date):
    return page.locator(f'section.planner-day[data-date="{day:%Y-%m-%d}"]')


def test_hard_legs_tuesday_intervals_wednesday_warned_and_moved(page: Page, live_server, seeded):
    base = live_server.url
    athlete = UserFactory(time_zone="Europe/London", fitness_level="intermediate")
    monday = _next_monday(athlete)
    tuesday, wednesday, thursday, friday = (monday + dt.timedelta(days=n) for n in (1, 2, 3, 4))
    log_in(page, base, athlete.email)

    page.goto(f"{base}/training/week/?date={monday:%Y-%m-%d}")
    page.get_by_role("link", name="Plan a leg day").click()
    page.get_by_label("Date").fill(f"{tuesday:%Y-%m-%d}")
    page.get_by_label("Hard").check()
    page.get_by_role("button", name="Save plan").click()
    expect(_column(page, tuesday)).to_contain_text("Hard leg day")
    expect(_column(page, wednesday)).to_contain_text("No quality running")

    page.get_by_role("link", name="Plan a run").click()
    page.get_by_label("Date").fill(f"{wednesday:%Y-%m-%d}")
    page.get_by_label("Type").select_option("intervals")
    page.get_by_label("Minutes").fill("50")
    page.get_by_role("button", name="Save plan").click()
    # The reason, with the rule's numbers and its article, before anything is saved.
    warning = page.locator(".plan-warning")
    expect(warning).to_contain_text("That hard run falls inside your recovery window")
    expect(warning).to_contain_text("waits 48 hours after it")
    expect(warning.get_by_role("link", name="Why?")).to_have_attribute(
        "href", "/guidance/timing-after-leg-day/"
    )
    assert not PlannedRun.objects.exists()
    page.get_by_role("button", name="Keep it as planned").click()

    # The planner shows the warning on Wednesday, with its fixes.
    wednesday_column = _column(page, wednesday)
    expect(wednesday_column.locator(".plan-warning")).to_contain_text("inside your recovery window")
    page.evaluate("window.__sameDocument = true")
    move = wednesday_column.get_by_role("button", name=f"Move the run to {friday:%a} {friday.day}")
    move.click()
    expect(_column(page, friday)).to_contain_text("Intervals run, 50 min")
    expect(page.locator(".plan-warning")).to_have_count(0)
    assert page.evaluate("window.__sameDocument === true")  # swapped in place by htmx
    run = PlannedRun.objects.get()
    assert (run.date, run.run_type, run.inside_recovery_window) == (friday, "intervals", False)
    expect(_column(page, thursday)).to_contain_text("Quality running from 19:00")

    # Drag it back onto Thursday: inside the window again, and warned.
    _column(page, friday).locator(".planner-plan").drag_to(
        _column(page, thursday),
        source_position={"x": 8, "y": 8},  # on the label, not the picker
    )
    expect(_column(page, thursday)).to_contain_text("Intervals run, 50 min")
    expect(_column(page, thursday).locator(".plan-warning")).to_be_visible()
    run.refresh_from_db()
    assert (run.date, run.inside_recovery_window) == (thursday, True)


def test_coach_applies_a_template_to_three_athletes_and_sees_their_conflicts(
    browser: Browser, live_server, seeded
):
    base = live_server.url
    gym = GymFactory(name="Iron & Miles")
    coach = MembershipFactory(gym=gym, role=Role.COACH, user__time_zone="Europe/London").user
    athletes = [
        MembershipFactory(
            gym=gym,
            role=Role.ATHLETE,
            user__display_name=name,
            user__time_zone="Europe/London",
            user__fitness_level=level,
        ).user
        for name, level in [("Ada", "intermediate"), ("Ben", "trained"), ("Cy", "novice")]
    ]
    ada, ben, cy = athletes
    monday = _next_monday(coach)
    saturday, sunday = monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
    plans.planned_leg_day_save(
        athlete=ada, entered_by=ada, day=saturday, intensity="hard", time=dt.time(18)
    )
    plans.planned_run_save(athlete=ben, entered_by=ben, day=sunday, run_type="easy", minutes=30)

    page = browser.new_context().new_page()
    log_in(page, base, coach.email)
    page.get_by_role("link", name="Week templates").click()
    page.get_by_label("Name").fill("Two legs, three runs")
    page.get_by_role("combobox", name="Leg days").select_option("2")
    page.get_by_role("combobox", name=re.compile(r"^Runs")).select_option("3")
    page.get_by_label("Of the runs, key sessions").select_option("1")
    page.get_by_label("A long run fixed on").select_option("Sunday")
    page.get_by_role("button", name="Save template").click()

    expect(page.get_by_role("heading", name="Apply “Two legs, three runs”")).to_be_visible()
    page.get_by_label("Week of").select_option(f"{monday:%Y-%m-%d}")
    for athlete in athletes:
        page.get_by_label(athlete.name).check()
    page.get_by_role("button", name="Check conflicts").click()

    cards = {a.name: page.locator(f'.apply-athlete[data-athlete="{a.pk}"]') for a in athletes}
    expect(cards["Ada"]).to_contain_text("Conflicts")
    expect(cards["Ada"].locator(".plan-warning")).to_contain_text(
        "inside your recovery window"
    )  # her Saturday leg day, then the template's Sunday long run
    expect(cards["Ben"]).to_contain_text("Replaces: Easy run, 30 min")
    expect(cards["Cy"]).to_contain_text("No conflicts")
    for card in cards.values():
        expect(card).to_contain_text("Sun 07:00 long run")
    assert not PlannedLegDay.objects.filter(athlete__in=[ben, cy]).exists()  # nothing saved yet

    page.get_by_role("button", name="Save for the athletes ticked").click()
    expect(page.get_by_text("Saved “Two legs, three runs” for 3 athlete(s).")).to_be_visible()
    for athlete in athletes:
        week = (monday, sunday)
        assert PlannedRun.objects.filter(athlete=athlete, date__range=week).count() == 3
        assert PlannedLegDay.objects.filter(athlete=athlete, date__range=week).count() >= 2
