"""Reminder scheduling, time zones, dispatch and sending (database-level; no worker)."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse

from recovery.models import Notification, Reminder
from recovery.reminders import messages as reminder_messages
from recovery.reminders import schedule
from recovery.reminders import services as reminder_services
from recovery.tasks import MAX_RETRIES, send_reminder
from tests.factories import StrengthFactory, UserFactory, checkin_answers

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.mark.parametrize(
    ("tz", "day", "expected"),
    [
        # Europe/Berlin: CET (+1) -> CEST (+2) on 29 Mar 2026, back on 25 Oct 2026.
        ("Europe/Berlin", dt.date(2026, 3, 28), dt.datetime(2026, 3, 28, 6, 0, tzinfo=UTC)),
        ("Europe/Berlin", dt.date(2026, 3, 29), dt.datetime(2026, 3, 29, 5, 0, tzinfo=UTC)),
        ("Europe/Berlin", dt.date(2026, 10, 24), dt.datetime(2026, 10, 24, 5, 0, tzinfo=UTC)),
        ("Europe/Berlin", dt.date(2026, 10, 25), dt.datetime(2026, 10, 25, 6, 0, tzinfo=UTC)),
        # America/New_York: EST (-5) -> EDT (-4) on 8 Mar 2026, back on 1 Nov 2026.
        ("America/New_York", dt.date(2026, 3, 7), dt.datetime(2026, 3, 7, 12, 0, tzinfo=UTC)),
        ("America/New_York", dt.date(2026, 3, 8), dt.datetime(2026, 3, 8, 11, 0, tzinfo=UTC)),
        ("America/New_York", dt.date(2026, 10, 31), dt.datetime(2026, 10, 31, 11, 0, tzinfo=UTC)),
        ("America/New_York", dt.date(2026, 11, 1), dt.datetime(2026, 11, 1, 12, 0, tzinfo=UTC)),
        # Asia/Kolkata: +5:30 all year.
        ("Asia/Kolkata", dt.date(2026, 3, 29), dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        ("Asia/Kolkata", dt.date(2026, 11, 1), dt.datetime(2026, 11, 1, 1, 30, tzinfo=UTC)),
        # Pacific/Auckland: NZDT (+13) -> NZST (+12) on 5 Apr 2026, back to NZDT on 27 Sep 2026.
        ("Pacific/Auckland", dt.date(2026, 4, 4), dt.datetime(2026, 4, 3, 18, 0, tzinfo=UTC)),
        ("Pacific/Auckland", dt.date(2026, 4, 5), dt.datetime(2026, 4, 4, 19, 0, tzinfo=UTC)),
        ("Pacific/Auckland", dt.date(2026, 9, 26), dt.datetime(2026, 9, 25, 19, 0, tzinfo=UTC)),
        ("Pacific/Auckland", dt.date(2026, 9, 27), dt.datetime(2026, 9, 26, 18, 0, tzinfo=UTC)),
    ],
)
def test_due_time_at_7_local_across_dst(tz, day, expected):
    assert schedule.due_at(day, dt.time(7, 0), tz) == expected


def test_a_skipped_wall_time_resolves_after_the_gap():
    # 02:30 does not exist in Berlin on 29 Mar 2026; it resolves to 01:30 UTC (03:30 CEST).
    assert schedule.due_at(dt.date(2026, 3, 29), dt.time(2, 30), "Europe/Berlin") == dt.datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )


def _athlete(**fields):
    return UserFactory(
        time_zone=fields.pop("time_zone", "Europe/Berlin"),
        reminder_time=fields.pop("reminder_time", dt.time(7)),
        **fields,
    )


def _leg_day(athlete, when):
    return StrengthFactory(athlete=athlete, started_at=when, exercises=["Back squat"])


def _rows(athlete):
    return {(r.kind, r.local_date): r for r in Reminder.objects.filter(athlete=athlete)}


def test_leg_day_schedules_both_kinds_at_the_local_reminder_time():
    athlete = _athlete(time_zone="Pacific/Auckland")
    now = dt.datetime(2026, 4, 3, 8, 0, tzinfo=UTC)  # 21:00 NZDT on 3 Apr
    _leg_day(athlete, now - dt.timedelta(hours=2))
    schedule.reminders_schedule(athlete=athlete, now=now)
    rows = _rows(athlete)
    assert rows[("next_day", dt.date(2026, 4, 4))].due_at == dt.datetime(
        2026, 4, 3, 18, 0, tzinfo=UTC
    )
    assert rows[("day_2", dt.date(2026, 4, 5))].due_at == dt.datetime(
        2026, 4, 4, 19, 0, tzinfo=UTC
    )  # after DST ends
    assert {r.status for r in rows.values()} == {"pending"}


def test_two_leg_days_on_one_day_give_one_reminder_of_each_kind():
    athlete = _athlete()
    now = dt.datetime(2026, 6, 10, 19, 0, tzinfo=UTC)
    _leg_day(athlete, now - dt.timedelta(hours=10))
    _leg_day(athlete, now - dt.timedelta(hours=2))
    schedule.reminders_schedule(athlete=athlete, now=now)
    schedule.reminders_schedule(athlete=athlete, now=now)
    assert Reminder.objects.count() == 2


def test_yesterdays_leg_day_logged_this_morning_still_gets_todays_reminder():
    athlete = _athlete()
    now = dt.datetime(2026, 6, 11, 4, 30, tzinfo=UTC)  # 06:30 in Berlin, reminder at 07:00
    _leg_day(athlete, dt.datetime(2026, 6, 10, 18, 0, tzinfo=athlete.tz))
    schedule.reminders_schedule(athlete=athlete, now=now)
    assert ("next_day", dt.date(2026, 6, 11)) in _rows(athlete)


def test_a_reminder_whose_time_has_passed_is_not_created():
    athlete = _athlete()
    now = dt.datetime(2026, 6, 11, 9, 0, tzinfo=UTC)  # 11:00 in Berlin
    _leg_day(athlete, dt.datetime(2026, 6, 10, 18, 0, tzinfo=athlete.tz))
    schedule.reminders_schedule(athlete=athlete, now=now)
    assert set(_rows(athlete)) == {("day_2", dt.date(2026, 6, 12))}


def test_editing_moves_and_deleting_cancels():
    athlete = _athlete()
    now = dt.datetime(2026, 6, 10, 19, 0, tzinfo=UTC)
    session = _leg_day(athlete, dt.datetime(2026, 6, 10, 18, 0, tzinfo=athlete.tz))
    schedule.reminders_schedule(athlete=athlete, now=now)
    session.started_at = dt.datetime(2026, 6, 9, 18, 0, tzinfo=athlete.tz)  # it was yesterday
    session.save()
    schedule.reminders_schedule(athlete=athlete, now=now)
    rows = _rows(athlete)
    assert rows[("next_day", dt.date(2026, 6, 11))].status == "cancelled"
    assert rows[("day_2", dt.date(2026, 6, 11))].status == "pending"
    session.delete()
    schedule.reminders_schedule(athlete=athlete, now=now)
    assert {r.status for r in _rows(athlete).values()} == {"cancelled"}


def test_settings_skip_and_revive_pending_reminders(athlete_client):
    athlete = athlete_client.user
    now = dt.datetime(2026, 6, 10, 19, 0, tzinfo=UTC)
    _leg_day(athlete, now - dt.timedelta(hours=2))
    schedule.reminders_schedule(athlete=athlete, now=now)
    athlete.remind_day_2 = False
    schedule.reminders_schedule(athlete=athlete, now=now)
    assert {(k, r.status) for (k, _), r in _rows(athlete).items()} == {
        ("next_day", "pending"),
        ("day_2", "skipped"),
    }
    athlete.remind_by_email = athlete.remind_in_app = False
    schedule.reminders_schedule(athlete=athlete, now=now)
    assert {r.status for r in _rows(athlete).values()} == {"skipped"}
    athlete.remind_by_email = athlete.remind_day_2 = True
    schedule.reminders_schedule(athlete=athlete, now=now)
    assert {r.status for r in _rows(athlete).values()} == {"pending"}


def test_changing_the_reminder_time_in_settings_moves_pending_ones(athlete_client):
    athlete = athlete_client.user
    _leg_day(athlete, dt.datetime.now(UTC) - dt.timedelta(hours=1))
    schedule.reminders_schedule(athlete=athlete)
    form = {
        "display_name": "A",
        "time_zone": "Asia/Kolkata",
        "distance_unit": "km",
        "weight_unit": "kg",
        "fitness_level": "novice",
        "goal": "running",
        "reminder_time": "05:45",
        "remind_next_day": "on",
        "remind_day_2": "on",
        "remind_by_email": "on",
        "remind_in_app": "on",
    }
    assert athlete_client.post(reverse("accounts:account_settings"), form).status_code == 302
    for row in Reminder.objects.filter(athlete=athlete, status="pending"):
        assert row.due_at == schedule.due_at(row.local_date, dt.time(5, 45), "Asia/Kolkata")


def _due_reminder(**athlete_fields):
    athlete = _athlete(**athlete_fields)
    now = dt.datetime.now(UTC)
    # Yesterday evening in the athlete's zone, whatever the hour now ("now - 20 h" was
    # today after 20:00 in Berlin, and the reminder that test expected was tomorrow's).
    yesterday = now.astimezone(athlete.tz) - dt.timedelta(days=1)
    _leg_day(athlete, yesterday.replace(hour=18, minute=0, second=0, microsecond=0))
    return Reminder.objects.update_or_create(  # the leg day's service may have made it
        athlete=athlete,
        kind="next_day",
        local_date=now.astimezone(athlete.tz).date(),
        defaults={"due_at": now - dt.timedelta(minutes=1), "status": "pending"},
    )[0]


def test_dispatch_marks_due_rows_sending_and_enqueues_each_once():
    due = _due_reminder()
    later = Reminder.objects.update_or_create(  # the leg day's service may have made it
        athlete=due.athlete,
        kind="day_2",
        local_date=due.local_date + dt.timedelta(days=1),
        defaults={"due_at": due.due_at + dt.timedelta(days=1), "status": "pending"},
    )[0]
    enqueued = []
    assert reminder_services.reminders_dispatch(enqueue=enqueued.extend) == 1
    assert enqueued == [due.pk]
    assert Reminder.objects.get(pk=due.pk).status == "sending"
    assert Reminder.objects.get(pk=later.pk).status == "pending"
    assert reminder_services.reminders_dispatch(enqueue=enqueued.extend) == 0  # not taken again


def test_a_stuck_sending_row_is_picked_up_again_after_the_timeout():
    due = _due_reminder()
    reminder_services.reminders_dispatch(
        enqueue=lambda _: None
    )  # the worker died: nothing consumed it
    assert reminder_services.reminders_dispatch(enqueue=lambda _: None) == 0
    enqueued = []
    with time_machine.travel(
        dt.datetime.now(UTC) + reminder_services.STUCK_AFTER + dt.timedelta(seconds=5)
    ):
        reminder_services.reminders_dispatch(enqueue=enqueued.extend)
    assert enqueued == [due.pk]
    reminder_services.reminder_send(due.pk)
    reminder_services.reminder_send(due.pk)
    assert len(mail.outbox) == 1


def test_enqueue_failure_puts_the_row_back_to_pending():
    due = _due_reminder()

    def broker_down(_):
        raise ConnectionError("broker unreachable")

    assert reminder_services.reminders_dispatch(enqueue=broker_down) == 0
    row = Reminder.objects.get(pk=due.pk)
    assert row.status == "pending"
    assert "not enqueued" in row.last_error


def test_send_task_run_twice_sends_once():
    due = _due_reminder()
    reminder_services.reminders_dispatch(enqueue=lambda _: None)
    assert send_reminder(due.pk) == "sent"
    assert send_reminder(due.pk) == "not sending (sent)"
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=due.athlete).count() == 1
    message = mail.outbox[0]
    assert message.subject.startswith("Legs after yesterday's back squats? ")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert "Do your 20-second check-in" in html  # no check-in yet: provisional advice


def test_send_uses_todays_check_in_when_there_is_one():
    from recovery import services

    due = _due_reminder()
    services.checkin_save(athlete=due.athlete, day=due.local_date, answers=checkin_answers(quads=8))
    reminder_services.reminders_dispatch(enqueue=lambda _: None)
    send_reminder(due.pk)
    assert "Rest" in mail.outbox[0].subject
    assert "Based on this morning's check-in" in mail.outbox[0].body


def test_unverified_address_gets_no_email_but_the_bell():
    due = _due_reminder(verified=False)
    reminder_services.reminders_dispatch(enqueue=lambda _: None)
    send_reminder(due.pk)
    assert mail.outbox == []
    assert Notification.objects.filter(user=due.athlete).count() == 1


def test_switched_off_at_send_time_is_skipped():
    due = _due_reminder()
    reminder_services.reminders_dispatch(enqueue=lambda _: None)
    due.athlete.remind_next_day = False
    due.athlete.save()
    send_reminder(due.pk)
    assert Reminder.objects.get(pk=due.pk).status == "skipped"
    assert mail.outbox == []


def test_smtp_down_retries_then_fails_with_the_error(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    due = _due_reminder()
    reminder_services.reminders_dispatch(enqueue=lambda _: None)
    # Executed in-process, Celery runs the retries back to back (no countdown): every
    # attempt is refused, and after the last one the row is failed with the error.
    result = send_reminder.apply(args=(due.pk,))
    assert result.result == "failed"
    row = Reminder.objects.get(pk=due.pk)
    assert (row.status, row.attempts) == ("failed", MAX_RETRIES + 1)
    assert "ConnectionRefusedError" in row.last_error
    assert not Notification.objects.exists()  # nothing half-done


def test_admin_retry_and_withdraw(admin_client):
    due = _due_reminder()
    Reminder.objects.filter(pk=due.pk).update(status="failed", last_error="boom")
    url = reverse("admin:recovery_reminder_changelist")
    admin_client.post(url, {"action": "retry", "_selected_action": [due.pk]})
    assert Reminder.objects.get(pk=due.pk).status == "pending"
    admin_client.post(url, {"action": "withdraw", "_selected_action": [due.pk]})
    assert Reminder.objects.get(pk=due.pk).status == "withdrawn"
    assert (
        admin_client.get(url, {"q": due.athlete.email, "status__exact": "withdrawn"}).status_code
        == 200
    )


def test_unsubscribe_link(client):
    due = _due_reminder()
    token = reminder_messages.unsubscribe_token(due.athlete, "next_day")
    url = reverse("recovery:reminder_unsubscribe", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop next-day reminders?" in page.content.decode()
    due.athlete.refresh_from_db()
    assert due.athlete.remind_next_day  # GET changes nothing
    csrf_client = client.__class__(enforce_csrf_checks=True)
    assert (
        csrf_client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    )  # one-click, no CSRF
    due.athlete.refresh_from_db()
    assert not due.athlete.remind_next_day
    assert due.athlete.remind_day_2
    assert Reminder.objects.get(pk=due.pk).status == "skipped"


def test_tampered_unsubscribe_token_is_400(client):
    due = _due_reminder()
    token = reminder_messages.unsubscribe_token(due.athlete, "next_day")
    response = client.post(reverse("recovery:reminder_unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    due.athlete.refresh_from_db()
    assert due.athlete.remind_next_day


def test_notifications_bell_list_and_mark_read(athlete_client):
    user = athlete_client.user
    for title in ("One", "Two"):
        Notification.objects.create(user=user, title=title, url="/today/")
    Notification.objects.create(user=UserFactory(), title="Not mine")
    bell = athlete_client.get(
        reverse("recovery:notifications_bell"), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'id="unread-count">2' in bell
    first = Notification.objects.get(title="One")
    assert (
        athlete_client.post(reverse("recovery:notification_read", args=[first.pk]))["Location"]
        == "/today/"
    )
    assert (
        'id="unread-count">1'
        in athlete_client.get(reverse("recovery:notifications_bell")).content.decode()
    )
    athlete_client.post(reverse("recovery:notifications_read_all"))
    assert (
        "unread-count"
        not in athlete_client.get(reverse("recovery:notifications_bell")).content.decode()
    )
    other = Notification.objects.get(title="Not mine")
    assert (
        athlete_client.post(reverse("recovery:notification_read", args=[other.pk])).status_code
        == 404
    )


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_racing_take_each_row_once(seeded):
    rows = [_due_reminder() for _ in range(40)]
    taken: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def dispatcher():
        barrier.wait()
        try:
            reminder_services.reminders_dispatch(
                enqueue=lambda ids: (lock.acquire(), taken.extend(ids), lock.release())
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == sorted(r.pk for r in rows)


def test_a_group_send_hands_a_transient_failure_to_its_own_retrying_task(settings):
    from config.celery import app
    from recovery.tasks import send_reminders

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    due = _due_reminder()
    reminder_services.reminders_dispatch(enqueue=lambda _: None)
    assert send_reminders([due.pk]) == 0
    row = Reminder.objects.get(pk=due.pk)
    assert (row.status, row.attempts) == ("sending", 1)
    assert "ConnectionRefusedError" in row.last_error
    app.control.purge()  # the retry task it published


def test_a_group_send_uses_one_mail_connection(smtp_server):
    from recovery.tasks import send_reminders

    rows = [_due_reminder() for _ in range(3)]
    reminder_services.reminders_dispatch(enqueue=lambda _: None)
    assert send_reminders([row.pk for row in rows]) == 3
    assert len(smtp_server.wait_for(3)) == 3
    assert smtp_server.greetings == 1
