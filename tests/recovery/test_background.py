"""Today's readiness background (leg days, load trend, earlier check-ins, plan, override) is
cached; every change made through the services outdates it at once."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from recovery import services
from tests.factories import GymFactory, MembershipFactory, checkin_answers
from training import services as training_services
from training.models import Exercise, Kind
from training.services import EntryData

pytestmark = pytest.mark.django_db


def _facts(background: services.Background) -> tuple:
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
    cached = services.background_today(athlete, now)
    assert _facts(cached) == _facts(
        services.background_read(athlete, services.local_today(athlete, now))
    )


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
    services.checkin_save(
        athlete=athlete, day=services.local_today(athlete), answers=checkin_answers()
    )
    with django_assert_num_queries(0):
        services.background_today(athlete, timezone.now())


def test_every_change_through_the_services_outdates_the_cached_background(world):
    athlete, coach = world["athlete"], world["coach"]
    today = services.local_today(athlete)
    services.checkin_save(athlete=athlete, day=today, answers=checkin_answers(quads=3))
    _assert_cached_and_fresh(athlete)

    session = _leg_day(athlete, hours_ago=20, exercise="Back squat")
    _assert_cached_and_fresh(athlete)
    training_services.session_update(session=session, by=athlete, rpe=6)
    _assert_cached_and_fresh(athlete)

    plan = services.planned_run_save(
        athlete=athlete, entered_by=athlete, day=today, run_type="easy", minutes=40
    )
    _assert_cached_and_fresh(athlete)
    services.planned_run_delete(plan=plan)
    _assert_cached_and_fresh(athlete)

    services.override_set(
        staff=coach, athlete=athlete, day=today, level=2, max_minutes=20, note="Keep it short"
    )
    _assert_cached_and_fresh(athlete)
    services.override_clear(staff=coach, athlete=athlete, day=today)
    _assert_cached_and_fresh(athlete)

    services.checkin_save(
        athlete=athlete, day=today - dt.timedelta(days=1), answers=checkin_answers(quads=6)
    )
    _assert_cached_and_fresh(athlete)
    training_services.session_delete(session=session, by=athlete)
    _assert_cached_and_fresh(athlete)


def test_an_earlier_check_in_filled_in_late_moves_today_verdict(world):
    """RF8's rise: today's soreness 2 points above yesterday's, more than 72 h after a leg day."""
    athlete = world["athlete"]
    today = services.local_today(athlete)
    _leg_day(athlete, hours_ago=81, exercise="Leg press")
    _, before = services.checkin_save(athlete=athlete, day=today, answers=checkin_answers(quads=4))
    assert "RF8" not in {rule["rule_id"] for rule in before.fired}
    services.checkin_save(
        athlete=athlete, day=today - dt.timedelta(days=1), answers=checkin_answers(quads=2)
    )
    _, after = services.checkin_save(athlete=athlete, day=today, answers=checkin_answers(quads=4))
    assert "RF8" in {rule["rule_id"] for rule in after.fired}
