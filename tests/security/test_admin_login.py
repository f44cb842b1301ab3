"""The admin's door is allauth's (issue 22): /admin/login/ never signs anyone in by itself, so
the second factor and the lockout that /accounts/login/ applies cannot be walked round."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_with_totp():
    admin = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(admin, generate_totp_secret())
    return admin


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_an_athletes_session_posting_a_superusers_password_gets_no_admin(
    client, superuser_with_totp
):
    athlete = UserFactory()
    client.force_login(athlete)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": superuser_with_totp.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 403
    assert _signed_in_as(client) == str(athlete.pk)
    assert client.get("/admin/").status_code == 302  # not the admin index


def test_signed_out_the_admin_login_sends_to_allauth_and_the_code(client, superuser_with_totp):
    response = client.post(
        "/admin/login/", {"username": superuser_with_totp.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert _signed_in_as(client) is None

    response = client.post(
        reverse("account_login"), {"login": superuser_with_totp.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")  # the password is not enough
    assert _signed_in_as(client) is None
    assert client.get("/admin/").status_code == 302


def test_a_signed_in_superuser_goes_on_to_the_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/login/?next=/admin/recovery/")
    assert response["Location"] == "/admin/recovery/"
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
