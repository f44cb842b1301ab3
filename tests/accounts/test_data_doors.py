"""What happens to other people's data (issue 22): staff alerts never name the symptom, staff
notifications naming an athlete go when the athlete leaves or deletes the account, axes'
records of a deleted account go with it, and a gym's last manager cannot vanish from it."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Gym, Role, User
from recovery import services
from recovery.models import Notification, Reminder, ReminderKind, ReminderStatus
from recovery.reminders import services as reminder_services
from tests.factories import PASSWORD, MembershipFactory
from tests.recovery.factories import checkin_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def gym_with_alert(smtp_server):
    coach = MembershipFactory(role=Role.COACH, user__display_name="Kim").user
    athlete = MembershipFactory(gym=coach.memberships.get().gym, role=Role.ATHLETE,
                                user__display_name="Ada").user  # fmt: skip
    services.checkin_save(
        athlete=athlete, day=athlete.local_today(), answers=checkin_answers(rf_dark_urine=True)
    )
    alert = Reminder.objects.get(athlete=athlete, kind=ReminderKind.RED_FLAG_ALERT)
    Reminder.objects.filter(pk=alert.pk).update(status=ReminderStatus.SENDING)
    reminder_services.reminder_send(alert.pk)
    return coach, athlete, smtp_server


def test_the_staff_alert_says_a_warning_sign_was_answered_never_which(gym_with_alert):
    coach, athlete, mailbox = gym_with_alert
    message = mailbox.wait_for(1)[0]
    assert message["To"] == coach.email
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Ada answered a warning sign" in body
    assert reverse("recovery:coach_athlete", args=[athlete.pk]) in body
    for symptom in ("urine", "dark", "cola", "kidney"):
        assert symptom not in body.lower()
        assert symptom not in message["Subject"].lower()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "urine" not in html.lower()


def test_staff_notifications_naming_an_athlete_go_when_they_leave(gym_with_alert):
    coach, athlete, _ = gym_with_alert
    assert Notification.objects.filter(user=coach, about=athlete).count() == 1
    account_services.membership_leave(membership=athlete.memberships.get())
    assert not Notification.objects.filter(user=coach, about=athlete).exists()


def test_and_when_they_delete_the_account(gym_with_alert):
    coach, athlete, _ = gym_with_alert
    account_services.user_delete(user=athlete)
    assert not Notification.objects.filter(user=coach).exists()


def test_axes_records_of_a_deleted_account_go_with_it(client):
    user = MembershipFactory(role=Role.ATHLETE).user
    client.post(reverse("account_login"), {"login": user.email, "password": "wrong-one"})
    assert AccessAttempt.objects.filter(username=user.email.lower()).exists()
    account_services.user_delete(user=user)
    assert not AccessAttempt.objects.filter(username=user.email.lower()).exists()


def test_the_last_manager_of_a_gym_with_members_cannot_delete_the_account(client):
    manager = MembershipFactory(role=Role.MANAGER).user
    gym = manager.memberships.get().gym
    MembershipFactory(gym=gym, role=Role.ATHLETE)
    client.force_login(manager)
    page = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert page.status_code == 422
    assert f"You are the only manager of {gym.name}, which still has members" in (
        page.content.decode()
    )
    assert User.objects.filter(pk=manager.pk).exists()
    MembershipFactory(gym=gym, role=Role.MANAGER)  # another manager: now they may
    client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert not User.objects.filter(pk=manager.pk).exists()
    assert Gym.objects.filter(pk=gym.pk).exists()


def test_a_gym_its_manager_alone_belonged_to_closes_with_the_account():
    manager = MembershipFactory(role=Role.MANAGER).user
    gym = manager.memberships.get().gym
    account_services.user_delete(user=manager)
    assert not Gym.objects.filter(pk=gym.pk).exists()
