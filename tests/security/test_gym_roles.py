"""Gym roles cannot be taken over, and a coach's overrides live only as long as their access
(issue 14), written as the attacks."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import Invitation, Membership, Role
from recovery.staff import services as staff_services
from recovery.verdict import verdicts
from tests.factories import GymFactory, MembershipFactory, StrengthFactory, UserFactory, checkin

pytestmark = pytest.mark.django_db


@pytest.fixture
def gym():
    gym = GymFactory()
    manager = MembershipFactory(gym=gym, role=Role.MANAGER).user
    coach = MembershipFactory(gym=gym, role=Role.COACH).user
    athlete = MembershipFactory(gym=gym, role=Role.ATHLETE).user
    return gym, manager, coach, athlete


def test_the_coach_takeover_fails_at_every_step(client, gym):
    gym, manager, coach, _ = gym
    invite = services.invitation_create(
        gym=gym, role=Role.MANAGER, created_by=manager, email="new.manager@example.com"
    )
    # 1. The coach does not see the manager invitation.
    client.force_login(coach)
    page = client.get(reverse("recovery:coach_invite")).content.decode()
    assert invite.code not in page
    assert "Manager</strong>" not in page
    # 2. The coach cannot make one either.
    with pytest.raises(ValidationError):
        services.invitation_create(gym=gym, role=Role.MANAGER, created_by=coach, email="x@y.z")
    # 3. Given the code anyway, the coach (or a second account of theirs) cannot accept it.
    second = UserFactory()
    for person in (coach, second):
        with pytest.raises(ValidationError, match="another email address"):
            services.invitation_accept(code=invite.code, user=person)
    assert Membership.objects.get(gym=gym, user=coach).role == Role.COACH
    # 4. Only the verified owner of the address can.
    invited = UserFactory(email="new.manager@example.com")
    assert services.invitation_accept(code=invite.code, user=invited).role == Role.MANAGER


def test_a_staff_invitation_needs_an_email_and_a_verified_match(gym):
    gym, manager, _, _ = gym
    with pytest.raises(ValidationError, match="email address"):
        services.invitation_create(gym=gym, role=Role.COACH, created_by=manager)
    invite = services.invitation_create(
        gym=gym, role=Role.COACH, created_by=manager, email="Coach2@Example.com"
    )
    unverified = UserFactory(email="coach2@example.com", verified=False)
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False)
    with pytest.raises(ValidationError):
        services.invitation_accept(code=invite.code, user=unverified)


def test_a_removed_manager_cannot_rejoin_with_an_invitation_made_earlier(gym):
    gym, manager, _, _ = gym
    second = MembershipFactory(gym=gym, role=Role.MANAGER).user
    alt = UserFactory(email="alt@example.com")
    invite = services.invitation_create(
        gym=gym, role=Role.MANAGER, created_by=second, email="alt@example.com"
    )
    services.staff_remove(by=manager, membership=Membership.objects.get(gym=gym, user=second))
    with pytest.raises(ValidationError, match="revoked"):
        services.invitation_accept(code=invite.code, user=alt)


def test_invitations_die_with_their_creators_account(gym):
    gym, _, coach, _ = gym
    invite = services.invitation_create(gym=gym, role=Role.ATHLETE, created_by=coach)
    services.user_delete(user=coach)
    assert not Invitation.objects.pending().filter(pk=invite.pk).exists()
    with pytest.raises(ValidationError):
        services.invitation_accept(code=invite.code, user=UserFactory())


def test_the_list_shows_a_code_in_full_only_once_to_its_creator(client, gym):
    gym, _, coach, _ = gym
    client.force_login(coach)
    client.post(reverse("recovery:coach_invite"), {"gym": gym.pk, "role": "athlete"})
    invite = Invitation.objects.get(created_by=coach)
    assert invite.code in client.get(reverse("recovery:coach_invite")).content.decode()
    assert invite.code not in client.get(reverse("recovery:coach_invite")).content.decode()


def _override_today(coach, athlete, level=4, minutes=90):
    StrengthFactory(athlete=athlete, exercises=["Back squat"])  # the engine says easy today
    checkin(athlete)
    staff_services.override_set(
        staff=coach,
        athlete=athlete,
        day=athlete.local_today(),
        level=level,
        max_minutes=minutes,
        note="Go",
    )
    return verdicts.verdict_today(athlete)


@pytest.mark.parametrize("who_leaves", ["athlete", "coach"])
def test_an_override_ends_with_the_membership_it_was_made_through(gym, who_leaves):
    gym, manager, coach, athlete = gym
    assert _override_today(coach, athlete, level=1, minutes=10).override_id is not None
    if who_leaves == "athlete":
        services.membership_leave(membership=Membership.objects.get(gym=gym, user=athlete))
    else:
        services.staff_remove(by=manager, membership=Membership.objects.get(gym=gym, user=coach))
    verdict = verdicts.verdict_today(athlete)
    assert verdict.override_id is None
    assert "CO" not in [rule["rule_id"] for rule in verdict.fired]


def test_staff_of_another_gym_cannot_set_or_clear_an_override(gym):
    gym, _, coach, athlete = gym
    _override_today(coach, athlete, level=1, minutes=10)
    stranger = MembershipFactory(role=Role.COACH).user
    with pytest.raises(PermissionDenied):
        staff_services.override_clear(staff=stranger, athlete=athlete, day=athlete.local_today())
    # Staff of a second gym the athlete also joined cannot clear the first gym's override.
    other_gym_coach = MembershipFactory(role=Role.COACH).user
    MembershipFactory(gym=other_gym_coach.memberships.get().gym, user=athlete)
    staff_services.override_clear(staff=other_gym_coach, athlete=athlete, day=athlete.local_today())
    assert verdicts.verdict_today(athlete).override_id is not None


def test_the_athlete_can_dismiss_an_override(client, gym):
    _, _, coach, athlete = gym
    _override_today(coach, athlete, level=1, minutes=10)
    client.force_login(athlete)
    page = client.get(reverse("recovery:today")).content.decode()
    assert "Set my coach's advice aside" in page
    today = athlete.local_today()
    response = client.post(reverse("recovery:override_dismiss"), {"date": str(today)})
    assert response.status_code == 302
    assert verdicts.verdict_today(athlete).override_id is None
    assert (
        client.post(reverse("recovery:override_dismiss"), {"date": "9999-99-99"}).status_code == 302
    )


@pytest.mark.django_db(transaction=True)
def test_two_managers_leaving_at_once_cannot_leave_the_gym_without_one():
    import threading

    from django.db import connection

    gym = GymFactory()
    first = MembershipFactory(gym=gym, role=Role.MANAGER)
    second = MembershipFactory(gym=gym, role=Role.MANAGER)
    start, outcomes = threading.Barrier(2), []

    def leave(membership):
        start.wait()
        try:
            services.membership_leave(membership=membership)
            outcomes.append("left")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=leave, args=(m,)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["left", "refused"]
    assert Membership.objects.filter(gym=gym, role=Role.MANAGER).count() == 1
