"""Gyms: invitations, joining, leaving, and who may see which athletes."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import selectors, services
from accounts.models import Membership, Role
from tests.factories import GymFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gym():
    return GymFactory()


@pytest.fixture
def manager(gym):
    return MembershipFactory(gym=gym, role=Role.MANAGER).user


@pytest.fixture
def coach(gym):
    return MembershipFactory(gym=gym, role=Role.COACH).user


@pytest.fixture
def athlete(gym):
    return MembershipFactory(gym=gym, role=Role.ATHLETE).user


def test_coach_invites_athlete_who_accepts_and_becomes_visible(gym, coach):
    newcomer = UserFactory()
    invitation = services.invitation_create(gym=gym, role=Role.ATHLETE, created_by=coach)
    assert newcomer not in selectors.athletes_for_staff(coach)

    membership = services.invitation_accept(code=invitation.code.lower(), user=newcomer)

    assert membership.role == Role.ATHLETE
    assert list(selectors.athletes_for_staff(coach)) == [newcomer]
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer
    assert invitation.status == "accepted"


def test_invitation_is_single_use(gym, coach):
    invitation = services.invitation_create(gym=gym, role=Role.ATHLETE, created_by=coach)
    services.invitation_accept(code=invitation.code, user=UserFactory())
    with pytest.raises(ValidationError, match="accepted"):
        services.invitation_accept(code=invitation.code, user=UserFactory())


def test_expired_invitation_cannot_be_used(gym, coach):
    invitation = services.invitation_create(gym=gym, role=Role.ATHLETE, created_by=coach)
    with (
        time_machine.travel(timezone.now() + dt.timedelta(days=8)),
        pytest.raises(ValidationError, match="expired"),
    ):
        services.invitation_accept(code=invitation.code, user=UserFactory())
    assert not Membership.objects.filter(gym=gym, role=Role.ATHLETE).exists()


def test_revoked_invitation_cannot_be_used(gym, coach):
    invitation = services.invitation_create(gym=gym, role=Role.ATHLETE, created_by=coach)
    services.invitation_revoke(invitation=invitation, by=coach)
    with pytest.raises(ValidationError, match="revoked"):
        services.invitation_accept(code=invitation.code, user=UserFactory())


def test_unknown_code_is_a_clear_error():
    with pytest.raises(ValidationError, match="no invitation with this code"):
        services.invitation_accept(code="NOPE", user=UserFactory())


def test_member_cannot_accept_a_second_invitation_to_the_same_gym(gym, coach, athlete):
    invitation = services.invitation_create(gym=gym, role=Role.ATHLETE, created_by=coach)
    with pytest.raises(ValidationError, match="already a member"):
        services.invitation_accept(code=invitation.code, user=athlete)
    assert invitation.__class__.objects.get(pk=invitation.pk).status == "pending"


def test_only_a_manager_invites_staff(gym, manager, coach):
    with pytest.raises(ValidationError, match="Only a manager"):
        services.invitation_create(gym=gym, role=Role.COACH, created_by=coach)
    invitation = services.invitation_create(
        gym=gym, role=Role.COACH, created_by=manager, email="new.coach@example.com"
    )
    assert invitation.role == Role.COACH


def test_athletes_and_outsiders_cannot_invite(gym, athlete):
    with pytest.raises(ValidationError):
        services.invitation_create(gym=gym, role=Role.ATHLETE, created_by=athlete)
    with pytest.raises(ValidationError):
        services.invitation_create(gym=gym, role=Role.ATHLETE, created_by=UserFactory())


def test_coach_of_another_gym_cannot_revoke(gym, coach):
    invitation = services.invitation_create(gym=gym, role=Role.ATHLETE, created_by=coach)
    other_coach = MembershipFactory(role=Role.COACH).user
    with pytest.raises(ValidationError):
        services.invitation_revoke(invitation=invitation, by=other_coach)


def test_athlete_leaving_ends_staff_access_at_once(gym, coach, athlete):
    assert athlete in selectors.athletes_for_staff(coach)
    services.membership_leave(membership=athlete.memberships.get(gym=gym))
    assert athlete not in selectors.athletes_for_staff(coach)
    assert athlete not in selectors.visible_athletes(coach)


def test_last_manager_cannot_leave(gym, manager):
    with pytest.raises(ValidationError, match="only manager"):
        services.membership_leave(membership=manager.memberships.get(gym=gym))
    second = MembershipFactory(gym=gym, role=Role.MANAGER).user
    services.membership_leave(membership=manager.memberships.get(gym=gym))
    assert list(
        Membership.objects.filter(gym=gym, role=Role.MANAGER).values_list("user", flat=True)
    ) == [second.pk]


def test_visibility_is_scoped_to_the_staff_members_gyms(gym, coach, athlete):
    other_gym_athlete = MembershipFactory(role=Role.ATHLETE).user
    other_gym_coach = MembershipFactory(
        gym=other_gym_athlete.memberships.get().gym, role=Role.COACH
    ).user
    fellow_coach = MembershipFactory(gym=gym, role=Role.COACH).user

    assert set(selectors.athletes_for_staff(coach)) == {athlete}
    assert set(selectors.athletes_for_staff(other_gym_coach)) == {other_gym_athlete}
    # Staff are not athletes of their own gym; athletes see no one else.
    assert fellow_coach not in selectors.athletes_for_staff(coach)
    assert set(selectors.visible_athletes(athlete)) == {athlete}
    assert set(selectors.visible_athletes(coach)) == {coach, athlete}


def test_athlete_in_two_of_a_coachs_gyms_appears_once(gym, coach, athlete):
    second_gym = GymFactory()
    MembershipFactory(gym=second_gym, user=coach, role=Role.COACH)
    MembershipFactory(gym=second_gym, user=athlete, role=Role.ATHLETE)
    assert list(selectors.athletes_for_staff(coach)) == [athlete]


def test_staff_seeing_lists_the_staff_of_the_athletes_gyms(gym, manager, coach, athlete):
    MembershipFactory(role=Role.COACH)  # a coach elsewhere
    assert {m.user for m in selectors.staff_seeing(athlete)} == {manager, coach}
