"""Issue 16, staff: each athlete has an assigned coach within the gym; the roster's coach
filter selects those athletes (not the whole gym); staff see check-in notes."""

import pytest
from django.core.exceptions import ValidationError

from accounts import services as account_services
from accounts.models import Membership, Role
from tests.derived.forms import form_data
from tests.factories import GymFactory, MembershipFactory, SessionFactory, UserFactory, checkin
from training.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def gym():
    gym = GymFactory()
    people = {
        "manager": MembershipFactory(gym=gym, role=Role.MANAGER).user,
        "kim": MembershipFactory(
            gym=gym, role=Role.COACH, user=UserFactory(display_name="Kim")
        ).user,
        "lee": MembershipFactory(
            gym=gym, role=Role.COACH, user=UserFactory(display_name="Lee")
        ).user,
    }
    for name in ("Ada", "Bo", "Cy"):
        people[name] = MembershipFactory(gym=gym, user=UserFactory(display_name=name)).user
    return people


def _membership(athlete):
    return Membership.objects.get(user=athlete, role=Role.ATHLETE)


def _roster_names(client, **query) -> set[str]:
    body = client.get("/coach/", query).content.decode()
    return {name for name in ("Ada", "Bo", "Cy") if f">{name}</a>" in body}


def test_the_coach_filter_selects_the_coachs_own_athletes(client, gym):
    account_services.coach_assign(
        by=gym["manager"], membership=_membership(gym["Ada"]), coach=gym["kim"]
    )
    account_services.coach_assign(
        by=gym["manager"], membership=_membership(gym["Bo"]), coach=gym["lee"]
    )
    client.force_login(gym["manager"])
    assert _roster_names(client) == {"Ada", "Bo", "Cy"}
    assert _roster_names(client, coach=gym["kim"].pk) == {"Ada"}
    assert _roster_names(client, coach=gym["lee"].pk) == {"Bo"}
    # Someone outside the gym as the filter: no rows, and no access to anyone.
    outsider = MembershipFactory(role=Role.COACH).user
    assert _roster_names(client, coach=outsider.pk) == {
        "Ada",
        "Bo",
        "Cy",
    }  # not a coach here: ignored


def test_managers_assign_anyone_of_the_staff_coaches_only_themselves(client, gym):
    client.force_login(gym["manager"])
    response = client.post(f"/coach/athletes/{gym['Cy'].pk}/coach/", {"coach": gym["lee"].pk})
    assert response.status_code == 302
    assert _membership(gym["Cy"]).coach == gym["lee"]

    client.force_login(gym["kim"])
    client.post(f"/coach/athletes/{gym['Cy'].pk}/coach/", {"coach": gym["kim"].pk})
    assert _membership(gym["Cy"]).coach == gym["kim"]  # a coach takes an athlete on
    client.force_login(gym["lee"])
    page = client.post(f"/coach/athletes/{gym['Cy'].pk}/coach/", {"coach": ""}, follow=True)
    assert "Only a manager can unassign another coach" in page.content.decode()
    assert _membership(gym["Cy"]).coach == gym["kim"]
    page = client.post(
        f"/coach/athletes/{gym['Cy'].pk}/coach/", {"coach": gym["kim"].pk}, follow=True
    )
    assert "a manager assigns others" in page.content.decode()
    # Not a member of the gym: refused with a message, nothing changed.
    stranger = MembershipFactory(role=Role.COACH).user
    page = client.post(
        f"/coach/athletes/{gym['Cy'].pk}/coach/", {"coach": stranger.pk}, follow=True
    )
    assert "Choose one of this gym" in page.content.decode()
    assert _membership(gym["Cy"]).coach == gym["kim"]


def test_a_coach_who_leaves_the_gym_leaves_their_athletes_unassigned(gym):
    account_services.coach_assign(
        by=gym["kim"], membership=_membership(gym["Ada"]), coach=gym["kim"]
    )
    account_services.staff_remove(by=gym["manager"], membership=gym["kim"].memberships.get())
    assert _membership(gym["Ada"]).coach is None


def test_the_admin_refuses_a_coach_from_elsewhere(gym):
    membership = _membership(gym["Ada"])
    membership.coach = MembershipFactory(role=Role.COACH).user
    with pytest.raises(ValidationError):
        membership.full_clean()
    membership.coach = gym["kim"]
    membership.full_clean()


def test_staff_see_the_athletes_check_in_note(client, gym):
    checkin(gym["Ada"], note="Left calf tight after the stairs at work")
    client.force_login(gym["kim"])
    page = client.get(f"/coach/athletes/{gym['Ada'].pk}/").content.decode()
    assert "Left calf tight after the stairs at work" in page
    assert 'id="assigned-coach"' in page


def test_staff_edit_and_delete_a_session_logged_on_the_athletes_behalf(client, gym, seeded):
    ada = gym["Ada"]
    on_behalf = SessionFactory(athlete=ada, entered_by=gym["kim"], rpe=5)
    own = SessionFactory(athlete=ada, rpe=4)

    client.force_login(gym["lee"])  # another coach of the gym may act for Ada
    page = client.get(f"/coach/athletes/{ada.pk}/").content.decode()
    assert f"/training/{on_behalf.pk}/edit/" in page
    assert f"/training/{own.pk}/edit/" not in page  # Ada's own log stays hers
    assert client.get(f"/training/{own.pk}/edit/").status_code == 404
    assert client.post(f"/training/{own.pk}/delete/").status_code == 404

    form = client.get(f"/training/{on_behalf.pk}/edit/")
    assert form.status_code == 200
    data = form_data(form.content.decode(), "run-form")
    data["rpe"] = "7"
    response = client.post(f"/training/{on_behalf.pk}/edit/", data)
    assert response.url == f"/coach/athletes/{ada.pk}/"
    on_behalf.refresh_from_db()
    assert on_behalf.rpe == 7

    response = client.post(f"/training/{on_behalf.pk}/delete/")
    assert response.url == f"/coach/athletes/{ada.pk}/"
    assert not Session.objects.filter(pk=on_behalf.pk).exists()
    assert Session.objects.filter(pk=own.pk).exists()

    # Staff of another gym: as if it did not exist.
    other = SessionFactory(athlete=ada, entered_by=gym["kim"])
    client.force_login(MembershipFactory(role=Role.MANAGER).user)
    assert client.get(f"/training/{other.pk}/edit/").status_code == 404
