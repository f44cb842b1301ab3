"""Who may log for whom, and what a save does."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Membership, Role
from tests.factories import GymFactory, MembershipFactory, UserFactory
from training import services
from training.models import Exercise, Kind, Session
from training.services import EntryData

pytestmark = pytest.mark.django_db


def _strength(**overrides):
    squat = Exercise.objects.get(name="Back squat")
    fields = {
        "kind": Kind.STRENGTH,
        "started_at": timezone.now(),
        "duration_s": 3600,
        "rpe": 7,
        "entries": [EntryData(exercise=squat, sets=5, reps=5, load_kg=100)],
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def gym_world():
    gym = GymFactory()
    return {
        "coach": MembershipFactory(gym=gym, role=Role.COACH).user,
        "athlete": MembershipFactory(gym=gym, role=Role.ATHLETE).user,
        "other_coach": MembershipFactory(role=Role.COACH).user,
        "fellow_athlete": MembershipFactory(gym=gym, role=Role.ATHLETE).user,
    }


def test_staff_may_log_for_their_gyms_athlete_and_are_recorded(gym_world):
    session = services.session_create(
        athlete=gym_world["athlete"], entered_by=gym_world["coach"], **_strength()
    )
    assert session.athlete == gym_world["athlete"]
    assert session.entered_by == gym_world["coach"]
    assert session.is_leg_day


def test_own_sessions_have_no_entered_by(gym_world):
    session = services.session_create(
        athlete=gym_world["athlete"], entered_by=gym_world["athlete"], **_strength()
    )
    assert session.entered_by is None


@pytest.mark.parametrize("intruder", ["other_coach", "fellow_athlete"])
def test_others_may_not_log_for_an_athlete(gym_world, intruder):
    with pytest.raises(PermissionDenied):
        services.session_create(
            athlete=gym_world["athlete"], entered_by=gym_world[intruder], **_strength()
        )
    assert not Session.objects.exists()


def test_staff_lose_the_right_when_the_athlete_leaves(gym_world):
    Membership.objects.filter(user=gym_world["athlete"]).delete()
    with pytest.raises(PermissionDenied):
        services.session_create(
            athlete=gym_world["athlete"], entered_by=gym_world["coach"], **_strength()
        )


def test_service_refuses_a_start_more_than_a_day_ahead():
    athlete = UserFactory()
    with pytest.raises(ValidationError):
        services.session_create(
            athlete=athlete,
            entered_by=athlete,
            **_strength(started_at=timezone.now() + timezone.timedelta(hours=25)),
        )
    assert not Session.objects.exists()


def test_bad_row_saves_nothing():
    athlete = UserFactory()
    squat = Exercise.objects.get(name="Back squat")
    entries = [
        EntryData(exercise=squat, sets=5, reps=5, load_kg=100),
        EntryData(exercise=squat, sets=0, reps=5, load_kg=None),
    ]
    with pytest.raises(ValidationError):
        services.session_create(athlete=athlete, entered_by=athlete, **_strength(entries=entries))
    assert not Session.objects.exists()


def test_a_run_is_never_a_leg_day():
    athlete = UserFactory()
    run = services.session_create(
        athlete=athlete,
        entered_by=athlete,
        kind=Kind.RUN,
        started_at=timezone.now(),
        duration_s=1800,
        rpe=3,
        distance_m=5000,
        run_type="easy",
        legs_feel="fresh",
    )
    assert (run.is_leg_day, run.load) == (False, 90.0)
