"""Passwords (issue 30): Argon2id with OWASP's parameters; a password stored with PBKDF2 or
with Django's Argon2 parameters is re-hashed with them at the next sign-in."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password

from config.settings import base
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
OWASP = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


def _sign_in(client, email: str, password: str) -> int:
    client.logout()
    return client.post("/accounts/login/", {"login": email, "password": password}).status_code


@pytest.mark.parametrize(
    "stored",
    [
        lambda: make_password(PASSWORD, hasher="pbkdf2_sha256"),
        lambda: Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt()),
    ],
    ids=["pbkdf2", "django-argon2-defaults"],
)
def test_an_older_hash_is_remade_at_the_next_sign_in(client, settings, stored):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    user = UserFactory()
    user.password = stored()
    user.save(update_fields=["password"])
    assert not user.password.startswith(OWASP)

    assert _sign_in(client, user.email, "not-the-password") == 200  # the form, again
    user.refresh_from_db()
    assert not user.password.startswith(OWASP)  # a wrong password changes nothing

    assert _sign_in(client, user.email, PASSWORD) == 302
    user.refresh_from_db()
    assert user.password.startswith(OWASP)
    assert user.check_password(PASSWORD)
    assert _sign_in(client, user.email, PASSWORD) == 302  # and it still signs in


def test_a_new_password_is_hashed_with_owasp_argon2id(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    assert make_password("a-long-enough-password").startswith(OWASP)
