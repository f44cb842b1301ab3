"""Contract v3 in the browser (issue 24): an ordinary illness is a rest day without an alert
(and "Unwell" on the roster), the same illness with sore quads is a red flag that reaches the
coach; a hard leg day logged at 20:00 before a 07:00 interval session shows the conflict and a
fix on tonight's page, and the heads-up email is sent at once by a real worker."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from config.celery import app as celery_app
from recovery.forms import RED_FLAG_QUESTIONS
from recovery.models import Reminder, ReminderKind, ReminderStatus
from recovery.planning import services as plans
from recovery.reminders.services import reminders_dispatch
from tests.e2e.conftest import log_in, tap
from tests.factories import MembershipFactory, StrengthFactory, UserFactory
from tests.recovery.reminders.test_reminders_worker import worker
from tests.stack import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.stack]

GROUPS = ("Quads", "Hamstrings", "Glutes", "Calves", "Adductors")


def _check_in_unwell(page: Page, base: str, quads: str) -> None:
    page.goto(f"{base}/today/")
    page.get_by_role("button", name="None of these apply").click()
    page.get_by_role("button", name="Change these answers").click()
    tap(page, RED_FLAG_QUESTIONS["rf_unwell"], "Yes")
    tap(page, "Can you walk and take stairs normally, without limping?", "Yes")
    for group in GROUPS:
        tap(page, group, quads if group == "Quads" else "1", exact_group=True)
    tap(page, "Sleep quality", "3 OK")
    tap(page, "Energy", "2 tired")
    page.get_by_role("button", name="Get today's advice").click()


def test_unwell_alone_is_rest_without_an_alert_and_with_sore_quads_a_red_flag(
    page: Page, browser, live_server, seeded
):
    base = live_server.url
    coach = MembershipFactory(role=Role.COACH, user=UserFactory(display_name="Coach Kim")).user
    gym = coach.memberships.get().gym
    ada = UserFactory(display_name="Ada", time_zone="UTC")
    ben = UserFactory(display_name="Ben", time_zone="UTC")
    for athlete in (ada, ben):
        MembershipFactory(gym=gym, user=athlete)
        StrengthFactory(
            athlete=athlete,
            started_at=timezone.now() - dt.timedelta(hours=20),
            exercises=["Back squat"],
        )
    celery_app.control.purge()
    with worker(queues=("celery",)):  # the default queue's worker: reminders and alerts
        log_in(page, base, ada.email)
        _check_in_unwell(page, base, quads="2")
        expect(page.locator("#verdict-headline")).to_contain_text("Rest or walk only")
        expect(page.locator('.fired-rule[data-rule="I1"]')).to_contain_text("24 h without fever")
        reminders_dispatch()  # the scan beat runs every minute: nothing to send for Ada
        assert not Reminder.objects.filter(kind=ReminderKind.RED_FLAG_ALERT).exists()

        coach_page = browser.new_context().new_page()
        log_in(coach_page, base, coach.email)
        expect(coach_page.locator("#unread-count")).to_have_count(0)
        coach_page.goto(f"{base}/coach/")
        row = coach_page.locator("tr.roster-row", has_text="Ada")
        expect(row.locator(".flag-badge", has_text="Unwell")).to_be_visible()
        expect(row.locator(".flag-badge", has_text="Red flag")).to_have_count(0)

        ben_page = browser.new_context().new_page()
        log_in(ben_page, base, ben.email)
        _check_in_unwell(ben_page, base, quads="6")
        expect(ben_page.locator("#verdict-headline")).to_contain_text("See a doctor today")
        reminders_dispatch()
        alert = Reminder.objects.get(athlete=ben, kind=ReminderKind.RED_FLAG_ALERT)
        assert wait_until(
            lambda: Reminder.objects.get(pk=alert.pk).status == ReminderStatus.SENT, timeout=60
        ), "no alert for Ben's red flag"
        coach_page.goto(f"{base}/coach/")
        expect(coach_page.locator("#unread-count")).to_contain_text("1")
        coach_page.locator("#notifications-bell").click()
        expect(coach_page.get_by_text("Red flag: Ben answered a warning sign")).to_be_visible()


def test_a_leg_day_logged_at_20_00_warns_tonight_and_sends_the_heads_up_at_once(
    page: Page, live_server, seeded, smtp_server
):
    """The athlete's zone is set so that it is 20:00 there now, whatever the hour here."""
    base = live_server.url
    now = timezone.now()
    offset = (20 - now.hour) % 24  # hours to add to UTC for 20:xx local
    zone = f"Etc/GMT{'-' if offset <= 12 else '+'}{offset if offset <= 12 else 24 - offset}"
    athlete = UserFactory(display_name="Robin", time_zone=zone, remind_in_app=True)
    local = now.astimezone(athlete.tz)
    assert local.hour == 20, (zone, local)
    tomorrow = local.date() + dt.timedelta(days=1)
    plans.planned_run_save(
        athlete=athlete, entered_by=athlete, day=tomorrow, run_type="intervals", minutes=45,
        time=dt.time(7),
    )  # fmt: skip
    celery_app.control.purge()
    with worker(queues=("celery",)):
        log_in(page, base, athlete.email)
        page.goto(f"{base}/training/strength/new/")
        start = (local - dt.timedelta(minutes=50)).strftime("%Y-%m-%dT%H:%M")
        page.locator("#id_started_at").fill(start)
        page.get_by_label("Duration").fill("45")
        page.get_by_label("Session RPE (0–10)").select_option("8")
        page.locator("#id_entries-0-exercise").select_option(label="Back squat")
        page.locator("#id_entries-0-sets").fill("5")
        page.locator("#id_entries-0-reps").fill("5")
        page.get_by_role("button", name="Save session").click()
        expect(page).to_have_url(f"{base}/recovery/tonight/")
        expect(page.locator("#tomorrow-outlook")).to_contain_text("quality running")
        warning = page.locator(".plan-warning")
        expect(warning).to_contain_text("That hard run falls inside your recovery window")
        expect(warning.get_by_role("button").first).to_be_visible()
        heads_up = smtp_server.wait_for(1, timeout=60)[0]
        assert "Heads-up" in heads_up["Subject"]
        assert (
            Reminder.objects.get(athlete=athlete, kind=ReminderKind.PLAN_HEADS_UP).status
            == ReminderStatus.SENT
        )

        warning.get_by_role("button").first.click()  # the first fix (make it easy, or move it)
        expect(page.locator("#no-conflicts")).to_be_visible()
