"""The confirmation email speaks as RunReady with the site's own address, and its link
confirms in one tap (issue 26)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_confirmation_email_is_branded_and_its_link_confirms_in_one_tap(
    client, mailoutbox, settings
):
    settings.SITE_URL = "https://runready.example"
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "squats-then-strides-42",
            "password2": "squats-then-strides-42",
        },
    )
    body = mailoutbox[0].body
    assert body.startswith("Hello from RunReady")
    assert "https://runready.example" in body
    assert "has given your email address" not in body
    assert "testserver!" not in body
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", body).group(1)
    response = client.get(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.com").verified
