"""The admin's door is allauth's (issue 22): /admin/login/ never signs anyone in by itself, so
the second factor and the lockout that /accounts/login/ applies cannot be walked round."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from axes.models import AccessAttempt
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


def test_five_wrong_codes_lock_the_code_step_and_axes_records_each(client, superuser_with_totp):
    secret = Authenticator.objects.get(user=superuser_with_totp).wrap().instance.data["secret"]
    email = superuser_with_totp.email
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    for _ in range(4):
        wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert wrong.status_code == 200  # the form again, with its error
    fifth = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert fifth.status_code == 429  # axes' lockout, as after five wrong passwords
    assert "Too many failed logins" in fifth.content.decode()
    attempt = AccessAttempt.objects.get(username=email.lower())
    assert attempt.failures_since_start == 5
    assert attempt.path_info == "/accounts/2fa/authenticate/"
    right = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert right.status_code in (200, 429)
    assert _signed_in_as(client) is None
    # From another address the account's code step is closed too (counted per account).
    other = client.__class__(REMOTE_ADDR="203.0.113.9")
    other.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    page = other.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert "Too many wrong codes or passwords for this account" in page.content.decode()
    assert other.session.get("_auth_user_id") is None
