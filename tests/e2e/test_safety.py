"""The verdict is safe in every path (issue 13): a coach's plan never overrules the body, and a
red flag reaches the gym's staff and stays on the record."""

import datetime as dt

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from config.celery import app as celery_app
from recovery.forms import RED_FLAG_QUESTIONS
from recovery.models import Reminder, ReminderKind, ReminderStatus
from recovery.reminders.services import reminder_send, reminders_dispatch
from tests.e2e.conftest import log_in, rate_soreness, tap
from tests.factories import MembershipFactory, StrengthFactory, UserFactory
from tests.stack import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def _gym():
    coach = MembershipFactory(role=Role.COACH, user=UserFactory(display_name="Coach Kim")).user
    athlete = UserFactory(display_name="Ada", time_zone="UTC")
    MembershipFactory(gym=coach.memberships.get().gym, user=athlete)
    StrengthFactory(
        athlete=athlete,
        started_at=timezone.now() - dt.timedelta(hours=20),
        exercises=["Back squat"],
    )
    return coach, athlete


def _check_in(page: Page, *, walks: str = "Yes", flag: str | None = None) -> None:
    page.get_by_role("button", name="None of these apply").click()
    if flag:
        page.get_by_role("button", name="Change these answers").click()
        tap(page, RED_FLAG_QUESTIONS[flag], "Yes")
    tap(page, "Can you walk and take stairs normally, without limping?", walks)
    rate_soreness(page, "3")
    tap(page, "Sleep quality", "4 good")
    tap(page, "Energy", "4 fresh")
    page.get_by_role("button", name="Get today's advice").click()


def _roster_row(page: Page, base: str):
    page.goto(f"{base}/coach/")
    return page.locator("tr.roster-row", has_text="Ada")


def test_a_coachs_as_planned_does_not_overrule_cant_walk(
    page: Page, browser, live_server, seeded, smtp_server
):
    base = live_server.url
    coach, athlete = _gym()

    log_in(page, base, coach.email)
    page.goto(f"{base}/coach/athletes/{athlete.pk}/")
    advice = page.get_by_role("region", name="Set the advice for a day")
    advice.get_by_role("textbox", name="Day").fill(timezone.now().date().isoformat())
    advice.get_by_label("Prescription").select_option(label="Train as planned")
    advice.get_by_label("Up to (minutes)").fill("60")
    advice.get_by_label("Reason (the athlete sees it)").fill("Race simulation")
    advice.get_by_role("button", name="Save advice").click()
    expect(page.get_by_text("will see your advice")).to_be_visible()

    athlete_page = browser.new_context().new_page()
    log_in(athlete_page, base, athlete.email)
    _check_in(athlete_page, walks="No")
    expect(athlete_page.locator("#verdict-headline")).to_have_text("Rest or walk only")
    coach_call = athlete_page.locator("#coach-call")
    expect(coach_call).to_contain_text("Coach Kim planned full training")
    expect(coach_call).to_contain_text("Race simulation")
    expect(coach_call).to_contain_text("you can't walk normally")

    row = _roster_row(page, base)
    expect(row).to_have_attribute("data-light", "red")
    expect(row).to_contain_text("Rest (coach's plan on hold)")
    page.goto(f"{base}/coach/athletes/{athlete.pk}/")
    expect(page.locator("#athlete-verdict")).to_contain_text("Rest or walk only")
    expect(page.get_by_text("but not today")).to_be_visible()

    due, _ = Reminder.objects.update_or_create(
        athlete=athlete,
        kind=ReminderKind.NEXT_DAY,
        local_date=timezone.now().date(),
        defaults={"due_at": timezone.now() - dt.timedelta(minutes=1), "status": "pending"},
    )
    reminders_dispatch(enqueue=lambda ids: None)
    assert reminder_send(due.pk).sent
    message = smtp_server.wait_for(1)[-1]
    assert "Rest" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Rest or walk only" in body
    assert "Coach Kim planned full training" in body
    assert "you can't walk normally" in body


def test_no_urine_is_an_emergency_the_coach_is_alerted_and_the_flag_stays(
    page: Page, browser, live_server, seeded
):
    base = live_server.url
    coach, athlete = _gym()
    celery_app.control.purge()

    log_in(page, base, athlete.email)
    _check_in(page, flag="rf_no_urine")
    expect(page.locator("#verdict-headline")).to_contain_text("Emergency")
    expect(page.locator("#verdict-detail")).to_contain_text("emergency")
    expect(page.locator("#verdict-detail")).to_contain_text("no urine")

    alert = Reminder.objects.get(athlete=athlete, kind=ReminderKind.RED_FLAG_ALERT)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        reminders_dispatch()  # what beat runs every minute
        assert wait_until(
            lambda: Reminder.objects.get(pk=alert.pk).status == ReminderStatus.SENT, timeout=60
        )
    coach_page = browser.new_context().new_page()
    log_in(coach_page, base, coach.email)
    expect(coach_page.locator("#unread-count")).to_contain_text("1")
    coach_page.locator("#notifications-bell").click()
    expect(coach_page.get_by_text("Red flag: Ada answered a warning sign")).to_be_visible()

    page.goto(f"{base}/checkin/")
    tap(page, RED_FLAG_QUESTIONS["rf_no_urine"], "No")
    page.get_by_role("button", name="Get today's advice").click()
    expect(page.locator("#verdict-headline")).not_to_contain_text("Emergency")
    page.goto(f"{base}/recovery/history/")
    expect(page.locator(".red-flag-trail").first).to_contain_text("no urine")

    row = _roster_row(coach_page, base)
    expect(row).to_contain_text("Red flag answered")
    assert Reminder.objects.filter(athlete=athlete, kind=ReminderKind.RED_FLAG_ALERT).count() == 1
