"""Make sure the services and the browser the test suite needs are there.

Starts PostgreSQL or Redis when they are installed here but stopped, installs
Debian's Chromium when it is missing and we are root, and otherwise fails with a
message that says what to do. Standard library only: it runs before anything else.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

SERVICES = {
    "PostgreSQL": (
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/runready"),
        5432,
        "pg_ctlcluster",
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    "Redis": (
        os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        6379,
        "redis-server",
        "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' "
        "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log",
    ),
}


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def wait_for(host: str, port: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if reachable(host, port):
            return True
        time.sleep(0.5)
    return False


def ensure_service(name: str, url: str, default_port: int, binary: str, start: str) -> str | None:
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or default_port
    if reachable(host, port):
        print(f"ok: {name} at {host}:{port}")
        return None
    local = host in ("127.0.0.1", "localhost", "::1")
    if local and shutil.which(binary):
        print(f"{name} is not answering at {host}:{port}; starting it: {start}")
        subprocess.run(start, shell=True, check=False)
        if wait_for(host, port):
            print(f"ok: {name} started at {host}:{port}")
            return None
    return (
        f"{name} is not reachable at {host}:{port}. Start it, or point the URL variable "
        f"at a running server (see README, 'Running the tests')."
    )


def ensure_chromium() -> str | None:
    if Path(CHROMIUM).exists():
        print(f"ok: Chromium at {CHROMIUM}")
        return None
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Chromium is missing; installing Debian's chromium package (about a minute)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env)
        if Path(CHROMIUM).exists():
            print(f"ok: Chromium installed at {CHROMIUM}")
            return None
    message = (
        f"Chromium is not at {CHROMIUM}: install Debian's 'chromium' package or set CHROMIUM_PATH."
    )
    if CI:
        return message
    print(f"warning: {message} The browser tests will be skipped (they fail under CI=true).")
    return None


def ensure_gettext() -> str | None:
    """GNU gettext: the translation catalogues are compiled (msgfmt) and checked (xgettext,
    msgattrib) with it."""
    tools = ("msgfmt", "xgettext", "msgattrib")
    if all(shutil.which(tool) for tool in tools):
        print("ok: GNU gettext")
        return None
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("GNU gettext is missing; installing Debian's gettext package")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "gettext"], check=False, env=env)
        if all(shutil.which(tool) for tool in tools):
            print("ok: GNU gettext installed")
            return None
    return (
        "GNU gettext (msgfmt, xgettext, msgattrib) is missing: install Debian's 'gettext' package."
    )


def main() -> int:
    if sys.argv[1:] == ["--gettext"]:
        problem = ensure_gettext()
        if problem:
            print(f"error: {problem}", file=sys.stderr)
        return 1 if problem else 0
    problems = [ensure_service(name, *spec) for name, spec in SERVICES.items()]
    problems.append(ensure_chromium())
    problems.append(ensure_gettext())
    problems = [p for p in problems if p]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
