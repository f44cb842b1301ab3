"""Read `.env` before anything chooses a settings module. Every entry point (manage.py,
config.wsgi, the Celery app) runs production settings unless the environment or `.env`
names another: `make run`, `make test`, the bench and the audit name theirs. Real
environment variables win over the file. Standard library only: it runs first."""

import os
from pathlib import Path

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


def read_env(path: Path = ENV_FILE) -> None:
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        os.environ.setdefault(name.strip().removeprefix("export ").strip(), value)


PRODUCTION = "config.settings.production"


def settings_module(default: str = PRODUCTION) -> None:
    """`.env` first, then `default` only when neither it nor the environment names one."""
    read_env()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)
