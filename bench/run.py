"""`make bench`: RunReady under load on the production-like stack, on loopback.

gunicorn (sync workers, DEBUG off) + PostgreSQL + Redis; one gym of 500 athletes with a
year of data; wrk (pinned to the other core) against each page and, alternating with it,
a small reference view in the same server. Writes bench/results.json and docs/benchmarks.md.
Throughput moves between runs on a busy machine, so only ratios within one run count.
"""

import datetime as dt
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import signin  # noqa: E402 - after the path is set
from bench.imports import (  # noqa: E402 - after the path is set
    alert_latency_benchmark,
    big_file_benchmark,
    import_benchmark,
)

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
PORT = int(os.environ.get("BENCH_PORT", "8300"))
BASE = f"http://127.0.0.1:{PORT}"
DURATION = os.environ.get("BENCH_DURATION", "10s")
REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "3"))
CONNECTIONS = 16
ATHLETES = 500
PASSWORD = "bench-password"  # noqa: S105 - every bench account's, for the mixed load's sign-ins
MIXED_USERS = 100
MIXED_SECONDS = 60
SEND_COUNT = 1000
TARGETS = {
    "today": 0.6,
    "checkin_post": 0.5,
    "history": 0.6,
    "checkin_history": 0.6,  # issue 30: the slowest page, now measured
    "planner": 0.6,
    "roster": 0.3,
    "api_today": 0.6,  # issue 27: within 10 % of the pages' ratios
    "api_checkin": 0.5,
}
P95_LIMIT_MS = {
    "today": 500,
    "checkin_post": 200,
    "history": 500,
    "checkin_history": 500,
    "planner": 500,
    "roster": 500,
    "api_today": 500,
    "api_checkin": 200,
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def pinned(command: list[str], core: int) -> list[str]:
    return (
        ["taskset", "-c", str(core), *command]
        if shutil.which("taskset") and os.cpu_count() > 1
        else command
    )


def reset_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS runready_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE runready_bench")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )


def generate() -> dict:
    """One gym, a coach, 500 athletes; per athlete a year of ~4 sessions a week, daily
    check-ins and recommendations, and a plan. Bulk inserts only."""
    import django

    django.setup()
    from accounts.models import Gym, Membership, Role, User
    from recovery.models import CheckIn, Recommendation
    from training.models import Exercise, ExerciseEntry, PlannedRun, Session

    started = time.monotonic()
    gym = Gym.objects.create(name="Bench Gym")
    set_up = {"onboarded_at": dt.datetime.now(dt.UTC), "time_zone_confirmed": True}
    coach = User.objects.create_user("coach@bench.local", PASSWORD, display_name="Coach", **set_up)
    Membership.objects.create(gym=gym, user=coach, role=Role.COACH)
    athletes = User.objects.bulk_create(
        [
            User(email=f"a{i}@bench.local", display_name=f"Athlete {i:03d}", password="!", **set_up)
            for i in range(ATHLETES)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(gym=gym, user=a, role=Role.ATHLETE) for a in athletes]
    )
    squat, rdl, bench_press = (
        Exercise.objects.get(name=n) for n in ("Back squat", "Romanian deadlift", "Bench press")
    )
    today = dt.datetime.now(dt.UTC).date()
    start = today - dt.timedelta(days=364)
    sessions, checkins, recommendations = [], [], []
    for index, athlete in enumerate(athletes):
        for offset in range(365):
            day = start + dt.timedelta(days=offset)
            when = dt.datetime.combine(day, dt.time(7 + index % 10), tzinfo=dt.UTC)
            weekday = day.weekday()
            if weekday in (0, 4):
                sessions.append(
                    Session(
                        athlete=athlete,
                        kind="strength",
                        started_at=when,
                        duration_s=3600,
                        rpe=7,
                        is_leg_day=weekday == 0,
                    )
                )
            elif weekday in (2, 5):
                sessions.append(
                    Session(
                        athlete=athlete,
                        kind="run",
                        started_at=when,
                        duration_s=2700,
                        rpe=4,
                        distance_m=8000,
                        run_type="easy",
                        legs_feel="fresh",
                    )
                )
            if day < today:
                soreness = (offset + index) % 6
                checkins.append(
                    CheckIn(
                        athlete=athlete,
                        local_date=day,
                        rf_dark_urine=False,
                        rf_severe_pain=False,
                        rf_weakness=False,
                        rf_joint_or_bone_pain=False,
                        rf_acute_injury=False,
                        rf_cardiac=False,
                        rf_unwell=False,
                        can_walk_normally=True,
                        quads=soreness,
                        hamstrings=1,
                        glutes=1,
                        calves=0,
                        adductors=0,
                        sleep_quality=4,
                        energy=3,
                    )
                )
                recommendations.append(
                    Recommendation(
                        athlete=athlete,
                        local_date=day,
                        level=2 + soreness % 3,
                        max_minutes=30,
                        rpe_cap=2,
                        threshold_version=1,
                        fired=[{"rule_id": "S2", "reason": "bench", "refs": []}],
                    )
                )
        if len(sessions) > 20000:
            Session.objects.bulk_create(sessions, batch_size=5000)
            CheckIn.objects.bulk_create(checkins, batch_size=5000)
            Recommendation.objects.bulk_create(recommendations, batch_size=5000)
            sessions, checkins, recommendations = [], [], []
    Session.objects.bulk_create(sessions, batch_size=5000)
    CheckIn.objects.bulk_create(checkins, batch_size=5000)
    Recommendation.objects.bulk_create(recommendations, batch_size=5000)
    entries = []
    for session_id, is_leg in (
        Session.objects.filter(kind="strength")
        .values_list("pk", "is_leg_day")
        .iterator(chunk_size=10000)
    ):
        pair = (squat, rdl) if is_leg else (bench_press,)
        entries += [
            ExerciseEntry(session_id=session_id, exercise=e, position=p, sets=4, reps=6, load_kg=80)
            for p, e in enumerate(pair)
        ]
        if len(entries) > 20000:
            ExerciseEntry.objects.bulk_create(entries, batch_size=5000)
            entries = []
    ExerciseEntry.objects.bulk_create(entries, batch_size=5000)
    PlannedRun.objects.bulk_create(
        [
            PlannedRun(athlete=a, date=today + dt.timedelta(days=1), run_type="easy", minutes=40)
            for a in athletes
        ]
    )
    User.objects.filter(pk__in=[a.pk for a in athletes]).update(password=coach.password)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.bulk_create(  # verified, so reminders go out by email too
        EmailAddress(user=a, email=a.email, verified=True, primary=True) for a in athletes
    )
    from recovery import sync

    # Bulk-loaded rows went through no service: derive their state as a command would.
    sync.rebuild(User.objects.filter(pk__in=[a.pk for a in athletes]))
    # Planner statistics and visibility maps, as autovacuum keeps them on a database that
    # grew over a year; a freshly bulk-loaded one has none and gets worse plans.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    counts = {
        "athletes": ATHLETES,
        "sessions": Session.objects.count(),
        "checkins": CheckIn.objects.count(),
        "recommendations": Recommendation.objects.count(),
    }
    log(f"dataset {counts} in {time.monotonic() - started:.0f} s")
    return {
        "coach": coach,
        "athlete": User.objects.get(pk=athletes[0].pk),  # with the password set above
        "counts": counts,
        "seconds": round(time.monotonic() - started, 1),
    }


def session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def start_gunicorn() -> subprocess.Popen:
    workers = 2 * (os.cpu_count() or 1) + 1
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        str(workers),
        "--no-control-socket",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(pinned(command, 0), cwd=ROOT, env={**os.environ})
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def wrk(path: str, cookie: str, csrf: str = "", body: str = "", **api: str) -> dict:
    """`api`: auth (an Authorization header), method and content_type of an API call."""
    env = {
        **os.environ,
        "BENCH_COOKIE": cookie,
        "BENCH_CSRF": csrf,
        "BENCH_BODY": body,
        **{f"BENCH_{key.upper()}": value for key, value in api.items()},
    }
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{DURATION}",
        "-s",
        str(ROOT / "bench" / "wrk.lua"),
        BASE + path,
    ]
    output = subprocess.run(
        pinned(command, 1), capture_output=True, text=True, env=env, check=True
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def warm_up(paths: list[tuple[str, str]]) -> None:
    """Every gunicorn worker imports, connects and renders once before anything is timed."""
    import urllib.request

    for _ in range(3 * (2 * (os.cpu_count() or 1) + 1)):
        for path, cookie in paths:
            request = urllib.request.Request(BASE + path, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
                response.read()
                if response.url != BASE + path:  # wrk counts redirects as successes
                    raise SystemExit(f"{path} redirected to {response.url}: is the session valid?")


def queries_per_request(user, path: str, data: dict | None = None) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.get(path)  # warm (computes today's recommendation once)
    with CaptureQueriesContext(connection) as captured:
        client.post(path, data, headers={"HX-Request": "true"}) if data else client.get(path)
    return len(captured)


def api_answers(quads: int) -> dict:
    """A valid check-in body for the API (no red flags, mild quads)."""
    from recovery.models import RED_FLAG_FIELDS, SORENESS_FIELDS

    return {
        **dict.fromkeys(RED_FLAG_FIELDS, False),
        **dict.fromkeys(SORENESS_FIELDS, 0),
        "can_walk_normally": True,
        "sleep_quality": 4,
        "energy": 4,
        "quads": quads,
    }


def api_queries(token: str, calls: dict) -> dict:
    """Queries per API call, measured once warm (as `queries_per_request` for pages)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", headers={"Authorization": f"Bearer {token}"})
    found = {}
    for name, (path, method, body) in calls.items():
        send = getattr(client, method.lower())
        arguments = (path, body) if body else (path,)
        options = {"content_type": "application/json"} if body else {}
        send(*arguments, **options)  # warm
        with CaptureQueriesContext(connection) as captured:
            send(*arguments, **options)
        found[name] = len(captured)
    return found


def main() -> int:
    for tool in ("wrk",):
        if not shutil.which(tool):
            if os.geteuid() == 0 and shutil.which("apt-get"):
                subprocess.run(["apt-get", "install", "-y", "-qq", tool], check=False)
            if not shutil.which(tool):
                raise SystemExit(f"{tool} is needed: apt-get install {tool}")
    log("resetting the bench database runready_bench")
    reset_database()
    data = generate()
    from django.middleware.csrf import _get_new_csrf_string

    from recovery.models import RED_FLAG_FIELDS, SORENESS_FIELDS

    def answers(quads: str) -> dict:
        """A valid check-in POST (no red flags, mild quads)."""
        return {
            **dict.fromkeys(RED_FLAG_FIELDS, "no"),
            **dict.fromkeys(SORENESS_FIELDS, "0"),
            "can_walk_normally": "yes",
            "sleep_quality": "4",
            "energy": "4",
            "quads": quads,
        }

    athlete_cookie = session_cookie(data["athlete"])
    coach_cookie = session_cookie(data["coach"])
    csrf = _get_new_csrf_string()
    checkin_body = urlencode(answers(quads="3"))
    pages = {
        "today": ("/today/", athlete_cookie, ""),
        "checkin_post": ("/checkin/", athlete_cookie, checkin_body),
        "history": ("/training/", athlete_cookie, ""),
        "checkin_history": ("/recovery/history/", athlete_cookie, ""),
        "planner": ("/training/week/", athlete_cookie, ""),
        "roster": ("/coach/", coach_cookie, ""),
    }
    # The API's today and check-in, with a personal token (issue 27).
    from accounts.services import api_token_create

    _, token = api_token_create(user=data["athlete"], name="bench", can_write=True, days=1)
    today = data["athlete"].local_today().isoformat()
    api_calls = {
        "api_today": ("/api/today", "GET", ""),
        "api_checkin": (f"/api/checkins/{today}", "PUT", json.dumps(api_answers(quads=3))),
    }
    queries = {
        "reference": queries_per_request(data["athlete"], "/bench/reference/"),
        "today": queries_per_request(data["athlete"], "/today/"),
        "checkin_post": queries_per_request(data["athlete"], "/checkin/", answers(quads="3")),
        "history": queries_per_request(data["athlete"], "/training/"),
        "checkin_history": queries_per_request(data["athlete"], "/recovery/history/"),
        "planner": queries_per_request(data["athlete"], "/training/week/"),
        "roster": queries_per_request(data["coach"], "/coach/"),
        **api_queries(token, api_calls),
    }
    server = start_gunicorn()
    results: dict = {"pages": {}}
    try:
        warm_up(
            [
                ("/bench/reference/", athlete_cookie),
                *((path, cookie) for path, cookie, _ in pages.values()),
            ]
        )
        measured = {
            **{
                name: (
                    path,
                    {"cookie": f"sessionid={cookie}; csrftoken={csrf}", "csrf": csrf, "body": body},
                )
                for name, (path, cookie, body) in pages.items()
            },
            **{
                name: (
                    path,
                    {
                        "cookie": "",
                        "body": body,
                        "auth": f"Bearer {token}",
                        "method": method if body else "",
                        "content_type": "application/json" if body else "",
                    },
                )
                for name, (path, method, body) in api_calls.items()
            },
        }
        for name, (path, call) in measured.items():
            runs = []
            for repetition in range(REPETITIONS):
                reference = wrk("/bench/reference/", f"sessionid={athlete_cookie}")
                page = wrk(path, **call)
                runs.append({"reference": reference, "page": page})
                log(
                    f"{name} #{repetition + 1}: {page['rps']:.0f} req/s vs reference {reference['rps']:.0f} (p95 {page['p95_us'] / 1000:.0f} ms, non-2xx {page['non2xx']}, errors {page['errors']})"
                )
            ratio = statistics.median(r["page"]["rps"] / r["reference"]["rps"] for r in runs)
            p95 = statistics.median(r["page"]["p95_us"] for r in runs) / 1000
            results["pages"][name] = {
                "path": path,
                "ratio": round(ratio, 3),
                "target_ratio": TARGETS[name],
                "p50_ms": round(statistics.median(r["page"]["p50_us"] for r in runs) / 1000, 1),
                "p95_ms": round(p95, 1),
                "p99_ms": round(statistics.median(r["page"]["p99_us"] for r in runs) / 1000, 1),
                "p95_limit_ms": P95_LIMIT_MS[name],
                "rps": round(statistics.median(r["page"]["rps"] for r in runs), 1),
                "reference_rps": round(statistics.median(r["reference"]["rps"] for r in runs), 1),
                "reference_p95_ms": round(
                    statistics.median(r["reference"]["p95_us"] for r in runs) / 1000, 1
                ),
                "errors": sum(r["page"]["errors"] + r["page"]["non2xx"] for r in runs),
                "queries": queries[name],
                "meets_targets": ratio >= TARGETS[name] and p95 <= P95_LIMIT_MS[name],
            }
        results["mixed"] = mixed_load()
    finally:
        server.terminate()
        server.wait(timeout=30)
    results["reference_queries"] = queries["reference"]
    results["signin"] = signin.signin_cpu()
    results["dispatch"] = dispatch_benchmark()
    results["sends"] = sends_benchmark()
    results["import"] = import_benchmark(pinned, log)
    results["import_big"] = big_file_benchmark(pinned, log)
    results["alert_during_import"] = alert_latency_benchmark(pinned, log)
    results["machine"] = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    results["date"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results["dataset"] = {**data["counts"], "seconds": data["seconds"]}
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2))
    write_report(results)
    log("wrote bench/results.json and docs/benchmarks.md")
    return 0


def mixed_load() -> dict:
    """100 simulated users (locust, headless, pinned to the other core) for 60 s: sign-ins,
    Today, HTMX check-ins, history, guidance, the roster and its refresh."""
    import csv

    prefix = ROOT / "bench" / "locust"
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "-u",
        str(MIXED_USERS),
        "-r",
        "10",
        "-t",
        f"{MIXED_SECONDS}s",
        "--host",
        BASE,
        "--csv",
        str(prefix),
        "--exit-code-on-error",
        "0",
    ]
    env = {**os.environ, "BENCH_PASSWORD": PASSWORD, "BENCH_LOGIN_ATHLETES": str(MIXED_USERS)}
    subprocess.run(pinned(command, 1), cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}

    def figures(row: dict) -> dict:
        return {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
        }

    total = figures(rows.pop("Aggregated"))
    log(
        f"mixed load: {total['requests']} requests, {total['failures']} failures, p95 {total['p95_ms']:.0f} ms"
    )
    return {
        "users": MIXED_USERS,
        "seconds": MIXED_SECONDS,
        **total,
        "meets_target": total["failures"] == 0,
        "by_request": {name: figures(row) for name, row in rows.items()},
    }


def sends_benchmark(count: int = SEND_COUNT) -> dict:
    """One Celery worker process (prefork, concurrency 1) sending `count` due reminders to
    a loopback SMTP sink: sends per second from the first message to the last."""
    import threading

    from aiosmtpd.controller import Controller
    from django.utils import timezone

    from accounts.models import User
    from config.celery import SINGLE_WORKER, app
    from recovery.models import Reminder
    from recovery.reminders.services import reminders_dispatch

    class Sink:
        def __init__(self) -> None:
            self.times: list[float] = []
            self.lock = threading.Lock()

        async def handle_DATA(self, server, session, envelope):
            with self.lock:
                self.times.append(time.monotonic())
            return "250 OK"

    Reminder.objects.all().delete()
    now = timezone.now()
    athletes = list(
        User.objects.filter(email__endswith="@bench.local").exclude(email__startswith="coach")
    )
    Reminder.objects.bulk_create(
        Reminder(
            athlete=athletes[i % len(athletes)],
            kind=("next_day", "day_2")[i // len(athletes) % 2],
            local_date=now.date() - dt.timedelta(days=i // (2 * len(athletes)) + 1),
            due_at=now - dt.timedelta(minutes=1),
        )
        for i in range(count)
    )
    sink = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = Controller(sink, hostname="127.0.0.1", port=port)
    smtp.start()
    app.control.purge()
    reminders_dispatch()
    worker = subprocess.Popen(
        pinned(
            SINGLE_WORKER,
            0,
        ),
        cwd=ROOT,
        env={**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}"},
    )
    try:
        deadline = time.monotonic() + 120
        while len(sink.times) < count and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        smtp.stop()
        app.control.purge()
    sent = len(sink.times)
    seconds = (sink.times[-1] - sink.times[0]) if sent > 1 else 0.0
    rate = (sent - 1) / seconds if seconds else 0.0
    log(f"sends: {sent} of {count} emails from one worker process, {rate:.0f}/s")
    return {
        "reminders": count,
        "sent": sent,
        "seconds": round(seconds, 1),
        "per_second": round(rate, 1),
        "target_per_second": 200,
        "meets_target": sent == count and rate >= 200,
    }


def dispatch_benchmark(count: int = 100_000) -> dict:
    """Fan-out of 100k due reminders onto the real Redis broker."""
    from django.utils import timezone

    from accounts.models import User
    from config.celery import app
    from recovery.models import Reminder
    from recovery.reminders.services import reminders_dispatch

    athletes = list(
        User.objects.filter(email__endswith="@bench.local").exclude(email__startswith="coach")
    )
    now = timezone.now()
    rows = []
    per_athlete = count // (2 * len(athletes))
    for athlete in athletes:
        for day in range(per_athlete):
            for kind in ("next_day", "day_2"):
                rows.append(
                    Reminder(
                        athlete=athlete,
                        kind=kind,
                        local_date=now.date() - dt.timedelta(days=day + 1),
                        due_at=now - dt.timedelta(minutes=1),
                    )
                )
    Reminder.objects.bulk_create(rows, batch_size=10000)
    app.control.purge()
    started = time.monotonic()
    dispatched = reminders_dispatch()
    seconds = time.monotonic() - started
    app.control.purge()
    log(f"dispatch: {dispatched} reminders fanned out in {seconds:.1f} s")
    return {
        "reminders": dispatched,
        "seconds": round(seconds, 1),
        "target_seconds": 60,
        "meets_target": seconds < 60,
    }


def write_report(results: dict) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Run by `make bench` on {results['date']} — {results['machine']['cpus']} CPUs, {results['machine']['platform']}, Python {results['machine']['python']}.",
        f"Dataset: {results['dataset']}. gunicorn sync workers on core 0, wrk ({CONNECTIONS} connections, {DURATION} per run, {REPETITIONS} A/B repetitions) on core 1.",
        "Ratios compare each page with the reference view (login required, 3 indexed queries, small template) measured alternately in the same run.",
        "",
        "| page | path | ratio to reference (target) | p50 / p95 / p99 ms (p95 limit) | reference p95 ms | req/s | queries | errors | meets targets |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, page in results["pages"].items():
        lines.append(
            f"| {name} | `{page['path']}` | {page['ratio']:.2f} ({page['target_ratio']}) | {page['p50_ms']} / {page['p95_ms']} / {page['p99_ms']} ({page['p95_limit_ms']}) | {page['reference_p95_ms']} | {page['rps']} | {page['queries']} | {page['errors']} | {'yes' if page['meets_targets'] else 'NO'} |"
        )
    dispatch, sends, mixed = results["dispatch"], results["sends"], results["mixed"]
    imported = results["import"]
    lines += [
        "",
        f"Reference view: {results['reference_queries']} queries per request.",
        "",
        *signin.report(results["signin"]),
        f"Reminder dispatch: {dispatch['reminders']} due reminders fanned out to Redis in {dispatch['seconds']} s (target < 60 s: {'met' if dispatch['meets_target'] else 'MISSED'}).",
        "",
        f"Sends: {sends['sent']} of {sends['reminders']} reminder emails from one worker process (prefork, concurrency 1) to a loopback SMTP sink, {sends['per_second']} per second (target ≥ 200: {'met' if sends['meets_target'] else 'MISSED'}).",
        "",
        f"Import: a {imported['zip_mb']} MB export archive of {imported['activities']} GPX runs (40 min each, a point every 5 s) imported by one worker process (prefork, concurrency 1): {imported['created']} created, {imported['failed']} failed, in {imported['seconds']} s from the upload to the report (target < {imported['target_seconds']} s), worker peak memory {imported['peak_mb']} MB (target < {imported['target_mb']} MB): {'met' if imported['meets_target'] else 'MISSED'}.",
        "",
        f"One 25 MB file: a {results['import_big']['file_mb']} MB GPX (the largest accepted) in a fresh import worker: {results['import_big']['status']} in {results['import_big']['seconds']} s, worker peak memory {results['import_big']['peak_mb']} MB (target ≤ {results['import_big']['target_mb']} MB): {'met' if results['import_big']['meets_target'] else 'MISSED'}.",
        "",
        f"Red flag during an import: while the import worker read an archive of {results['alert_during_import']['files']} GPX runs ({results['alert_during_import']['import_processed']} of {results['alert_during_import']['import_total']} read when the alert went out), an athlete answered \"no urine at all\": the coach's alert was sent {results['alert_during_import']['seconds']} s after the answer by the default queue's worker (the scan every 5 s here; beat runs it every minute) (target ≤ {results['alert_during_import']['target_seconds']} s): {'met' if results['alert_during_import']['meets_target'] else 'MISSED'}.",
        "",
        f"Mixed load: {mixed['users']} simulated users (locust: sign-in, then Today, HTMX check-ins, history, guidance; one in ten a coach on the roster) for {mixed['seconds']} s: {mixed['requests']} requests, {mixed['failures']} failures (target 0: {'met' if mixed['meets_target'] else 'MISSED'}), p50 / p95 / p99 {mixed['p50_ms']:.0f} / {mixed['p95_ms']:.0f} / {mixed['p99_ms']:.0f} ms.",
        "",
        "| request | count | failures | req/s | p50 / p95 / p99 ms |",
        "|---|---|---|---|---|",
        *(
            f"| {name} | {row['requests']} | {row['failures']} | {row['rps']} | {row['p50_ms']:.0f} / {row['p95_ms']:.0f} / {row['p99_ms']:.0f} |"
            for name, row in mixed["by_request"].items()
        ),
        "",
    ]
    analysis = ROOT / "bench" / "analysis.md"
    if analysis.exists():  # the hand-written reading of the latest numbers
        lines += ["", analysis.read_text()]
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
