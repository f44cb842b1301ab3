"""Project-level checks: migrations, deploy settings, health, login-required and HTMX redirects."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from config.celery import app as celery_app
from tests.stack import free_port

ROOT = Path(__file__).resolve().parent.parent
# Variables of the test process that must not leak into a "production" manage.py run.
TEST_ONLY_VARIABLES = ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db
def test_no_pending_migrations():
    # makemigrations --check exits non-zero (SystemExit) when a model change lacks a migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_check_deploy_is_clean_with_production_variables():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="runready.example.com",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/runready",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CACHE_URL="redis://127.0.0.1:6379/1",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.com:587",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


def test_production_settings_refuse_to_start_without_secret_key():
    result = _manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_healthz_reports_database_and_redis_up(client, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")  # the real broker, not a stand-in
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}


@pytest.mark.django_db
def test_an_unreachable_broker_degrades_healthz_and_fails_readyz(client):
    original = celery_app.conf.broker_url
    # Nothing listens on port 9 here: a genuinely unreachable broker.
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    try:
        response = client.get("/healthz")
        ready = client.get("/readyz")
    finally:
        celery_app.conf.broker_url = original
    assert response.status_code == 200  # pages still work: a balancer keeps the site
    assert response.json()["broker"] == "down"
    assert response.json()["status"] == "degraded"
    assert response.json()["database"] == "ok"
    assert ready.status_code == 503
    assert ready.json()["broker"] == "down"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/today/", "/accounts/settings/", "/coach/", "/accounts/export/"])
def test_pages_require_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_htmx_request_with_expired_session_gets_hx_redirect(client):
    response = client.get(
        "/today/", headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/today/"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Ftoday%2F"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/healthz"])
def test_public_pages_are_open(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_unknown_page_uses_the_404_template(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_bootstrap_is_vendored_not_from_a_cdn():
    base = (ROOT / "templates" / "base.html").read_text()
    assert "cdn" not in base.lower()
    assert (ROOT / "static" / "vendor" / "bootstrap" / "bootstrap.min.css").exists()
    assert (ROOT / "static" / "vendor" / "bootstrap" / "LICENSE").exists()


def test_env_example_documents_every_setting_read_from_the_environment():
    read = set()
    for settings_file in (ROOT / "config" / "settings").glob("*.py"):
        read |= set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', settings_file.read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no environment variables found: the pattern is stale"
    assert read - documented == set()


def test_readyz_reports_heartbeats_and_the_reminder_backlog(client, db):
    import datetime as dt

    from django.utils import timezone

    from config.health import heartbeat_write
    from recovery.models import Reminder
    from tests.factories import UserFactory

    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["worker"] == "down"
    heartbeat_write("worker")
    heartbeat_write("beat")
    response = client.get("/readyz")
    assert response.json()["worker"] == "ok"
    assert response.json()["beat"] == "ok"
    assert response.status_code == 200
    Reminder.objects.create(
        athlete=UserFactory(),
        kind="next_day",
        local_date=timezone.now().date(),
        due_at=timezone.now() - dt.timedelta(minutes=30),
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["reminders"] == "late"
    assert response.json()["oldest_due_reminder_seconds"] >= 1800


def test_env_file_is_read_before_the_settings_module_is_chosen(tmp_path, monkeypatch):
    from config import env

    dotenv = tmp_path / ".env"
    dotenv.write_text("# a production host\nDJANGO_SETTINGS_MODULE=config.settings.production\n")
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE")
    env.read_env(dotenv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "config.settings.production"


def _empty_environment(**extra: str) -> dict[str, str]:
    """What a service manager gives a process: a PATH and nothing of ours."""
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), **extra}


def test_gunicorn_in_an_empty_environment_refuses_instead_of_serving_debug(tmp_path):
    """config/__init__ loads the Celery app first; it used to choose the dev settings (DEBUG,
    the published key, SQLite) before wsgi.py could choose production."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--preload",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"],
        cwd=ROOT,
        env=_empty_environment(VAR_DIR=str(tmp_path)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        output, _ = server.communicate(timeout=60)
    finally:
        server.kill()
    assert server.returncode != 0, output  # it did not stay up to serve
    assert "SECRET_KEY" in output


def test_manage_py_and_the_celery_app_default_to_production(tmp_path):
    env = _empty_environment(VAR_DIR=str(tmp_path))
    manage = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert manage.returncode != 0
    assert "SECRET_KEY" in manage.stderr
    celery = subprocess.run(
        [sys.executable, "-c", "import os, config.celery; print(os.environ['DJANGO_SETTINGS_MODULE'])"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert celery.stdout.strip() == "config.settings.production", celery.stderr


@pytest.mark.parametrize(
    "key",
    [
        "change-me",  # .env.example's placeholder
        "dev-only-insecure-key-change-me-in-production-0123456789",  # config.settings.dev's
        "short-but-random-Zq8x",
    ],
)
def test_production_refuses_a_published_or_short_secret_key(key):
    result = _manage("check", SECRET_KEY=key)
    assert result.returncode != 0
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_production_settings_refuse_debug():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
             "DEBUG": "true", "SECRET_KEY": "x" * 60},
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "production never runs in debug mode" in result.stderr


def test_the_benchmarks_check_in_answers_every_question():
    """The mixed load posts check-ins from outside Django: its list must follow the form's."""
    from recovery.models import RED_FLAG_FIELDS

    text = (Path(__file__).parent.parent / "bench" / "locustfile.py").read_text()
    assert set(RED_FLAG_FIELDS) <= set(re.findall(r'"(rf_[a-z_]+)"', text))


def test_favicon_and_meta_description(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("icons/favicon.svg")
    page = client.get("/guidance/").content.decode()
    assert '<meta name="description" content="RunReady answers' in page


def test_make_run_links_emails_to_its_own_port():
    makefile = (Path(__file__).parent.parent / "Makefile").read_text()
    assert "SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}" in makefile
