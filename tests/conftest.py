"""Shared fixtures. The suite runs on the real stack: PostgreSQL, Redis, loopback SMTP, Chromium."""

import datetime as dt
import logging
import os
import socket
import threading
import zoneinfo
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlparse

import pytest
import time_machine

# Playwright's sync API keeps an event loop running in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or default_port), timeout=3):
            return True
    except OSError:
        return False


def pytest_sessionstart(session):
    """Fail at once, with a clear message, when a service the suite needs is down."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    checks = [
        ("PostgreSQL", f"postgres://{database['HOST']}:{database['PORT'] or 5432}", 5432),
        ("Redis", settings.CELERY_BROKER_URL, 6379),
    ]
    down = [f"{name} ({url})" for name, url, port in checks if not _reachable(url, port)]
    if down:
        pytest.exit(
            f"Not reachable: {', '.join(down)}. Run `make test`, which starts them, or set "
            "DATABASE_URL / REDIS_URL to running servers.",
            returncode=3,
        )


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    browser = CHROMIUM if Path(CHROMIUM).exists() else f"MISSING ({CHROMIUM})"
    return [
        f"stack: database {database['ENGINE'].rsplit('.', 1)[-1]} at "
        f"{database['HOST']}:{database['PORT'] or 5432}; broker {settings.CELERY_BROKER_URL}; "
        f"cache {settings.CACHES['default']['LOCATION']}; browser {browser}; CI={CI}"
    ]


def pytest_terminal_summary(terminalreporter):
    """Say plainly how many browser tests ran, so a silent skip cannot pass unnoticed."""
    counts = {
        outcome: sum("e2e" in report.keywords for report in terminalreporter.stats.get(outcome, []))
        for outcome in ("passed", "failed", "skipped")
    }
    terminalreporter.write_line(
        f"browser (e2e) tests: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['skipped']} skipped"
    )


E2E_DIR = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(config, items):
    """Mark tests/e2e as browser tests; they need Chromium: a failure under CI, a skip elsewhere."""
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)
    if Path(CHROMIUM).exists():
        return
    reason = f"Chromium not found at {CHROMIUM} (install Debian's 'chromium')"
    if CI:
        raise pytest.UsageError(f"CI=true and {reason}: the browser tests cannot run.")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and lockouts live in the (Redis) cache: start every test clean."""
    from django.core.cache import cache

    cache.clear()


class Mailbox:
    """Messages received by the loopback SMTP server, parsed with the email package."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.greetings = 0  # EHLOs: one per SMTP connection
        self._arrived = threading.Condition()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.greetings += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = 10) -> list[EmailMessage]:
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
        assert len(self.messages) >= count, f"expected {count} email(s), got {len(self.messages)}"
        return self.messages


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django sends to it over SMTP."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    from tests.stack import free_port

    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield mailbox
    controller.stop()


SEED_MIGRATIONS = (
    "training.migrations.0002_seed_catalogue",
    "recovery.migrations.0002_seed_thresholds",
    "recovery.migrations.0003_seed_guidance",
    "recovery.migrations.0011_guidance_follows_thresholds",
    "recovery.migrations.0018_guidance_contract_v3",
    "recovery.migrations.0020_runadherence",
    "recovery.migrations.0025_guidance_german",
)


@pytest.fixture
def seeded(django_db_blocker):
    """The data the migrations seed (exercises, thresholds, guidance). Transactional tests
    flush those tables, so browser tests re-run the (idempotent) seeds."""
    import importlib

    from django.apps import apps

    with django_db_blocker.unblock():
        for module in SEED_MIGRATIONS:
            importlib.import_module(module).seed(apps, None)


@pytest.fixture
def athlete_client(client, db):
    """A test client logged in as a new athlete (client.user)."""
    from tests.factories import UserFactory

    client.user = UserFactory()
    client.force_login(client.user)
    return client


# --- A shifted clock (make test runs the clock-sensitive modules again under four) ----------

CLOCK_DATE = (2026, 11, 18)  # a Wednesday, away from any DST change


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default="",
        help="HH:MM@Zone, e.g. 23:30@Europe/Berlin: every test that does not set its own "
        "clock runs as if it were that local time (time-machine, ticking). Live-server, "
        "worker and browser tests keep the real clock.",
    )


def shifted_now(spec: str):
    """The moment `spec` (HH:MM@Zone) names on CLOCK_DATE, aware."""
    clock, zone = spec.split("@")
    hour, minute = (int(part) for part in clock.split(":"))
    return dt.datetime(*CLOCK_DATE, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


REAL_CLOCK_FIXTURES = {"live_server", "page", "celery_worker"}
REAL_CLOCK_MARKS = {"e2e", "stack", "faults"}


@pytest.fixture(autouse=True)
def _shifted_clock(request):
    spec = request.config.getoption("--clock")
    keeps_real = REAL_CLOCK_FIXTURES & set(request.fixturenames) or any(
        request.node.get_closest_marker(mark) for mark in REAL_CLOCK_MARKS
    )
    if not spec or keeps_real:
        yield
        return
    with time_machine.travel(shifted_now(spec), tick=True):
        yield
