"""`make bench`, the import figure: a zip of 1,000 activities (an export archive of GPX runs,
each a 40-minute track sampled every 5 s, with heart rate and elevation, a few `.gz`) imported
by one Celery worker process; wall time from the upload to the report, and the worker's peak
memory (the pool process's VmHWM)."""

import datetime as dt
import gzip
import io
import math
import os
import random
import subprocess
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNT = 1000
TARGET_SECONDS = 60
TARGET_MB = 300


def gpx_run(start: dt.datetime, seed: int, points: int = 480) -> bytes:
    """A plausible run: a loop at ~3 m/s with some hills, one point every 5 s."""
    rng = random.Random(seed)
    lat, lon, ele = 51.5 + rng.random() / 10, -0.1 + rng.random() / 10, 30.0
    heading = rng.random() * 2 * math.pi
    rows = []
    for i in range(points):
        heading += rng.uniform(-0.2, 0.2)
        step = 15 / 111_000  # 15 m in degrees of latitude
        lat += step * math.cos(heading)
        lon += step * math.sin(heading) / math.cos(math.radians(lat))
        ele = max(0.0, ele + rng.uniform(-1.5, 1.5))
        stamp = (start + dt.timedelta(seconds=5 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append(
            f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"><ele>{ele:.1f}</ele><time>{stamp}</time>'
            f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{140 + i % 20}</gpxtpx:hr>"
            "</gpxtpx:TrackPointExtension></extensions></trkpt>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><name>Run {seed}</name><type>running</type><trkseg>{''.join(rows)}"
        "</trkseg></trk></gpx>"
    ).encode()


def export_archive(count: int = COUNT) -> bytes:
    start = dt.datetime(2023, 1, 1, 7, 0, tzinfo=dt.UTC)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            data = gpx_run(start + dt.timedelta(days=n), seed=n)
            if n % 10 == 0:  # Strava keeps some as .gz
                archive.writestr(f"activities/{n}.gpx.gz", gzip.compress(data))
            else:
                archive.writestr(f"activities/{n}.gpx", data)
        archive.writestr("profile.csv", "not an activity\n")
    return buffer.getvalue()


def _pool_pids(parent: int) -> list[int]:
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(parent)], capture_output=True, text=True, check=False
    )
    return [int(pid) for pid in found.stdout.split()]


def _peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def import_benchmark(pinned, log) -> dict:
    """Upload the archive as a new bench athlete and let one worker process import it."""
    from accounts.models import User
    from config.celery import SINGLE_WORKER, app
    from training import imports
    from training.models import ImportBatch, ImportStatus

    archive = export_archive()
    athlete = User.objects.create_user(
        "importer@bench.local", "bench-password", display_name="Importer",
        time_zone="Europe/London",
    )  # fmt: skip
    app.control.purge()
    worker = subprocess.Popen(pinned(SINGLE_WORKER, 0), cwd=ROOT, env={**os.environ})
    peak = {}
    try:
        time.sleep(5)  # the worker is up before the upload, as on a running site
        started = time.monotonic()
        batch = imports.batch_create(athlete=athlete, files=[("export.zip", archive)])
        deadline = started + 600
        while time.monotonic() < deadline:
            for pid in [worker.pid, *_pool_pids(worker.pid)]:
                peak[pid] = max(peak.get(pid, 0), _peak_kb(pid))
            status = ImportBatch.objects.filter(pk=batch.pk).values_list("status", flat=True)[0]
            if status == ImportStatus.DONE:
                break
            time.sleep(0.2)
        seconds = time.monotonic() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        app.control.purge()
    batch.refresh_from_db()
    counts = imports.report(batch)["counts"]
    peak_mb = max(peak.values(), default=0) / 1024
    log(
        f"import: {counts['created']} of {COUNT} activities from a {len(archive) / 2**20:.1f} MB "
        f"zip in {seconds:.1f} s, worker peak {peak_mb:.0f} MB"
    )
    return {
        "activities": COUNT,
        "created": counts["created"],
        "failed": counts["failed"],
        "zip_mb": round(len(archive) / 2**20, 1),
        "seconds": round(seconds, 1),
        "peak_mb": round(peak_mb),
        "target_seconds": TARGET_SECONDS,
        "target_mb": TARGET_MB,
        "meets_target": counts["created"] == COUNT
        and seconds < TARGET_SECONDS
        and peak_mb < TARGET_MB,
    }
