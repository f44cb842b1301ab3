"""Reminders follow plans: the evening before a hard run planned inside a recovery window,
the athlete (and their assigned coach, if they asked) gets a heads-up linking to the fixes."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, Role
from recovery import services
from recovery.models import Notification, Reminder, ReminderKind, ReminderStatus, Threshold
from recovery.planning import services as plans
from recovery.reminders import services as reminder_services
from recovery.tasks import send_reminder
from tests.factories import MembershipFactory, StrengthFactory, UserFactory
from tests.recovery.planning.test_planner import LONDON, MONDAY, NOW

pytestmark = pytest.mark.django_db


def day(n):
    return MONDAY + dt.timedelta(days=n)


@pytest.fixture
def week(time_machine):
    """Monday 06:00: a hard leg day planned Tuesday, intervals planned Wednesday."""
    time_machine.move_to(NOW, tick=False)
    athlete = UserFactory(time_zone="Europe/London")
    coach = UserFactory(time_zone="Europe/London", coach_plan_alerts=True)
    gym = MembershipFactory(user=coach, role=Role.COACH).gym
    MembershipFactory(user=athlete, gym=gym, role=Role.ATHLETE, coach=coach)
    plans.planned_leg_day_save(athlete=athlete, entered_by=athlete, day=day(1), intensity="hard")
    run = plans.planned_run_save(
        athlete=athlete, entered_by=athlete, day=day(2), run_type="intervals", minutes=50
    )
    return athlete, coach, run, time_machine


def _heads_up(athlete):
    return Reminder.objects.exclude(status=ReminderStatus.CANCELLED).get(
        athlete=athlete, kind=ReminderKind.PLAN_HEADS_UP
    )


def test_a_flagged_plan_gets_a_heads_up_the_evening_before(week):
    athlete, _, _run, _ = week
    reminder = _heads_up(athlete)
    assert reminder.local_date == day(2)
    assert reminder.due_at == dt.datetime.combine(day(1), dt.time(19), tzinfo=LONDON)
    assert reminder.status == ReminderStatus.PENDING


@pytest.mark.parametrize("change", ["make_easy", "move", "delete_legs", "switch_off"])
def test_the_heads_up_follows_the_plan(week, client, change):
    athlete, _, run, _ = week
    client.force_login(athlete)
    if change in ("make_easy", "move"):
        client.post(reverse("recovery:plan_fix", args=["run", run.pk]), {"action": change})
    elif change == "delete_legs":
        legs = athlete.planned_leg_days.get()
        client.post(reverse("recovery:kind_plan_delete", args=["leg", legs.pk]))
    else:  # the heads-up email's one-click unsubscribe
        reminder_services.unsubscribe(athlete=athlete, kind=ReminderKind.PLAN_HEADS_UP)
    statuses = set(
        Reminder.objects.filter(athlete=athlete, kind=ReminderKind.PLAN_HEADS_UP).values_list(
            "status", flat=True
        )
    )
    expected = ReminderStatus.SKIPPED if change == "switch_off" else ReminderStatus.CANCELLED
    if change == "move":  # to Friday: out of the window, no heads-up left pending
        assert ReminderStatus.PENDING not in statuses
    else:
        assert statuses == {expected}


def test_a_threshold_change_that_flags_a_plan_schedules_its_heads_up(week):
    athlete, _, run, _ = week
    plans.plan_move(actor=athlete, plan=run, day=day(3), time=dt.time(19, 30))  # 48 h: clear
    assert not Reminder.objects.filter(
        athlete=athlete, kind=ReminderKind.PLAN_HEADS_UP, status=ReminderStatus.PENDING
    ).exists()
    services.threshold_save(threshold=_threshold("t_quality_habitual_h", 60))
    run.refresh_from_db()
    assert run.inside_recovery_window
    assert _heads_up(athlete).status == ReminderStatus.PENDING


def _threshold(key, value):
    threshold = Threshold.objects.get(key=key)
    threshold.value = value
    return threshold


def test_sent_to_the_athlete_and_the_coach_who_asked(week):
    athlete, coach, _run, time_machine = week
    time_machine.move_to(dt.datetime.combine(day(1), dt.time(19, 1), tzinfo=LONDON), tick=False)
    assert reminder_services.reminders_dispatch(enqueue=lambda _: None) == 1
    reminder = _heads_up(athlete)
    assert send_reminder(reminder.pk) == "sent"
    assert send_reminder(reminder.pk) == "not sending (sent)"
    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {athlete.email, coach.email}
    own = by_person[athlete.email]
    assert own.subject == "Heads-up: intervals planned Wednesday falls inside your recovery window"
    assert "waits 48 hours" in own.body
    assert f"/training/week/?date={day(2)}" in own.body
    assert f"/coach/athletes/{athlete.pk}/week/?date={day(2)}" in by_person[coach.email].body
    assert by_person[coach.email].subject == (
        f"Heads-up: {athlete.name}'s intervals planned Wednesday falls inside a recovery window"
    )
    bell = Notification.objects.get(user=athlete)
    assert bell.url == f"/training/week/?date={day(2)}"
    assert Notification.objects.filter(user=coach).count() == 1


def test_a_coach_who_did_not_ask_or_is_not_assigned_gets_nothing(week):
    athlete, coach, _run, time_machine = week
    other = MembershipFactory(
        gym=coach.memberships.get().gym, role=Role.COACH, user__coach_plan_alerts=True
    ).user
    coach.coach_plan_alerts = False
    coach.save()
    time_machine.move_to(dt.datetime.combine(day(1), dt.time(19, 1), tzinfo=LONDON), tick=False)
    reminder_services.reminders_dispatch(enqueue=lambda _: None)
    send_reminder(_heads_up(athlete).pk)
    assert [message.to[0] for message in mail.outbox] == [athlete.email]
    assert not Notification.objects.filter(user__in=[coach, other]).exists()
    assert Membership.objects.get(user=athlete).coach == coach


def test_fixed_after_dispatch_sends_nothing(week):
    athlete, _, run, time_machine = week
    time_machine.move_to(dt.datetime.combine(day(1), dt.time(19, 1), tzinfo=LONDON), tick=False)
    reminder_services.reminders_dispatch(enqueue=lambda _: None)
    from training.models import PlannedRun

    PlannedRun.objects.filter(pk=run.pk).update(run_type="easy")  # a race with the send
    assert send_reminder(_heads_up(athlete).pk) == "nothing to say"
    assert mail.outbox == []
    assert _heads_up(athlete).status == ReminderStatus.SKIPPED


def test_the_coachs_setting_is_offered_to_staff_only(week, client):
    athlete, coach, _, _ = week
    client.force_login(coach)
    assert "coach_plan_alerts" in client.get(reverse("accounts:account_settings")).content.decode()
    client.force_login(athlete)
    page = client.get(reverse("accounts:account_settings")).content.decode()
    assert "coach_plan_alerts" not in page
    assert "remind_plan" in page


def test_a_leg_day_logged_after_19_00_sends_the_heads_up_at_once(time_machine):
    """Intervals planned for 07:00 tomorrow, a hard leg day logged tonight at 20:30: the 19:00
    slot has passed, so the heads-up is due at once (and its dispatch is queued on commit)."""
    evening = dt.datetime.combine(day(1), dt.time(20, 30), tzinfo=LONDON)
    time_machine.move_to(evening - dt.timedelta(days=1), tick=False)
    athlete = UserFactory(time_zone="Europe/London")
    plans.planned_run_save(
        athlete=athlete, entered_by=athlete, day=day(2), run_type="intervals", minutes=50,
        time=dt.time(7),
    )  # fmt: skip
    time_machine.move_to(evening, tick=False)
    StrengthFactory(
        athlete=athlete, started_at=evening - dt.timedelta(hours=1, minutes=30), rpe=8,
        exercises=["Back squat"],
    )  # fmt: skip
    reminder = _heads_up(athlete)
    assert reminder.local_date == day(2)
    assert reminder.due_at == evening
    assert reminder.status == ReminderStatus.PENDING
    assert reminder_services.reminders_dispatch(now=evening, enqueue=lambda ids: None) == 1


def test_no_heads_up_for_a_run_already_past(time_machine):
    """The run was this morning; its leg day is logged in the evening, backdated the day before:
    the plan is flagged, but there is nothing left to warn about."""
    morning_run = dt.datetime.combine(day(2), dt.time(7), tzinfo=LONDON)
    time_machine.move_to(morning_run - dt.timedelta(days=2), tick=False)
    athlete = UserFactory(time_zone="Europe/London")
    plans.planned_run_save(
        athlete=athlete, entered_by=athlete, day=day(2), run_type="intervals", minutes=50,
        time=dt.time(7),
    )  # fmt: skip
    time_machine.move_to(morning_run + dt.timedelta(hours=12), tick=False)
    StrengthFactory(
        athlete=athlete, started_at=morning_run - dt.timedelta(hours=12), rpe=8,
        exercises=["Back squat"],
    )  # fmt: skip
    assert not Reminder.objects.filter(athlete=athlete, kind=ReminderKind.PLAN_HEADS_UP).exists()
