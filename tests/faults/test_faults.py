"""Faults on the real stack: concurrency, a Redis outage, a PostgreSQL outage (run alone: -m faults)."""

import contextlib
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from recovery.models import CheckIn
from tests.factories import UserFactory, checkin_post
from tests.stack import broker, free_port, start_redis

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.faults]


def test_50_concurrent_check_ins_for_one_day_make_one_check_in(seeded):
    athlete = UserFactory()
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(50)

    def post(quads: int):
        client = Client()
        client.force_login(athlete)
        start.wait()
        try:
            response = client.post(
                reverse("recovery:checkin"),
                checkin_post(quads=str(quads % 10)),
                headers={"HX-Request": "true"},
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(200) == 50, statuses
    assert CheckIn.objects.filter(athlete=athlete).count() == 1


@pytest.mark.skipif(
    not shutil.which("redis-server"), reason="needs redis-server for a private Redis"
)
def test_redis_outage_check_in_still_works_and_healthz_says_so(seeded, settings, athlete_client):
    port = free_port()
    server = start_redis(port)
    url = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/1",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with broker(url):
        assert athlete_client.get("/healthz").status_code == 200
        server.terminate()
        server.wait(timeout=10)
        response = athlete_client.post(reverse("recovery:checkin"), checkin_post(quads="3"))
        assert response.status_code == 302
        assert CheckIn.objects.filter(athlete=athlete_client.user).count() == 1
        assert athlete_client.get(reverse("recovery:today")).status_code == 200
        page = athlete_client.get(reverse("training:history"))
        assert page.status_code == 200
        health = athlete_client.get("/healthz")
        assert health.status_code == 200  # the site still serves: a balancer must keep it
        assert health.json()["broker"] == "down"
        assert health.json()["status"] == "degraded"
        assert health.json()["database"] == "ok"
        assert athlete_client.get("/readyz").status_code == 503  # monitors see the outage
        server = start_redis(port)
        assert athlete_client.get("/healthz").status_code == 200
        server.terminate()


def _cluster() -> list[str] | None:
    versions = (
        sorted(Path("/etc/postgresql").glob("*/main")) if Path("/etc/postgresql").exists() else []
    )
    if (
        not versions
        or not shutil.which("pg_ctlcluster")
        or connection.settings_dict["HOST"] not in ("127.0.0.1", "localhost")
    ):
        return None
    return [versions[-1].parent.name, "main"]


def _pg(action: str, cluster: list[str]) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, action],
        check=True,
        capture_output=True,
    )


def _get(url: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - our live server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.skipif(
    _cluster() is None, reason="needs a local PostgreSQL cluster that pg_ctlcluster controls"
)
def test_postgresql_outage_gives_503_and_recovers_without_a_restart(live_server, seeded):
    cluster = _cluster()
    athlete = UserFactory()
    client = Client()
    client.force_login(athlete)
    cookie = client.cookies["sessionid"].value
    today = f"{live_server.url}{reverse('recovery:today')}"
    assert _get(today, cookie)[0] == 200
    connection.close()
    _pg("stop", cluster)
    try:
        status, body = _get(today, cookie)
        assert status == 503
        assert "back in a moment" in body
        health = _get(f"{live_server.url}/healthz", cookie)
        assert health[0] == 503
        api_status, api_body = _get(f"{live_server.url}/api/me", cookie)
        assert api_status == 503  # the API says so as a problem document, not a page
        assert json.loads(api_body)["status"] == 503
    finally:
        _pg("start", cluster)
        with contextlib.suppress(Exception):
            for _ in range(50):
                with socket.create_connection(("127.0.0.1", 5432), timeout=1):
                    break
        time.sleep(1)
    assert [_get(today, cookie)[0] for _ in range(5)] == [200] * 5  # no app restart needed
    connection.close()  # the test's own connection died with the server
