"""Outcomes in the browser (issue 25): an athlete with six hard leg days and their check-ins
gets a provisional card and a reminder email naming the soreness their own mornings showed,
unlike a new athlete's; a 60-minute interval run on a "recovery run, up to 20 min" day shows
its deviation on the run, as the roster flag and on Today the next morning; the managers'
page counts the day."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from config.celery import app as celery_app
from recovery import services
from recovery.models import Reminder, ReminderStatus
from recovery.reminders.services import reminders_dispatch
from tests.e2e.conftest import log_in
from tests.factories import (
    GymFactory,
    MembershipFactory,
    StrengthFactory,
    UserFactory,
    checkin_answers,
    override,
)
from tests.recovery.reminders.test_reminders_worker import worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.stack]


def _zone_at_eight(now: dt.datetime) -> str:
    """A fixed-offset zone where it is 08:xx now, whatever the hour here."""
    offset = (8 - now.hour) % 24
    return f"Etc/GMT{'-' if offset <= 12 else '+'}{offset if offset <= 12 else 24 - offset}"


def _hard_leg_day_ending(athlete, ends: dt.datetime) -> None:
    StrengthFactory(
        athlete=athlete, started_at=ends - dt.timedelta(hours=1), duration_s=3600, rpe=8,
        exercises=["Back squat"],
    )  # fmt: skip


def _due_now(athlete, now: dt.datetime) -> None:
    Reminder.objects.update_or_create(
        athlete=athlete,
        kind="next_day",
        local_date=now.astimezone(athlete.tz).date(),
        defaults={"due_at": now - dt.timedelta(minutes=1), "status": ReminderStatus.PENDING},
    )


def test_the_advice_learns_and_each_run_meets_it(
    page: Page, browser, live_server, seeded, smtp_server, time_machine
):
    base = live_server.url
    now = timezone.now()
    zone = _zone_at_eight(now)
    gym = GymFactory(name="Outcome Gym")
    manager = MembershipFactory(gym=gym, role=Role.MANAGER).user
    coach = MembershipFactory(gym=gym, role=Role.COACH).user
    ada = MembershipFactory(gym=gym, user=UserFactory(display_name="Ada", time_zone=zone)).user
    newcomer = MembershipFactory(gym=gym, user=UserFactory(display_name="Nia", time_zone=zone)).user
    ben = MembershipFactory(
        gym=gym, user=UserFactory(display_name="Ben", time_zone=zone, fitness_level="novice")
    ).user
    for name in ("Cy", "Di"):
        MembershipFactory(gym=gym, user=UserFactory(display_name=name))
    today = now.astimezone(ada.tz).date()
    # Six hard leg days ending at noon, each answered the next morning: quads 3, the rest 1.
    for days_back in (26, 22, 18, 14, 10, 6):
        noon = dt.datetime.combine(today - dt.timedelta(days=days_back), dt.time(12), ada.tz)
        _hard_leg_day_ending(ada, noon)
        services.checkin_save(
            athlete=ada,
            day=noon.date() + dt.timedelta(days=1),
            answers=checkin_answers(quads=3, hamstrings=1, glutes=1, calves=1, adductors=1),
        )
    yesterday_noon = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(12), ada.tz)
    for athlete in (ada, newcomer):  # the same session for both, 20 h ago
        _hard_leg_day_ending(athlete, yesterday_noon)
        _due_now(athlete, now)

    celery_app.control.purge()
    with worker(queues=("celery",)):
        reminders_dispatch()
        mails = {m["To"]: m for m in smtp_server.wait_for(2, timeout=60)}
    own = mails[ada.email].get_body(("plain",)).get_content()
    blanket = mails[newcomer.email].get_body(("plain",)).get_content()
    assert "as after your past sessions like this one (quads about 3/10" in own
    assert "past sessions" not in blanket
    assert mails[ada.email]["Subject"] != mails[newcomer.email]["Subject"]

    log_in(page, base, ada.email)
    page.goto(f"{base}/today/")
    expect(page.locator("#expected-before-checkin")).to_contain_text("quads about 3/10")
    nia = browser.new_context().new_page()
    log_in(nia, base, newcomer.email)
    nia.goto(f"{base}/today/")
    expect(nia.locator("#provisional")).to_be_visible()
    expect(nia.locator("#expected-before-checkin")).to_have_count(0)

    # Ben's coach makes today a short recovery run of up to 20 minutes; Ben runs intervals.
    override(coach, ben, level=2, max_minutes=20)
    ben_page = browser.new_context().new_page()
    log_in(ben_page, base, ben.email)
    ben_page.goto(f"{base}/today/")
    expect(ben_page.locator("#provisional")).to_contain_text("Recovery run")
    ben_page.goto(f"{base}/training/runs/new/")
    started = (now - dt.timedelta(minutes=70)).astimezone(ben.tz).strftime("%Y-%m-%dT%H:%M")
    ben_page.locator("#id_started_at").fill(started)
    ben_page.get_by_label("Distance (km)").fill("10")
    ben_page.get_by_label("Duration").fill("60:00")
    ben_page.get_by_label("Type").select_option("intervals")
    ben_page.get_by_label("Session RPE (0–10)").select_option("8")
    ben_page.get_by_label("Heavy").check()
    ben_page.get_by_role("button", name="Save run").click()
    deviation = ben_page.locator("#session-adherence")
    expect(deviation).to_contain_text("60 min against 20")
    expect(deviation).to_contain_text("intervals on a no-intervals day")

    coach_page = browser.new_context().new_page()
    log_in(coach_page, base, coach.email)
    coach_page.goto(f"{base}/coach/")
    row = coach_page.locator("tr.roster-row", has_text="Ben")
    expect(row.locator(".flag-badge", has_text="Ran harder than advised")).to_be_visible()

    manager_page = browser.new_context().new_page()
    log_in(manager_page, base, manager.email)
    manager_page.goto(f"{base}/coach/rules/")
    coach_rule = manager_page.locator('#rule-outcomes tr[data-level="2"][data-rule="CO"]')
    expect(coach_rule.locator(".ran")).to_have_text("1")
    expect(coach_rule.locator(".kept")).to_have_text("0 % (0)")

    time_machine.move_to(now + dt.timedelta(days=1), tick=True)  # the next morning
    ben_page.goto(f"{base}/today/")
    line = ben_page.locator("#recent-runs")
    expect(line).to_contain_text("Yesterday's run")
    expect(line).to_contain_text("60 min against 20")
