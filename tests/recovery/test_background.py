"""Today's readiness background (leg days, load trend, earlier check-ins, plan, override) is
cached; every change made through the services outdates it at once."""

import datetime as dt

import pytest
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from recovery import services
from recovery.models import CheckIn
from recovery.planning import services as plans
from recovery.reminders import services as reminder_services
from recovery.staff import services as staff_services
from recovery.verdict import background
from tests.factories import (
    GymFactory,
    MembershipFactory,
    SessionFactory,
    StrengthFactory,
    UserFactory,
    checkin_answers,
)
from training import legdays, load
from training import services as training_services
from training.models import Exercise, Kind
from training.services import EntryData

pytestmark = pytest.mark.django_db


def _facts(background: background.Background) -> tuple:
    """What the verdict reads from a background, by value (model instances compare by id)."""
    plan, override = background.next_plan, background.override
    return (
        background.leg,
        background.leg_loads,
        background.acwr,
        [
            (c.local_date, c.soreness, c.sleep_quality, c.energy, c.updated_at)
            for c in background.earlier
        ],
        (plan.date, plan.run_type, plan.minutes) if plan else None,
        (override.level, override.max_minutes, override.note, override.author.name)
        if override
        else None,
    )


def _assert_cached_and_fresh(athlete) -> None:
    now = timezone.now()
    cached = background.background_today(athlete, now)
    assert _facts(cached) == _facts(background.background_read(athlete, athlete.local_today(now)))


def _leg_day(athlete, *, hours_ago: float, exercise: str):
    return training_services.session_create(
        athlete=athlete,
        entered_by=athlete,
        kind=Kind.STRENGTH,
        started_at=timezone.now() - dt.timedelta(hours=hours_ago),
        duration_s=3600,
        rpe=7,
        entries=[
            EntryData(exercise=Exercise.objects.get(name=exercise), sets=5, reps=8, load_kg=90)
        ],
    )


@pytest.fixture
def world():
    gym = GymFactory()
    return {
        "coach": MembershipFactory(gym=gym, role=Role.COACH, user__display_name="Coach Kim").user,
        "athlete": MembershipFactory(gym=gym, role=Role.ATHLETE).user,
    }


def test_the_background_is_read_once_then_served_from_the_cache(world, django_assert_num_queries):
    athlete = world["athlete"]
    services.checkin_save(athlete=athlete, day=athlete.local_today(), answers=checkin_answers())
    with django_assert_num_queries(0):
        background.background_today(athlete, timezone.now())


def test_every_change_through_the_services_outdates_the_cached_background(world):
    athlete, coach = world["athlete"], world["coach"]
    today = athlete.local_today()
    services.checkin_save(athlete=athlete, day=today, answers=checkin_answers(quads=3))
    _assert_cached_and_fresh(athlete)

    session = _leg_day(athlete, hours_ago=20, exercise="Back squat")
    _assert_cached_and_fresh(athlete)
    training_services.session_update(session=session, by=athlete, rpe=6)
    _assert_cached_and_fresh(athlete)

    plan = plans.planned_run_save(
        athlete=athlete, entered_by=athlete, day=today, run_type="easy", minutes=40
    )
    _assert_cached_and_fresh(athlete)
    plans.plan_delete(plan=plan)
    _assert_cached_and_fresh(athlete)

    staff_services.override_set(
        staff=coach, athlete=athlete, day=today, level=2, max_minutes=20, note="Keep it short"
    )
    _assert_cached_and_fresh(athlete)
    staff_services.override_clear(staff=coach, athlete=athlete, day=today)
    _assert_cached_and_fresh(athlete)

    services.checkin_save(
        athlete=athlete, day=today - dt.timedelta(days=1), answers=checkin_answers(quads=6)
    )
    _assert_cached_and_fresh(athlete)
    training_services.session_delete(session=session, by=athlete)
    _assert_cached_and_fresh(athlete)


def test_an_earlier_check_in_filled_in_late_moves_today_verdict(world):
    """RF8's rise: today's soreness 2 points above yesterday's, yesterday's morning more than
    72 h after a leg day (the check-ins' days count, not when they were saved)."""
    athlete = world["athlete"]
    today = athlete.local_today()
    yesterday_morning = dt.datetime.combine(
        today - dt.timedelta(days=1), athlete.reminder_time, tzinfo=athlete.tz
    )
    ended = yesterday_morning - dt.timedelta(hours=73)  # the session is an hour long
    hours_ago = (timezone.now() - ended).total_seconds() / 3600 + 1
    _leg_day(athlete, hours_ago=hours_ago, exercise="Leg press")
    _, before = services.checkin_save(athlete=athlete, day=today, answers=checkin_answers(quads=4))
    assert "RF8" not in {rule["rule_id"] for rule in before.fired}
    services.checkin_save(
        athlete=athlete, day=today - dt.timedelta(days=1), answers=checkin_answers(quads=2)
    )
    _, after = services.checkin_save(athlete=athlete, day=today, answers=checkin_answers(quads=4))
    assert "RF8" in {rule["rule_id"] for rule in after.fired}


def test_backgrounds_read_together_equal_each_read_alone(world):
    """The bulk read (a group's reminders) groups athletes by time zone and day: each athlete's
    background must be what the one-athlete selectors give."""
    now = timezone.now()
    london, coach = world["athlete"], world["coach"]
    auckland = UserFactory(time_zone="Pacific/Auckland")
    los_angeles = UserFactory(time_zone="America/Los_Angeles")  # no data at all
    steady = UserFactory(time_zone=london.time_zone)
    for day in range(0, 45, 2):  # runs for the load trend, a leg day a week
        SessionFactory(athlete=steady, started_at=now - dt.timedelta(days=day, hours=3))
        if day % 7 == 0:
            StrengthFactory(
                athlete=steady,
                started_at=now - dt.timedelta(days=day, hours=5),
                exercises=["Back squat", "Nordic curl"],
            )
    StrengthFactory(
        athlete=london, started_at=now - dt.timedelta(hours=30), exercises=["Leg press"]
    )
    StrengthFactory(
        athlete=auckland, started_at=now - dt.timedelta(days=3), exercises=["Walking lunge"]
    )
    for athlete, days_ago in ((london, 1), (london, 3), (auckland, 2), (steady, 1), (steady, 40)):
        services.checkin_save(
            athlete=athlete,
            day=athlete.local_today() - dt.timedelta(days=days_ago),
            answers=checkin_answers(quads=days_ago % 5),
        )
    plans.planned_run_save(
        athlete=london,
        entered_by=london,
        day=london.local_today() + dt.timedelta(days=1),
        run_type="tempo",
        minutes=35,
    )
    staff_services.override_set(
        staff=coach,
        athlete=london,
        day=london.local_today(),
        level=3,
        max_minutes=30,
        note="Easy today",
    )
    days = {athlete: athlete.local_today(now) for athlete in (london, auckland, los_angeles)}
    days[steady] = steady.local_today(now) - dt.timedelta(days=2)  # a past day
    together = background.backgrounds_read(days)
    for athlete, day in days.items():
        alone = background.backgrounds_read({athlete: day})[athlete.pk]
        assert _facts(together[athlete.pk]) == _facts(alone)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=athlete.tz)
        end -= dt.timedelta(seconds=1)
        assert together[athlete.pk].leg == legdays.latest_leg_days(
            Q(athlete=athlete, started_at__lte=end)
        ).get(athlete.pk)
        assert (
            together[athlete.pk].acwr
            == load.load_trends([athlete], today={athlete.pk: day})[athlete.pk].acwr
        )
        earlier = CheckIn.objects.filter(athlete=athlete, local_date__lt=day).order_by(
            "-local_date"
        )
        assert [c.pk for c in together[athlete.pk].earlier] == [c.pk for c in earlier[:29]]
    assert _facts(together[london.pk])[4:] == (
        (london.local_today() + dt.timedelta(days=1), "tempo", 35),
        (3, 30, "Easy today", "Coach Kim"),
    )
    assert together[steady.pk].acwr is not None
    assert together[steady.pk].leg.exercise == "Back squat"
    assert together[los_angeles.pk] == background.Background(None, (), None, (), None, None)


def test_a_group_send_reads_its_athletes_backgrounds_in_bulk(django_assert_max_num_queries):
    """`reminders_prepare` caches the group's backgrounds: each send then reads none."""
    from tests.factories import due_reminder

    rows = [due_reminder(UserFactory()) for _ in range(3)]
    with django_assert_max_num_queries(12):  # the group and 7 bulk reads, whatever its size
        reminder_services.reminders_prepare([row.pk for row in rows])
    for row in rows:
        athlete = row.athlete
        with django_assert_max_num_queries(0):
            background.background_today(athlete, timezone.now())
