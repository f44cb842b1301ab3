"""The symptoms that one owner of derived state fixes: each would fail on the code before it."""

import datetime as dt
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from celery import Celery
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from accounts.models import Role
from config.cache import SafeFileBasedCache, schema_tag
from recovery.models import Notification, Reminder, ReminderStatus, RosterStatus, Threshold
from recovery.reminders.services import reminders_dispatch
from recovery.verdict import background, verdicts
from tests.derived.forms import form_data
from tests.factories import (
    MembershipFactory,
    StrengthFactory,
    UserFactory,
    checkin,
    checkin_post,
)
from tests.stack import wait_until
from training.legdays import LegDay
from training.models import Exercise

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gym(db):
    coach = MembershipFactory(role=Role.COACH).user
    athlete = UserFactory(time_zone="Europe/London", display_name="Ada")
    MembershipFactory(gym=coach.memberships.get().gym, user=athlete)
    return coach, athlete


def _roster_row(client, coach, name="Ada") -> str:
    client.force_login(coach)
    page = client.get(reverse("recovery:coach_roster")).content.decode()
    start = page.index(f">{name}</a>")
    return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]


@pytest.mark.django_db
def test_an_admin_deleting_a_leg_day_moves_today_roster_and_reminders(
    gym, client, admin_client, time_machine
):
    coach, athlete = gym
    time_machine.move_to(dt.datetime(2026, 3, 10, 18, 0, tzinfo=dt.UTC), tick=False)
    leg = StrengthFactory(
        athlete=athlete,
        started_at=dt.datetime(2026, 3, 10, 16, 0, tzinfo=dt.UTC),
        duration_s=1800,
        exercises=["Back squat"],
    )
    assert Reminder.objects.filter(athlete=athlete, status=ReminderStatus.PENDING).count() == 2
    client.force_login(athlete)
    before = client.get(reverse("recovery:today")).context
    assert before["hours_since_leg"] == pytest.approx(1.5)
    assert "T1" in [rule["rule_id"] for rule in before["recommendation"].fired]
    assert ">2 h<" in _roster_row(client, coach)

    url = reverse("admin:training_session_delete", args=[leg.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302

    client.force_login(athlete)
    today = client.get(reverse("recovery:today"))
    assert today.context["hours_since_leg"] is None
    assert "T1" not in [rule["rule_id"] for rule in today.context["recommendation"].fired]
    assert ">2 h<" not in _roster_row(client, coach)
    assert not Reminder.objects.filter(athlete=athlete, status=ReminderStatus.PENDING).exists()


@pytest.mark.django_db
def test_an_admin_adding_a_squat_to_a_session_makes_it_a_leg_day(gym, client, admin_client):
    _, athlete = gym
    session = StrengthFactory(athlete=athlete, exercises=["Bench press"])
    assert not session.is_leg_day
    url = reverse("admin:training_session_change", args=[session.pk])
    data = {
        "athlete": athlete.pk,
        "kind": "strength",
        "started_at_0": session.started_at.date().isoformat(),
        "started_at_1": session.started_at.strftime("%H:%M:%S"),
        "duration_s": 3600,
        "rpe": 8,
        "entries-TOTAL_FORMS": 2,
        "entries-INITIAL_FORMS": 1,
        "entries-0-id": session.entries.get().pk,
        "entries-0-session": session.pk,
        "entries-0-exercise": session.entries.get().exercise_id,
        "entries-0-position": 0,
        "entries-0-sets": 3,
        "entries-0-reps": 5,
        "entries-1-session": session.pk,
        "entries-1-exercise": Exercise.objects.get(name="Back squat").pk,
        "entries-1-position": 1,
        "entries-1-sets": 3,
        "entries-1-reps": 5,
    }
    assert admin_client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.is_leg_day
    client.force_login(athlete)
    assert client.get(reverse("recovery:today")).context["hours_since_leg"] is not None
    assert Reminder.objects.filter(athlete=athlete, status=ReminderStatus.PENDING).exists()


@pytest.mark.django_db
def test_editing_yesterdays_check_in_changes_todays_verdict_on_the_next_request(
    gym, client, time_machine
):
    """RF8: soreness rising by 2+ between check-ins after 72 h is not normal DOMS. Yesterday's
    answer is what today's is compared with, so changing it changes today's verdict."""
    _, athlete = gym
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    # Ended 1 March 19:00: the first check-in's day (5 March, from 07:00) is over 72 h on.
    StrengthFactory(athlete=athlete, started_at=start - dt.timedelta(hours=15), rpe=6,
                    exercises=["Back squat"])  # fmt: skip
    time_machine.move_to(start + dt.timedelta(days=3, hours=12), tick=False)  # 84 h after
    checkin(athlete, quads=2)
    time_machine.move_to(start + dt.timedelta(days=4, hours=12), tick=False)
    checkin(athlete, quads=5)
    client.force_login(athlete)
    assert (
        client.get(reverse("recovery:today")).context["recommendation"].level == 0
    )  # see a doctor

    yesterday = athlete.local_today() - dt.timedelta(days=1)
    response = client.post(
        f"{reverse('recovery:checkin')}?date={yesterday}", checkin_post(quads="5"), follow=False
    )
    assert response.status_code == 302
    assert client.get(reverse("recovery:today")).context["recommendation"].level > 0


@pytest.mark.django_db
def test_roster_and_today_agree_after_the_clock_passes_a_rule_boundary(gym, client, time_machine):
    """A hard leg day holds quality running back for 48 h (T2). The verdict moves when the 48 h
    pass, with no write in between: the athlete's Today and the coach's roster move together."""
    coach, athlete = gym
    leg_end = dt.datetime(2026, 5, 2, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(leg_end - dt.timedelta(days=7), tick=False)
    StrengthFactory(
        athlete=athlete,
        started_at=leg_end - dt.timedelta(days=7, hours=1),
        exercises=["Back squat"],
    )  # fmt: skip  (so the next one is habitual)
    time_machine.move_to(leg_end, tick=False)
    StrengthFactory(athlete=athlete, started_at=leg_end - dt.timedelta(hours=1), rpe=8,
                    exercises=["Back squat"])  # fmt: skip
    time_machine.move_to(leg_end + dt.timedelta(hours=47), tick=False)
    checkin(athlete)  # nothing sore
    client.force_login(athlete)
    before = client.get(reverse("recovery:today")).context["recommendation"].level
    assert before == 3  # easy run until 48 h have passed
    assert 'data-light="amber"' in _roster_row(client, coach)

    time_machine.move_to(leg_end + dt.timedelta(hours=49), tick=False)  # the same local day
    assert 'data-light="green"' in _roster_row(client, coach)  # the roster read first
    client.force_login(athlete)
    assert client.get(reverse("recovery:today")).context["recommendation"].level == 4
    assert RosterStatus.objects.get(athlete=athlete).level == 4


def test_a_cached_value_of_an_older_class_version_is_a_miss():
    """The schema tag in the key follows the classes' fields: a deploy that changes one
    reads the old entries as misses instead of unpickling them into the new class."""

    @dataclass(frozen=True)
    class Background:  # the same name, one field more: a later version of the class
        leg: LegDay | None
        extra: int

    current = schema_tag(background.Background, LegDay)
    assert schema_tag(Background, LegDay) != current
    assert background.BACKGROUND_SCHEMA in background._background_key(
        UserFactory.build(pk=1), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )


@pytest.mark.django_db
def test_an_unreadable_cached_value_is_logged_and_read_fresh(caplog):
    athlete = UserFactory()
    now = dt.datetime.now(dt.UTC)
    key = background._background_key(athlete, now)
    client = cache._cache.get_client(key, write=True)
    client.set(cache.make_and_validate_key(key), b"\x80\x05not a pickle")  # an older format
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        read = background.background_today(athlete, now)
    assert read == background.background_read(athlete, athlete.local_today(now))
    assert any("answered as a miss" in record.getMessage() for record in caplog.records)


def test_a_corrupt_cache_file_is_a_miss(tmp_path, caplog):
    files = SafeFileBasedCache(str(tmp_path), {})
    files.set("k", {"a": 1})
    for path in tmp_path.iterdir():
        path.write_bytes(b"garbage")
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert files.get("k") is None
    assert caplog.records


# --- A threshold edit reaches a worker started as `make run` starts it ----------------------


def _procfile_worker() -> list[str]:
    line = next(
        line
        for line in (ROOT / "Procfile.dev").read_text().splitlines()
        if line.startswith("worker:")
    )
    command = line.split(":", 1)[1].split()
    return [sys.executable, "-m", *command] if command[0] == "celery" else command


@pytest.mark.stack
@pytest.mark.django_db(transaction=True)
def test_an_admin_threshold_edit_reaches_a_real_worker(seeded, tmp_path, settings, admin_client):
    """`make run`'s worker: Procfile.dev's command with the dev settings, the filesystem broker
    and the file cache under var/ (here a temporary one), on the test database."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.SafeFileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    db = connection.settings_dict
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "CACHE_URL", "REDIS_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",  # what `make run` exports for Procfile.dev
        VAR_DIR=str(tmp_path),
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        EMAIL_URL="consolemail://",
    )
    worker = subprocess.Popen(
        _procfile_worker(), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    folders = {
        "data_folder_in": str(tmp_path / "celery" / "data"),
        "data_folder_out": str(tmp_path / "celery" / "data"),
        "control_folder": str(tmp_path / "celery" / "control"),
    }
    assert wait_until(lambda: (tmp_path / "celery" / "data").exists(), timeout=30)
    sender = Celery(broker="filesystem://localhost//", broker_transport_options=folders)

    def send_via_worker(athlete) -> str:
        due, _ = Reminder.objects.update_or_create(
            athlete=athlete,
            kind="next_day",
            local_date=athlete.local_today(),
            defaults={"due_at": dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)},
        )
        reminders_dispatch(
            enqueue=lambda ids: sender.send_task("recovery.tasks.send_reminders", args=[ids])
        )
        assert wait_until(
            lambda: Reminder.objects.get(pk=due.pk).status == ReminderStatus.SENT, timeout=60
        ), "the worker did not send the reminder"
        return Notification.objects.get(reminder=due).title

    try:
        athletes = []
        for _ in range(2):
            athlete = UserFactory(time_zone="UTC")
            StrengthFactory(
                athlete=athlete,
                started_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=20),
                rpe=8,
                exercises=["Back squat"],
            )
            checkin(athlete, quads=4)  # moderate at the default threshold (4)
            athletes.append(athlete)
        before = send_via_worker(athletes[0])  # the worker has read (and cached) the rules
        assert "Recovery run" in before

        moderate = Threshold.objects.get(key="soreness_moderate")
        url = reverse("admin:recovery_threshold_change", args=[moderate.pk])
        page = admin_client.get(url).content.decode()
        data = {**form_data(page, "threshold_form"), "value": "6"}
        assert admin_client.post(url, data).status_code == 302

        after = send_via_worker(athletes[1])
        assert "Easy run" in after  # quads 4 is mild now: the worker used the new rule
        assert verdicts.verdict_today(athletes[1]).level == 3  # as this process computes it
    finally:
        worker.terminate()
        worker.wait(timeout=30)
