"""`make run`'s embedded default works: SQLite and a file cache (not the suite's PostgreSQL
and Redis), with the demo data, every main page answered (see tests/embedded_smoke.py).
Caught a roster query SQLite refuses (ORDER BY inside a UNION)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_embedded_default_answers_every_main_page(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CACHE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["VAR_DIR"] = str(tmp_path)  # the SQLite file, the cache and the broker's folders
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "embedded_smoke.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok")
