"""CSRF, sessions, lockout, escaping, CSP and production cookie settings."""

import datetime as dt
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from recovery import services
from recovery.staff import services as staff_services
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    SessionFactory,
    UserFactory,
    checkin_answers,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    "url", ["/checkin/", "/accounts/settings/", "/training/runs/new/", "/coach/invite/"]
)
def test_post_without_csrf_token_is_403(url, htmx):
    client = Client(enforce_csrf_checks=True)
    client.force_login(MembershipFactory(role=Role.COACH).user)
    headers = {"HX-Request": "true"} if htmx else {}
    assert client.post(url, {}, headers=headers).status_code == 403


def test_login_gives_a_new_session_and_logout_kills_it(client):
    user = UserFactory()
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    after = client.session.session_key
    assert after
    assert after != before
    stolen = Client()
    stolen.cookies["sessionid"] = after
    assert stolen.get(reverse("recovery:today")).status_code == 200
    client.post(reverse("account_logout"))
    assert stolen.get(reverse("recovery:today")).status_code == 302  # the old session is dead


def _fail(client, email, times):
    for _ in range(times):
        response = client.post(
            reverse("account_login"), {"login": email, "password": "wrong-password"}
        )
    return response


def test_lockout_lifts_after_the_cool_off(client, settings):
    user = UserFactory()
    assert _fail(client, user.email, settings.AXES_FAILURE_LIMIT).status_code == 429
    assert (
        client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        ).status_code
        == 429
    )
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1)):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
    assert response.status_code == 302  # no permanent lockout by a stranger


def test_lockout_does_not_reveal_whether_an_email_is_registered(client, settings):
    user = UserFactory()
    wrong_known = client.post(
        reverse("account_login"), {"login": user.email, "password": "nope"}
    ).content.decode()
    wrong_unknown = client.post(
        reverse("account_login"), {"login": "nobody@example.com", "password": "nope"}
    ).content.decode()
    message = "The email address and/or password you specified are not correct."
    assert message in html.unescape(wrong_known)
    assert message in html.unescape(wrong_unknown)
    known = _fail(client, user.email, settings.AXES_FAILURE_LIMIT)
    unknown = _fail(client, "nobody@example.com", settings.AXES_FAILURE_LIMIT)
    assert known.status_code == unknown.status_code == 429
    assert _without_tokens(known, user.email) == _without_tokens(unknown, "nobody@example.com")


def _without_tokens(response, email: str) -> str:
    page = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", page)


def test_html_in_free_text_is_escaped_everywhere_it_is_shown(client):
    coach = MembershipFactory(role=Role.COACH).user
    gym = coach.memberships.get().gym
    athlete = MembershipFactory(gym=gym, role=Role.ATHLETE, user__display_name=SCRIPT[:80]).user
    session = SessionFactory(athlete=athlete, notes=SCRIPT)
    services.checkin_save(
        athlete=athlete, day=athlete.local_today(), answers=checkin_answers(note=SCRIPT)
    )
    staff_services.note_add(staff=coach, athlete=athlete, body=SCRIPT)
    staff_services.override_set(
        staff=coach,
        athlete=athlete,
        day=athlete.local_today(),
        level=3,
        max_minutes=30,
        note=SCRIPT[:300],
    )
    pages = []
    client.force_login(athlete)
    pages += [
        client.get(session.get_absolute_url()),
        client.get(reverse("recovery:today")),
        client.get(reverse("training:history")),
        client.get(reverse("accounts:account_settings")),
    ]
    client.force_login(coach)
    pages += [
        client.get(reverse("recovery:coach_roster")),
        client.get(reverse("recovery:coach_athlete", args=[athlete.pk])),
    ]
    for response in pages:
        page = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in page
        assert "<img src=x" not in page


@pytest.mark.parametrize(
    "url", ["/", "/accounts/login/", "/today/", "/training/", "/coach/", "/guidance/", "/healthz"]
)
def test_every_page_has_a_content_security_policy(client, url):
    client.force_login(MembershipFactory(role=Role.COACH).user)
    policy = client.get(url)["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_inline_script_or_event_handlers_in_templates():
    for template in (ROOT / "templates").rglob("*.html"):
        if "email" in template.parts:
            continue
        text = template.read_text()
        assert "<script>" not in text.replace("<script src", ""), template
        for handler in (" onclick=", " onload=", " onerror=", "hx-on"):
            assert handler not in text, (template, handler)


def test_production_cookies_are_secure_and_http_only():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="x" * 60)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "True"]
