"""The privacy and terms pages (issue 26): public, linked from sign-up and from every page's
footer, and saying what is stored, who sees it and how to delete it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_privacy_and_terms_are_public_and_linked_from_sign_up_and_the_footer(client):
    privacy = client.get(reverse("privacy"))
    terms = client.get(reverse("terms"))
    assert privacy.status_code == terms.status_code == 200
    text = privacy.content.decode()
    for words in (
        "What is stored",
        "urine colour",
        "Who sees it",
        "Delete your account",
        "Download all your data",
    ):
        assert words in text
    assert "not a diagnosis" in text
    assert "does not diagnose" in terms.content.decode()
    signup = client.get(reverse("account_signup")).content.decode()
    note = signup[signup.index('id="signup-terms"') :].split("</p>")[0]
    assert f'href="{reverse("terms")}"' in note
    assert f'href="{reverse("privacy")}"' in note
    home = client.get("/").content.decode()
    footer = home[home.index("<footer") :]
    assert f'href="{reverse("privacy")}"' in footer
    assert 'id="signup-terms"' not in client.get(reverse("account_login")).content.decode()
