"""allauth flows as configured here: verification required, reset by real email, logout."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_unverified_email_cannot_log_in(client):
    user = UserFactory(verified=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_password_reset_by_real_email(client, smtp_server):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email.upper()})
    message = smtp_server.wait_for(1)[0]
    assert message["To"] == user.email
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", body).group(1)

    form_page = client.get(link, follow=True)
    set_password_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new_password = "tempo-on-thursday-77"
    response = client.post(set_password_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password(new_password)


def test_change_password(client):
    user = UserFactory()
    client.force_login(user)
    new_password = "long-run-sunday-88"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password(new_password)


def test_logout_needs_post(client):
    client.force_login(UserFactory())
    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "model",
    [
        "accounts.user",
        "accounts.gym",
        "accounts.membership",
        "accounts.invitation",
        "training.session",
        "training.exercise",
        "training.musclegroup",
    ],
)
def test_admin_lists_and_searches(admin_client, model):
    from tests.factories import StrengthFactory

    StrengthFactory(exercises=["Back squat"])
    app, name = model.split(".")
    url = reverse(f"admin:{app}_{name}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "example"}).status_code == 200
