"""Settings, staff pages, invitations, data rights and lockout, through the test client."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from accounts.models import DEFAULT_REMINDER_TIME, Invitation, Membership, Role, User
from tests.factories import PASSWORD, GymFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID_SETTINGS = {
    "display_name": "Riley",
    "time_zone": "Europe/Berlin",
    "distance_unit": "mi",
    "weight_unit": "lb",
    "body_mass_kg": "72.5",
    "fitness_level": "novice",
    "goal": "running",
    "reminder_time": "06:30",
    "remind_next_day": "on",
    "remind_by_email": "on",
}


def test_settings_saves_every_field(athlete_client):
    response = athlete_client.post(reverse("accounts:account_settings"), VALID_SETTINGS)
    assert response.status_code == 302
    user = User.objects.get(pk=athlete_client.user.pk)
    assert user.time_zone == "Europe/Berlin"
    assert user.reminder_time.strftime("%H:%M") == "06:30"
    assert str(user.body_mass_kg) == "72.5"
    assert (user.distance_unit, user.fitness_level, user.goal) == ("mi", "novice", "running")
    assert (user.remind_next_day, user.remind_day_2) == (True, False)
    assert (user.remind_by_email, user.remind_in_app) == (True, False)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Olympus_Mons", "Select a valid choice"),
        ("reminder_time", "25:99", "Enter a time as hours and minutes"),
        ("body_mass_kg", "5", "greater than or equal to 25"),
        ("body_mass_kg", "abc", "Enter a number"),
        ("fitness_level", "elite", "Select a valid choice"),
        ("display_name", "!!!", "at least one letter or digit"),
        ("distance_unit", "furlong", "Select a valid choice"),
    ],
)
def test_bad_settings_show_the_error_and_save_nothing(athlete_client, field, value, message):
    response = athlete_client.post(
        reverse("accounts:account_settings"), {**VALID_SETTINGS, field: value}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert f'id="error_1_id_{field}"' in response.content.decode()  # next to the field
    user = User.objects.get(pk=athlete_client.user.pk)
    assert user.time_zone == "UTC"
    assert user.reminder_time == DEFAULT_REMINDER_TIME


def test_settings_show_gyms_and_staff_who_see_the_data(athlete_client):
    gym = GymFactory(name="Iron Harriers")
    MembershipFactory(gym=gym, user=athlete_client.user, role=Role.ATHLETE)
    MembershipFactory(gym=gym, role=Role.COACH, user__display_name="Coach Kim")
    page = athlete_client.get(reverse("accounts:account_settings")).content.decode()
    assert "Iron Harriers" in page
    assert "Coach Kim" in page


@pytest.fixture
def gym_world():
    gym = GymFactory()
    coach = MembershipFactory(gym=gym, role=Role.COACH).user
    athlete = MembershipFactory(gym=gym, role=Role.ATHLETE).user
    other_coach = MembershipFactory(role=Role.COACH).user
    left = MembershipFactory(gym=gym, role=Role.ATHLETE).user
    Membership.objects.filter(user=left).delete()
    return {
        "gym": gym,
        "coach": coach,
        "athlete": athlete,
        "other_coach": other_coach,
        "left": left,
    }


@pytest.mark.parametrize(
    ("viewer", "subject", "expected"),
    [
        ("coach", "athlete", 200),
        ("other_coach", "athlete", 404),
        ("athlete", "athlete", 404),
        ("coach", "left", 404),
        ("coach", "other_coach", 404),
    ],
)
def test_staff_athlete_page_access(client, gym_world, viewer, subject, expected):
    client.force_login(gym_world[viewer])
    url = reverse("recovery:coach_athlete", args=[gym_world[subject].pk])
    assert client.get(url).status_code == expected


def test_staff_athlete_page_anonymous_goes_to_login(client, gym_world):
    response = client.get(reverse("recovery:coach_athlete", args=[gym_world["athlete"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_roster_lists_only_own_gym_athletes(client, gym_world):
    client.force_login(gym_world["coach"])
    page = client.get(reverse("recovery:coach_roster")).content.decode()
    assert gym_world["athlete"].name in page
    assert gym_world["left"].name not in page
    client.force_login(gym_world["athlete"])
    assert client.get(reverse("recovery:coach_roster")).status_code == 403


def test_home_sends_people_to_their_home(client, gym_world):
    client.force_login(gym_world["coach"])
    assert client.get("/")["Location"] == reverse("recovery:coach_roster")
    client.force_login(gym_world["athlete"])
    assert client.get("/")["Location"] == reverse("recovery:today")


def test_coach_creates_and_revokes_an_invitation(client, gym_world):
    client.force_login(gym_world["coach"])
    response = client.post(
        reverse("recovery:coach_invite"), {"gym": gym_world["gym"].pk, "role": "athlete"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(gym=gym_world["gym"])
    assert invitation.code in client.get(reverse("recovery:coach_invite")).content.decode()

    client.post(reverse("recovery:coach_invite_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "revoked"


def test_coach_cannot_invite_staff_or_use_another_gym(client, gym_world):
    client.force_login(gym_world["coach"])
    response = client.post(
        reverse("recovery:coach_invite"), {"gym": gym_world["gym"].pk, "role": "coach"}
    )
    assert response.status_code == 422
    other_gym = gym_world["other_coach"].memberships.get().gym
    response = client.post(
        reverse("recovery:coach_invite"), {"gym": other_gym.pk, "role": "athlete"}
    )
    assert response.status_code == 422
    assert not Invitation.objects.exists()


def test_join_link_accept_and_leave(client, gym_world):
    invitation = Invitation.objects.create(
        gym=gym_world["gym"],
        role=Role.ATHLETE,
        code="ABCDEFGHJK",
        created_by=gym_world["coach"],
        expires_at="2999-01-01T00:00Z",
    )
    newcomer = UserFactory()
    client.force_login(newcomer)
    assert gym_world["gym"].name in client.get(invitation.get_absolute_url()).content.decode()
    client.post(invitation.get_absolute_url())
    membership = Membership.objects.get(user=newcomer, gym=gym_world["gym"])

    # A second use of the same link is refused with a page that says why.
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 404
    assert "accepted" in response.content.decode()

    client.post(reverse("accounts:gym_leave", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_cannot_leave_for_someone_else(client, gym_world):
    client.force_login(gym_world["coach"])
    membership = gym_world["athlete"].memberships.get()
    assert client.post(reverse("accounts:gym_leave", args=[membership.pk])).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_join_by_code_form_leads_to_the_invitation(athlete_client):
    response = athlete_client.get(reverse("accounts:gym_join_form"), {"code": " abcdefghjk "})
    assert response["Location"] == reverse("accounts:gym_join", args=["ABCDEFGHJK"])


def test_export_is_a_zip_of_json_and_csv(athlete_client):
    MembershipFactory(user=athlete_client.user, gym__name="=HYPERLINK(1)")
    response = athlete_client.get(reverse("accounts:account_export"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"runready.json", "profile.csv", "memberships.csv"} <= set(archive.namelist())
    data = json.loads(archive.read("runready.json"))
    assert data["profile"][0]["email"] == athlete_client.user.email
    csv_text = archive.read("memberships.csv").decode()
    assert "'=HYPERLINK(1)" in csv_text  # formula neutralised


def test_delete_needs_the_password(athlete_client):
    user = athlete_client.user
    response = athlete_client.post(reverse("accounts:account_delete"), {"password": "wrong"})
    assert response.status_code == 422
    assert "Nothing was deleted" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_removes_the_account_and_its_data(athlete_client):
    user = athlete_client.user
    MembershipFactory(user=user)
    response = athlete_client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    assert athlete_client.get(reverse("recovery:today")).status_code == 302  # logged out


def test_repeated_wrong_passwords_lock_the_login(client, settings):
    user = UserFactory()
    login = reverse("account_login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login, {"login": user.email, "password": "nope"})
        assert response.status_code == 200
        assert "Too many failed logins" not in response.content.decode()
    response = client.post(login, {"login": user.email, "password": "nope"})
    assert response.status_code == 429
    assert "locked after 5 wrong passwords" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(login, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The lock is per account: another person on the same network can still log in.
    other = UserFactory()
    response = client.post(login, {"login": other.email, "password": PASSWORD})
    assert response.status_code == 302


def test_export_includes_sessions_and_exercise_rows(athlete_client):
    from tests.factories import SessionFactory, StrengthFactory

    StrengthFactory(athlete=athlete_client.user, exercises=["Back squat", "Plank"])
    SessionFactory(athlete=athlete_client.user, notes="+cmd|' /C calc'!A0")
    SessionFactory()  # someone else's
    archive = zipfile.ZipFile(
        io.BytesIO(athlete_client.get(reverse("accounts:account_export")).content)
    )
    data = json.loads(archive.read("runready.json"))
    assert len(data["sessions"]) == 2
    assert {row["exercise_name"] for row in data["exercise_entries"]} == {"Back squat", "Plank"}
    assert "sessions.csv" in archive.namelist()
    assert "'+cmd" in archive.read("sessions.csv").decode()
