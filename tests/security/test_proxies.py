"""Client addresses behind a proxy (issue 14): X-Forwarded-For counts only from proxies we
trust, so a spoofed header neither dodges a lockout nor lets one client lock out another."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


def _login(client, email, password, *, forwarded_for=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def _trust_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_without_a_trusted_proxy_a_spoofed_forwarded_for_does_not_dodge_the_lockout(
    client, settings
):
    user = UserFactory()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = _login(
            client, user.email, "wrong", forwarded_for=f"203.0.113.{attempt}", remote="192.0.2.9"
        )
    assert response.status_code == 429
    assert (
        _login(
            client, user.email, PASSWORD, forwarded_for="198.51.100.1", remote="192.0.2.9"
        ).status_code
        == 429
    )


def test_behind_a_trusted_proxy_one_clients_failures_do_not_lock_out_another(client, settings):
    _trust_one_proxy(settings)
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):  # a spoofed left entry changes nothing
        response = _login(client, user.email, "wrong", forwarded_for="1.2.3.4, 203.0.113.5")
    assert response.status_code == 429  # the guessing client is locked out
    assert _login(client, user.email, PASSWORD, forwarded_for="203.0.113.5").status_code == 429
    other = _login(client, user.email, PASSWORD, forwarded_for="198.51.100.7")
    assert other.status_code == 302  # the account's owner, elsewhere, still signs in


def test_without_a_trusted_proxy_every_client_behind_it_is_one_address(client, settings):
    """The documented reason to set TRUSTED_PROXY_COUNT: left at 0 behind a proxy, all
    clients share the proxy's address."""
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.email, "wrong", forwarded_for="203.0.113.5")
    assert _login(client, user.email, PASSWORD, forwarded_for="198.51.100.7").status_code == 429
