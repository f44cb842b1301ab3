"""Personal access tokens for the API (issue 27): made once and stored hashed, read-only or
read-write, expiring and revocable on the next request, staff only with a second factor,
rate-limited with Retry-After, and never written in clear to the database or the logs."""

import datetime as dt
import logging

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts import services
from accounts.models import ApiToken, Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _token(user=None, **options):
    user = user or UserFactory()
    made, token = services.api_token_create(
        user=user, name="watch", can_write=options.pop("can_write", True), days=30, **options
    )
    return user, made, token


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_reads_the_owners_data_and_nothing_without_it(client):
    user, made, token = _token()
    response = client.get("/api/me", headers=_auth(token))
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    anonymous = client.get("/api/me")
    assert anonymous.status_code == 401
    assert anonymous["Content-Type"] == "application/problem+json"
    assert anonymous.json()["status"] == 401
    assert client.get("/api/me", headers=_auth(token + "x")).status_code == 401
    made.refresh_from_db()
    assert made.last_used_at is not None


def test_a_read_only_token_cannot_write(client):
    _, _, token = _token(can_write=False)
    assert client.get("/api/sessions", headers=_auth(token)).status_code == 200
    response = client.patch(
        "/api/me", {"goal": "running"}, content_type="application/json", headers=_auth(token)
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_revoking_and_expiry_take_effect_on_the_next_request(client, time_machine):
    user, made, token = _token()
    assert client.get("/api/me", headers=_auth(token)).status_code == 200
    assert services.api_token_revoke(user=user, pk=made.pk)
    assert client.get("/api/me", headers=_auth(token)).status_code == 401
    _, _, second = _token(user)
    assert client.get("/api/me", headers=_auth(second)).status_code == 200
    time_machine.move_to(timezone.now() + dt.timedelta(days=30, seconds=1))
    assert client.get("/api/me", headers=_auth(second)).status_code == 401


def test_a_staff_token_needs_the_second_factor(client, settings):
    settings.MFA_REQUIRED = True
    coach = MembershipFactory(role=Role.COACH).user
    with pytest.raises(services.ValidationError):
        services.api_token_create(user=coach, name="x", can_write=False, days=None)
    Authenticator.objects.create(user=coach, type=Authenticator.Type.TOTP, data={"secret": "x"})
    _, _made, token = _token(coach)
    assert client.get("/api/me", headers=_auth(token)).status_code == 200
    Authenticator.objects.filter(user=coach).delete()  # the second factor removed
    assert client.get("/api/me", headers=_auth(token)).status_code == 401


def test_the_rate_limit_answers_429_with_retry_after(client, settings):
    settings.API_RATE = "3/m"
    _, _, token = _token()
    codes = [client.get("/api/me", headers=_auth(token)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/me", headers=_auth(token))
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    _, _, other = _token()  # per token: another one is not held back
    assert client.get("/api/me", headers=_auth(other)).status_code == 200


def test_a_token_is_never_in_clear_in_the_database_or_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    _user, made, token = _token()
    client.get("/api/me", headers=_auth(token))
    client.get(f"/api/sessions/{2**40}", headers=_auth(token))  # an error on the way
    client.get(f"/api/me?token={token}")  # pasted where it does not belong
    logging.getLogger("django.request").warning("seen %s", token)
    assert token not in caplog.text
    assert made.prefix in token
    assert made.digest != token
    with connection.cursor() as cursor:
        for table in ("accounts_apitoken", "django_session"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            assert token not in repr(cursor.fetchall())
    assert not ApiToken.objects.filter(digest=token).exists()


def test_settings_make_a_token_shown_once_list_it_and_revoke_it(client):
    user = UserFactory()
    client.force_login(user)
    bad = client.post("/accounts/tokens/", {"name": "  ", "access": "write", "days": "30"})
    assert bad.status_code == 422
    assert ApiToken.objects.count() == 0
    made = client.post("/accounts/tokens/", {"name": "Shortcut", "access": "write", "days": "30"})
    page = made.content.decode()
    token = page.split('id="new-token-value" value="')[1].split('"')[0]
    assert token.startswith("rr_")
    row = ApiToken.objects.get()
    assert (row.name, row.can_write, row.prefix) == ("Shortcut", True, token[:10])
    api = Client()  # not signed in: only the token speaks
    assert api.get("/api/me", headers=_auth(token)).status_code == 200
    again = client.get("/accounts/settings/").content.decode()
    assert token not in again
    assert "Shortcut" in again
    assert f"{row.prefix}…" in again
    client.post(f"/accounts/tokens/{row.pk}/revoke/")
    assert api.get("/api/me", headers=_auth(token)).status_code == 401
    assert "Revoked" in client.get("/accounts/settings/").content.decode()


def test_the_browser_session_works_and_its_writes_need_the_csrf_token():
    user = UserFactory(goal="balanced")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.get("/api/me").json()["email"] == user.email
    refused = browser.patch("/api/me", {"goal": "running"}, content_type="application/json")
    assert refused.status_code == 403
    browser.get("/accounts/settings/")  # the page sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    changed = browser.patch(
        "/api/me",
        {"goal": "running"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert changed.status_code == 200
    assert changed.json()["goal"] == "running"


def test_the_schema_and_the_docs_are_served_from_here_under_the_csp(client):
    schema = client.get("/api/schema").json()
    assert schema["openapi"].startswith("3.1")
    assert {"/api/me", "/api/today", "/api/sessions", "/api/checkins/{day}"} <= set(schema["paths"])
    problem = schema["paths"]["/api/me"]["get"]["responses"]["401"]["content"]
    assert list(problem) == ["application/problem+json"]
    docs = client.get("/api/docs")
    page = docs.content.decode()
    assert docs.status_code == 200
    assert "/static/ninja/swagger-ui-bundle" in page
    assert "cdn." not in page
    assert "script-src 'self'" in docs["Content-Security-Policy"]


def test_the_rate_limit_is_per_signed_in_user_not_per_name(settings):
    settings.API_RATE = "2/m"
    first, second = UserFactory(display_name="Sam"), UserFactory(display_name="Sam")
    browsers = []
    for user in (first, second):
        browser = Client()
        browser.force_login(user)
        browsers.append(browser)
    assert [browsers[0].get("/api/me").status_code for _ in range(3)] == [200, 200, 429]
    assert browsers[1].get("/api/me").status_code == 200  # another Sam has their own bucket
