"""An athlete logs a leg day (exercise rows added with HTMX) and a run in miles, then sees both."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import DistanceUnit, WeightUnit
from tests.e2e.conftest import log_in
from tests.factories import UserFactory
from training.models import Session

pytestmark = pytest.mark.django_db(transaction=True)


def test_log_leg_day_with_htmx_rows_and_a_run_in_miles(page: Page, live_server, seeded):
    base = live_server.url
    athlete = UserFactory(distance_unit=DistanceUnit.MI, weight_unit=WeightUnit.LB)
    log_in(page, base, athlete.email)

    page.goto(f"{base}/training/strength/new/")
    page.get_by_label("Duration").fill("60")
    page.get_by_label("Session RPE (0–10)").select_option("8")
    # Mark the document: a full page load between the row additions would wipe it.
    page.evaluate("window.__sameDocument = true")
    for _ in range(3):
        page.get_by_role("button", name="+ Add exercise").click()
    expect(page.locator(".entry-row")).to_have_count(4)
    assert page.evaluate("window.__sameDocument === true")
    page.get_by_role("button", name="Remove exercise row 1").click()  # the initial blank row
    expect(page.locator(".entry-row")).to_have_count(3)
    rows = [
        ("Back squat", "5", "5", "225"),
        ("Romanian deadlift", "3", "8", "135"),
        ("Plank", "3", "1", ""),
    ]
    for index, (exercise, sets, reps, load) in enumerate(rows, start=1):
        page.locator(f"#id_entries-{index}-exercise").select_option(label=exercise)
        page.locator(f"#id_entries-{index}-sets").fill(sets)
        page.locator(f"#id_entries-{index}-reps").fill(reps)
        page.locator(f"#id_entries-{index}-load").fill(load)
    assert page.evaluate("window.__sameDocument === true")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Strength logged.")).to_be_visible()
    # A leg day lands on tonight's recovery checklist and when tomorrow's reminder comes.
    expect(page.get_by_role("heading", name="Tonight, after leg day")).to_be_visible()
    expect(page.locator("#checklist")).to_contain_text("Sleep a full night")
    expect(page.locator("#next-reminder")).to_be_visible()
    page.goto(f"{base}{Session.objects.get(athlete=athlete, kind='strength').get_absolute_url()}")
    expect(page.get_by_role("heading", name="Leg day")).to_be_visible()
    expect(page.locator("#session-load")).to_have_text("480")  # RPE 8 x 60 min
    expect(page.get_by_role("cell", name="225 lb")).to_be_visible()

    page.goto(f"{base}/training/runs/new/")
    page.get_by_label("Distance (mi)").fill("5")
    page.get_by_label("Duration").fill("45:00")
    page.get_by_label("Type").select_option("easy")
    page.get_by_label("Session RPE (0–10)").select_option("3")
    page.get_by_label("Heavy").check()
    page.get_by_role("button", name="Save run").click()
    expect(page.get_by_text("Run logged.")).to_be_visible()
    expect(page.locator("#session-pace")).to_have_text("9:00 /mi")

    page.get_by_role("navigation").get_by_role("link", name="Training").click()
    rows = page.locator(".session-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("5.00 mi in 45:00 · 9:00 /mi")
    expect(rows.nth(0)).to_contain_text("load 135")  # RPE 3 x 45 min
    expect(rows.nth(1)).to_contain_text("Leg day")
    expect(rows.nth(1)).to_contain_text("Back squat, Romanian deadlift, Plank")
    expect(rows.nth(1)).to_contain_text("load 480")

    leg_day = Session.objects.get(athlete=athlete, kind="strength")
    assert leg_day.is_leg_day
    assert [e.exercise.name for e in leg_day.entries.order_by("position")] == [
        "Back squat",
        "Romanian deadlift",
        "Plank",
    ]
    assert leg_day.entries.get(exercise__name="Back squat").load_kg == pytest.approx(
        102.058, abs=0.01
    )
    run = Session.objects.get(athlete=athlete, kind="run")
    assert run.distance_m == pytest.approx(8046.72)
