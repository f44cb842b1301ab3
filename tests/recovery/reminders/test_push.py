"""Web push end to end: a push service on loopback stands in for the browser vendor's, a real
Celery worker sends a due reminder, the test decrypts what arrived (aes128gcm) and reads it."""

import base64
import contextlib
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from celery.contrib.testing.worker import start_worker
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command
from py_vapid import Vapid02

from accounts.management.commands.vapid_keys import new_key_pair
from accounts.models import PushSubscription, Role
from config.celery import app as celery_app
from recovery.models import PushDelivery, Reminder, ReminderStatus
from recovery.reminders import push
from recovery.reminders.services import reminders_dispatch
from tests.factories import MembershipFactory, UserFactory, checkin, due_reminder
from tests.stack import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.stack]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PushService:
    """A push service on loopback: records each POST; /gone/... answers 410 like an ended
    subscription, everything else 201."""

    def __init__(self):
        self.received: list[tuple[str, dict, bytes]] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                service.received.append((self.path, headers, body))
                self.send_response(410 if self.path.startswith("/gone/") else 201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Device:
    """A browser's side of a subscription: its own P-256 key pair and auth secret."""

    def __init__(self, endpoint: str):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.json = {
            "endpoint": endpoint,
            "keys": {"p256dh": _b64(public), "auth": _b64(self.auth)},
        }

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@pytest.fixture
def push_service(settings):
    service = PushService()
    private, public = new_key_pair()
    settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY = private, public
    settings.VAPID_SUBJECT = "mailto:ops@example.com"
    settings.PUSH_SERVICE_HOSTS = ["127.0.0.1"]
    settings.PUSH_ALLOW_INSECURE = True
    settings.SITE_URL = "http://runready.test:8811"
    celery_app.control.purge()
    yield service
    celery_app.control.purge()
    service.close()


@contextlib.contextmanager
def _worker():
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield


def _subscribe(client, user, device: Device, status: int = 201):
    client.force_login(user)
    response = client.post(
        "/accounts/push/subscribe/",
        data=json.dumps({**device.json, "device": "Linux"}),
        content_type="application/json",
    )
    assert response.status_code == status, response.content
    return response


def test_a_due_reminder_is_pushed_once_encrypted_with_only_headline_and_link(
    push_service, seeded, client, smtp_server
):
    athlete = UserFactory(display_name="Robin")
    phone = Device(f"{push_service.url}/push/phone")
    _subscribe(client, athlete, phone)
    reminder = due_reminder(athlete, leg_day_hours_ago=20)

    with _worker():
        reminders_dispatch()
        assert wait_until(lambda: len(push_service.received) == 1, timeout=60)
        assert wait_until(lambda: PushDelivery.objects.filter(status=201).count() == 1)
    assert Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.SENT

    path, headers, body = push_service.received[0]
    assert path == "/push/phone"
    assert headers["content-encoding"] == "aes128gcm"
    assert int(headers["ttl"]) == push.TTL_SECONDS
    assert Vapid02.verify(headers["authorization"])
    message = phone.decrypt(body)
    assert set(message) == {"title", "body", "url", "tag"}
    assert message["url"] == "http://runready.test:8811/today/"
    assert message["title"] == "Today's run"
    # The verdict's headline, and nothing else of the athlete's (no soreness, no note).
    email = smtp_server.wait_for(1)[0]
    assert message["body"]
    assert message["body"] in email.get_body(("plain",)).get_content()
    assert len(message["body"]) < 80

    # The same reminder again (a retried or duplicated task): nothing more is pushed.
    payload = {"title": "x", "body": "y", "url": "/", "tag": "t"}
    assert push.push_send(reminder.pk, [athlete.pk], payload) == 0
    assert len(push_service.received) == 1


def test_an_ended_subscription_is_removed_and_the_others_still_get_theirs(
    push_service, seeded, client
):
    athlete = UserFactory()
    gone, laptop = Device(f"{push_service.url}/gone/old"), Device(f"{push_service.url}/push/new")
    _subscribe(client, athlete, gone)
    _subscribe(client, athlete, laptop)
    reminder = due_reminder(athlete)

    pushed = push.push_send(reminder.pk, [athlete.pk], {"title": "t", "body": "b", "url": "/"})
    assert pushed == 1
    assert sorted(p for p, _, _ in push_service.received) == ["/gone/old", "/push/new"]
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [laptop.endpoint]
    body = next(body for path, _, body in push_service.received if path == "/push/new")
    assert laptop.decrypt(body)["body"] == "b"


def test_a_red_flag_alert_is_pushed_to_the_coachs_devices(push_service, seeded, client):
    coach = MembershipFactory(role=Role.COACH).user
    athlete = UserFactory(display_name="Ada")
    MembershipFactory(gym=coach.memberships.get().gym, user=athlete)
    tablet = Device(f"{push_service.url}/push/coach-tablet")
    _subscribe(client, coach, tablet)
    checkin(athlete, rf_dark_urine=True)  # queues the staff alert, due now

    with _worker():
        reminders_dispatch()
        assert wait_until(lambda: len(push_service.received) == 1, timeout=60)
    message = tablet.decrypt(push_service.received[0][2])
    assert message["title"] == "Red flag"
    assert "Ada" in message["body"]
    assert message["url"].endswith(f"/coach/athletes/{athlete.pk}/")


def test_push_off_in_settings_means_no_push(push_service, seeded, client):
    athlete = UserFactory(remind_by_push=False)
    _subscribe(client, athlete, Device(f"{push_service.url}/push/a"))
    due_reminder(athlete)
    with _worker():
        reminders_dispatch()
        assert wait_until(lambda: Reminder.objects.filter(status=ReminderStatus.SENT).exists())
    assert push_service.received == []
    assert not PushDelivery.objects.exists()


def test_only_the_vendors_push_services_are_accepted(push_service, client, settings):
    athlete = UserFactory()
    settings.PUSH_SERVICE_HOSTS = ["fcm.googleapis.com"]
    response = _subscribe(client, athlete, Device("http://127.0.0.1:6379/x"), status=400)
    assert "not one we send to" in response.json()["error"]
    settings.PUSH_ALLOW_INSECURE = False
    _subscribe(client, athlete, Device("http://fcm.googleapis.com/fcm/send/abc"), status=400)
    _subscribe(client, athlete, Device("https://fcm.googleapis.com.evil.example/x"), status=400)
    _subscribe(client, athlete, Device("https://fcm.googleapis.com/fcm/send/abc"))
    for body in (b"not json", b"[]", json.dumps({"endpoint": "https://fcm.googleapis.com/x"})):
        bad = client.post("/accounts/push/subscribe/", data=body, content_type="application/json")
        assert bad.status_code == 400
    assert PushSubscription.objects.count() == 1


def test_unsubscribe_removes_only_ones_own_device(push_service, client):
    owner, other = UserFactory(), UserFactory()
    device = Device(f"{push_service.url}/push/mine")
    _subscribe(client, owner, device)
    mine = PushSubscription.objects.get()
    client.force_login(other)
    client.post("/accounts/push/unsubscribe/", {"id": mine.pk})
    assert PushSubscription.objects.filter(pk=mine.pk).exists()
    client.force_login(owner)
    response = client.post(
        "/accounts/push/unsubscribe/",
        data=json.dumps({"endpoint": device.endpoint}),
        content_type="application/json",
    )
    assert response.json() == {"removed": 1}
    assert not PushSubscription.objects.exists()


def test_vapid_keys_command_writes_a_pair_once(tmp_path, settings):
    settings.VAPID_PRIVATE_KEY = ""
    target = tmp_path / "vapid.env"
    call_command("vapid_keys", path=str(target))
    first = target.read_text()
    assert "VAPID_PRIVATE_KEY=" in first
    assert "VAPID_PUBLIC_KEY=" in first
    call_command("vapid_keys", path=str(target))
    assert target.read_text() == first


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        # urlsplit reads fcm.googleapis.com here; urllib3 (the worker's client) connects to 10.0.0.5
        ("https://10.0.0.5\\@fcm.googleapis.com/x", "no backslashes"),
        ("https://attacker@fcm.googleapis.com/x", "no user name"),
        ("https://fcm.googleapis.com:8443/x", "standard https port"),
        ("https://fcm.googleapis.com:443/x", "standard https port"),
        ("ftp://fcm.googleapis.com/x", "https://"),
    ],
)
def test_endpoints_that_would_reach_another_host_are_refused(
    push_service, client, settings, endpoint, message
):
    settings.PUSH_SERVICE_HOSTS = ["fcm.googleapis.com"]
    settings.PUSH_ALLOW_INSECURE = False
    response = _subscribe(client, UserFactory(), Device(endpoint), status=400)
    assert message in response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_a_user_keeps_at_most_ten_devices_the_oldest_replaced(push_service, client, settings):
    settings.PUSH_SERVICE_HOSTS = ["fcm.googleapis.com"]
    settings.PUSH_ALLOW_INSECURE = False
    athlete, other = UserFactory(), UserFactory()
    _subscribe(client, other, Device("https://fcm.googleapis.com/fcm/send/other"))
    for n in range(12):
        _subscribe(client, athlete, Device(f"https://fcm.googleapis.com/fcm/send/{n}"))
    kept = set(PushSubscription.objects.filter(user=athlete).values_list("endpoint", flat=True))
    assert kept == {f"https://fcm.googleapis.com/fcm/send/{n}" for n in range(2, 12)}
    assert PushSubscription.objects.filter(user=other).count() == 1


def test_each_person_is_reminded_and_alerted_in_their_own_language(
    push_service, seeded, client, smtp_server
):
    coach = MembershipFactory(role=Role.COACH, user__language="en").user
    athlete = UserFactory(display_name="Ingrid", language="de")
    MembershipFactory(gym=coach.memberships.get().gym, user=athlete)
    phone, tablet = Device(f"{push_service.url}/push/phone"), Device(f"{push_service.url}/push/tab")
    _subscribe(client, athlete, phone)
    _subscribe(client, coach, tablet)
    due_reminder(athlete, leg_day_hours_ago=20)

    with _worker():
        reminders_dispatch()
        assert wait_until(lambda: len(push_service.received) == 1, timeout=60)
    message = phone.decrypt(push_service.received[0][2])
    assert message["title"] == "Heutiger Lauf"
    email = smtp_server.wait_for(1)[0]
    assert email["Subject"].startswith("Beine nach dem Beintag gestern?")
    plain = email.get_body(("plain",)).get_content()
    assert plain.startswith("Hallo Ingrid,")
    assert f"HEUTE: {message['body']}" in plain  # the verdict's headline, in German
    assert "Regenerations-Checkliste:" in plain
    assert '<html lang="de">' in email.get_body(("html",)).get_content()

    # Her red flag: the coach, who reads English, is alerted in English.
    checkin(athlete, rf_dark_urine=True)
    with _worker():
        reminders_dispatch()
        assert wait_until(lambda: len(push_service.received) == 2, timeout=60)
    alert = tablet.decrypt(next(body for path, _, body in push_service.received if "tab" in path))
    assert alert == {
        **alert,
        "title": "Red flag",
        "body": "Ingrid answered a warning sign. Open their page.",
    }
    coach_mail = next(m for m in smtp_server.wait_for(2) if m["To"] == coach.email)
    assert coach_mail["Subject"].startswith("Red flag: Ingrid answered a warning sign")
    assert (
        "answered a warning sign in the check-in of"
        in coach_mail.get_body(("plain",)).get_content()
    )
