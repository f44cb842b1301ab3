"""A coach's prescription in the browser (issue 28): back squat 5 x 5 @ RPE 8 and RDL 3 x 8 @
70 kg for an athlete's Wednesday; the athlete's planner shows it and warns Thursday morning's
intervals because the prescription is hard; on Wednesday the athlete logs it with one tap and
changes one row's load; the coach sees done vs prescribed (the session, and the roster's week)."""

import datetime as dt
import zoneinfo

import pytest
from playwright.sync_api import Browser, expect

from accounts.models import Role
from recovery.planning import services as plans
from tests.e2e.conftest import log_in
from tests.factories import GymFactory, MembershipFactory, StrengthFactory
from training.models import Session

pytestmark = pytest.mark.django_db(transaction=True)
LONDON = zoneinfo.ZoneInfo("Europe/London")
TUESDAY = dt.datetime(2026, 11, 17, 10, 0, tzinfo=LONDON)


def test_a_coach_prescribes_the_athlete_logs_it_in_one_tap_the_coach_sees_it_done(
    browser: Browser, live_server, seeded, time_machine
):
    time_machine.move_to(TUESDAY, tick=True)
    base = live_server.url
    gym = GymFactory(name="Barbell & Trail")
    coach = MembershipFactory(gym=gym, role=Role.COACH, user__time_zone="Europe/London").user
    athlete = MembershipFactory(
        gym=gym,
        user__display_name="Ada",
        user__time_zone="Europe/London",
        user__fitness_level="intermediate",
    ).user
    for weeks in range(1, 6):  # habitual: squats and RDLs every week
        StrengthFactory(
            athlete=athlete,
            started_at=TUESDAY - dt.timedelta(weeks=weeks),
            rpe=6,
            duration_s=45 * 60,
            exercises=["Back squat", "Romanian deadlift"],
        )
    wednesday, thursday = (TUESDAY.date() + dt.timedelta(days=n) for n in (1, 2))
    plans.planned_run_save(
        athlete=athlete,
        entered_by=athlete,
        day=thursday,
        time=dt.time(7),
        run_type="intervals",
        minutes=45,
    )

    coach_page = browser.new_context().new_page()
    log_in(coach_page, base, coach.email)
    coach_page.goto(f"{base}/coach/athletes/{athlete.pk}/week/?date={wednesday:%Y-%m-%d}")
    coach_page.get_by_role("link", name="Plan a leg day").click()
    coach_page.get_by_label("Date").fill(f"{wednesday:%Y-%m-%d}")
    coach_page.get_by_label("Time of day (optional)").fill("18:00")
    coach_page.get_by_label("Light").check()
    rows = [("Back squat", "5", "5", "rpe", "8"), ("Romanian deadlift", "3", "8", "kg", "70")]
    for n, (exercise, sets, reps, kind, load) in enumerate(rows):
        coach_page.locator(f'[name="rows-{n}-exercise"]').select_option(label=exercise)
        coach_page.locator(f'[name="rows-{n}-sets"]').fill(sets)
        coach_page.locator(f'[name="rows-{n}-reps"]').fill(reps)
        coach_page.locator(f'[name="rows-{n}-load_kind"]').select_option(kind)
        coach_page.locator(f'[name="rows-{n}-load"]').fill(load)
    coach_page.get_by_role("button", name="Save plan").click()
    # Hard by its prescription (RPE 8), though "How hard" says light:
    # the intervals on Thursday morning fall inside its window, said before it is saved.
    expect(coach_page.locator(".plan-warning")).to_contain_text("comes too soon before a key run")
    expect(coach_page.locator(".plan-warning")).to_contain_text("hard leg day (8 sets at RPE 8)")
    coach_page.get_by_role("button", name="Keep it as planned").click()

    ada = browser.new_context().new_page()
    log_in(ada, base, athlete.email)
    ada.goto(f"{base}/training/week/?date={wednesday:%Y-%m-%d}")
    column = ada.locator(f'section.planner-day[data-date="{wednesday:%Y-%m-%d}"]')
    expect(column).to_contain_text("Hard leg day, prescribed")
    expect(column).to_contain_text("Hard because: RPE 8 (its target effort")
    expect(column).to_contain_text("Back squat 5 × 5 @ RPE 8")
    expect(column).to_contain_text("Romanian deadlift 3 × 8 @ 70 kg")
    expect(column.get_by_role("link", name="Log as prescribed")).to_have_count(0)  # not yet
    thursday_column = ada.locator(f'section.planner-day[data-date="{thursday:%Y-%m-%d}"]')
    expect(thursday_column.locator(".plan-warning")).to_contain_text("recovery window")

    time_machine.move_to(dt.datetime.combine(wednesday, dt.time(19, 15), LONDON), tick=True)
    ada.goto(f"{base}/training/week/?date={wednesday:%Y-%m-%d}")
    column.get_by_role("link", name="Log as prescribed").click()  # the one tap
    expect(ada.locator("#as-prescribed")).to_contain_text("by ")
    rdl_load = ada.locator('[name="entries-1-load"]')
    expect(rdl_load).to_have_value("70.0")
    rdl_load.fill("65")
    ada.get_by_role("button", name="Save session").click()
    expect(ada.locator("body")).to_contain_text("Strength logged")
    session = Session.objects.get(athlete=athlete, prescription__isnull=False)
    assert [(e.exercise.name, e.load_kg) for e in session.entries.order_by("position")] == [
        ("Back squat", None),
        ("Romanian deadlift", 65.0),
    ]

    coach_page.goto(f"{base}/coach/athletes/{athlete.pk}/")
    coach_page.locator(f'a[href="/training/{session.pk}/"]').first.click()
    versus = coach_page.locator("#done-vs-prescribed")
    expect(versus).to_contain_text("8 of 8 sets")
    expect(versus.locator("tr", has_text="Romanian deadlift")).to_contain_text("Differs")
    expect(versus.locator("tr", has_text="Romanian deadlift")).to_contain_text("3 × 8 at 65 kg")
    expect(versus.locator("tr", has_text="Back squat")).not_to_contain_text("Differs")
    coach_page.goto(f"{base}/coach/")
    row = coach_page.locator("tr.roster-row", has_text="Ada")
    expect(row.locator(".roster-compliance")).to_contain_text("1 logged as prescribed")
