"""Helpers for tests that run parts of the real stack themselves: ports, a private Redis,
the Celery app pointed at another broker."""

import contextlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from django.db import connection
from kombu import pools as kombu_pools

from config.celery import app as celery_app


def wait_until(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def up():
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", port), timeout=0.5),
        ):
            return True
        return False

    assert wait_until(up, timeout=10), "private redis-server did not start"
    return server


@contextlib.contextmanager
def broker(url: str):
    """Point the Celery app at another broker for the test, and back afterwards."""
    original = celery_app.conf.broker_url

    def switch(to: str) -> None:
        celery_app.pool.force_close_all()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        kombu_pools.reset()  # kombu's global producer pools would keep the closed ones
        celery_app.conf.broker_url = to

    switch(url)
    try:
        yield
    finally:
        switch(original)


def worker_process(command: list[str], **env: str) -> subprocess.Popen:
    """A real Celery worker process (e.g. config.celery.IMPORT_WORKER) on the test database."""
    db = connection.settings_dict
    return subprocess.Popen(
        command,
        cwd=Path(__file__).resolve().parent.parent,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
