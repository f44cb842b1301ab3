"""Onboarding: the device's time zone at sign-up, first-run setup, the one-time question."""

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _sign_up(client, email: str, **extra):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post("/accounts/signup/", data)


@pytest.mark.parametrize(
    ("sent", "saved"),
    [("America/New_York", "America/New_York"), ("Mars/Olympus", "UTC"), ("", "UTC")],
)
def test_sign_up_keeps_the_devices_time_zone_when_it_is_real(client, sent, saved):
    _sign_up(client, "new@example.com", time_zone=sent)
    user = User.objects.get(email="new@example.com")
    assert (user.time_zone, user.time_zone_confirmed, user.onboarded_at) == (saved, False, None)


def test_until_onboarding_is_done_signing_in_leads_there(client):
    user = UserFactory(onboarded_at=None, time_zone_confirmed=False, time_zone="Europe/Oslo")
    client.force_login(user)
    assert client.get("/").url == "/onboarding/"
    page = client.get("/onboarding/")
    assert page.status_code == 200
    assert 'data-confirmed="no"' in page.content.decode()

    bad = client.post("/onboarding/", {"time_zone": "Nowhere/Land", "reminder_time": "25:00"})
    assert bad.status_code == 422
    user.refresh_from_db()
    assert user.onboarded_at is None

    response = client.post(
        "/onboarding/",
        {
            "display_name": "  Ingrid ",
            "time_zone": "Europe/Oslo",
            "reminder_time": "06:15",
            "distance_unit": "mi",
            "weight_unit": "lb",
            "fitness_level": "novice",
            "legs_trained_recently": "yes",
            "goal": "running",
            "body_mass_kg": "",
        },
    )
    assert response.url == "/"
    user.refresh_from_db()
    assert user.onboarded_at is not None
    assert user.time_zone_confirmed
    assert user.legs_trained_recently is True
    assert (user.reminder_time.strftime("%H:%M"), user.distance_unit, user.goal) == (
        "06:15",
        "mi",
        "running",
    )
    assert client.get("/").url == "/today/"
    assert user.display_name == "Ingrid"
    assert "Hello, Ingrid" in client.get("/today/").content.decode()


def test_onboarding_refuses_a_name_of_symbols_and_keeps_the_other_answers(client):
    user = UserFactory(onboarded_at=None, display_name="")
    client.force_login(user)
    answers = {"display_name": "!!!", "time_zone": "UTC", "reminder_time": "06:45"}
    answers |= {"distance_unit": "km", "weight_unit": "kg", "fitness_level": "novice"}
    page = client.post("/onboarding/", {**answers, "goal": "running"})
    assert page.status_code == 422
    assert "Use at least one letter or digit." in page.content.decode()
    assert 'value="06:45"' in page.content.decode()
    user.refresh_from_db()
    assert (user.display_name, user.onboarded_at) == ("", None)


def test_an_account_still_on_utc_is_asked_once(client):
    user = UserFactory(time_zone="UTC", time_zone_confirmed=False)
    client.force_login(user)
    assert 'id="time-zone-offer"' in client.get("/today/").content.decode()

    bad = client.post("/onboarding/time-zone/", {"time_zone": "x", "next": "/today/"})
    assert bad.url == "/today/"
    user.refresh_from_db()
    assert (user.time_zone, user.time_zone_confirmed) == ("UTC", False)

    # "Keep UTC" is an answer too; an outside `next` is not followed.
    # `next` is a path on this site or nothing: not a view name, not another site.
    assert client.post("/onboarding/time-zone/", {"time_zone": "x", "next": "0"}).url == "/"
    kept = client.post(
        "/onboarding/time-zone/", {"time_zone": "UTC", "next": "https://evil.example/"}
    )
    assert kept.url == "/"
    user.refresh_from_db()
    assert user.time_zone_confirmed
    assert 'id="time-zone-offer"' not in client.get("/today/").content.decode()


def test_confirming_the_devices_zone_saves_it(client):
    user = UserFactory(time_zone="UTC", time_zone_confirmed=False)
    client.force_login(user)
    client.post("/onboarding/time-zone/", {"time_zone": "America/New_York", "next": "/today/"})
    user.refresh_from_db()
    assert (user.time_zone, user.time_zone_confirmed) == ("America/New_York", True)


def test_accounts_from_before_onboarding_are_not_sent_through_it(client):
    """The data migration: existing accounts count as set up; only UTC ones get the question."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("accounts.migrations.0004_onboarding_and_push")
    on_utc = UserFactory(onboarded_at=None, time_zone_confirmed=False, time_zone="UTC")
    in_tokyo = UserFactory(onboarded_at=None, time_zone_confirmed=False, time_zone="Asia/Tokyo")
    migration.existing_accounts_are_set_up(apps, None)
    on_utc.refresh_from_db()
    in_tokyo.refresh_from_db()
    assert on_utc.onboarded_at == on_utc.date_joined
    assert not on_utc.time_zone_confirmed
    assert in_tokyo.onboarded_at is not None
    assert in_tokyo.time_zone_confirmed
    assert EmailAddress.objects.filter(user=in_tokyo, verified=True).exists()
