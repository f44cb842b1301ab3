"""A calendar address is the key to its feed (issue 22): neither gunicorn's access log (the
Procfile's logger class) nor Django's own loggers ever write its token."""

import logging
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from accounts import services as account_services
from tests.factories import UserFactory
from tests.stack import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent.parent


def _procfile_web_flags() -> list[str]:
    line = next(x for x in (ROOT / "Procfile").read_text().splitlines() if x.startswith("web:"))
    return re.findall(r"--logger-class \S+", line)[0].split()


@pytest.mark.stack
@pytest.mark.django_db(transaction=True)
def test_gunicorns_access_log_never_holds_a_calendar_token(tmp_path):
    token = account_services.calendar_feed_reset(user=UserFactory())
    db = connection.settings_dict
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    log = tmp_path / "access.log"
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket",
         "--access-logfile", str(log), *_procfile_web_flags()],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"

        def fetched(path: str) -> int:
            try:
                return urllib.request.urlopen(base + path, timeout=5).status  # noqa: S310
            except urllib.error.HTTPError as error:
                return error.code
            except OSError:
                return 0

        assert wait_until(lambda: fetched("/healthz") == 200, timeout=30)
        assert fetched(f"/calendar/{token}.ics") == 200
        assert fetched(f"/calendar/{token[:-1]}x.ics") == 404
        assert wait_until(lambda: log.read_text().count("/calendar/") == 2, timeout=10)
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert token not in text
    assert token[:-1] not in text
    assert "/calendar/….ics" in text


@pytest.mark.django_db
def test_djangos_not_found_line_never_holds_a_calendar_token(client, caplog):
    token = "Zx" * 22
    handler = logging.getLogger().handlers[0]  # the console handler, with the settings' filter
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/calendar/{token}.ics").status_code == 404
    record = next(r for r in caplog.records if "Not Found" in r.getMessage())
    for redactor in handler.filters:
        redactor.filter(record)
    assert token not in record.getMessage()
    assert record.getMessage() == "Not Found: /calendar/….ics"
