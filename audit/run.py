"""`make audit`: outside tools look at RunReady as a phone user meets it.

Serves the app with production settings (gunicorn, PostgreSQL, Redis, collected and
compressed static files) on loopback, signs in as the demo athlete, runs Lighthouse 12.8
(mobile) on `/` (as a visitor), `/today/` and `/checkin/`, and asks Chromium over the
DevTools protocol whether the app is installable (Lighthouse 12 dropped its PWA checks).
Writes docs/audit.md; exits non-zero when a score is below the bar or Chromium reports an
installability error.
"""

import contextlib
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AUDIT = ROOT / "audit"
PORT = int(os.environ.get("AUDIT_PORT", "8310"))
BASE = f"http://127.0.0.1:{PORT}"
CHROMIUM = os.environ.get("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")
RUNS = int(os.environ.get("AUDIT_RUNS", "3"))
ATTEMPTS = 3
DEVTOOLS = int(os.environ.get("AUDIT_DEVTOOLS_PORT", "9333"))
PAGES = [("/", False), ("/today/", True), ("/checkin/", True)]
BARS = {"performance": 0.90, "accessibility": 0.95, "best-practices": 0.95, "seo": 0.90}
DEMO_ATHLETE = "athlete@example.com"
DEMO_PASSWORD = "runready-demo"  # noqa: S105 - published (README, `make run`); demo data only


def log(message: str) -> None:
    print(f"[audit {time.strftime('%H:%M:%S')}] {message}", flush=True)


def environment(**extra) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.audit", **extra}
    env["STATIC_ROOT"] = str(ROOT / "var" / "audit-static")
    return env


def manage(*args: str, **extra) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment(**extra), check=True
    )


def prepare() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS test_runready_audit WITH (FORCE)")
        conn.execute("CREATE DATABASE test_runready_audit")
    manage("migrate", "--noinput", "-v0")
    manage("demo_data", DEBUG="true", RUNREADY_DEMO_DATA="yes")
    manage("collectstatic", "--noinput", "-v0")


def serve() -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment(),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the app did not start")


def sign_in() -> str:
    """The demo athlete's session, as a Cookie header."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{BASE}/accounts/login/").read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    body = urlencode(
        {"login": DEMO_ATHLETE, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": csrf}
    ).encode()
    request = urllib.request.Request(
        f"{BASE}/accounts/login/", data=body, headers={"Referer": f"{BASE}/accounts/login/"}
    )
    final = opener.open(request)
    if not final.geturl().endswith("/today/"):
        raise SystemExit(f"signing in as the demo athlete ended on {final.geturl()}")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


class Browser:
    """The Debian Chromium with a real (not incognito) profile and a DevTools port: Lighthouse
    drives it with --port, so the demo athlete's session cookie is in its cookie jar (a
    Cookie header from --extra-headers loses to the jar as soon as a page sets a cookie).
    Playwright connects only for the steps between runs: attached during a run, it would
    slow every page Lighthouse opens."""

    def __init__(self, profile: str):
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                f"--remote-debugging-port={DEVTOOLS}",
                f"--user-data-dir={profile}",
                "--no-first-run",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()

    @contextlib.contextmanager
    def connected(self):
        """The profile's own context (cookies, service workers), over CDP, for a moment."""
        deadline = time.monotonic() + 30
        while True:
            try:
                browser = self.playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{DEVTOOLS}")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        try:
            yield browser.contexts[0]
        finally:
            browser.close()  # disconnects; the browser keeps running

    def sign_in(self, cookie: str) -> None:
        with self.connected() as context:
            context.add_cookies(
                [
                    {"name": part.split("=", 1)[0], "value": part.split("=", 1)[1], "url": BASE}
                    for part in cookie.split("; ")
                ]
            )

    def forget_all_but_cookies(self) -> None:
        """A first visit each time: no HTTP cache, no service worker, no stored data."""
        with self.connected() as context:
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.clearBrowserCache")
            cdp.send(
                "Storage.clearDataForOrigin",
                {"origin": BASE, "storageTypes": "cache_storage,service_workers,local_storage"},
            )
            page.close()

    def close(self) -> None:
        self.playwright.stop()
        self.process.terminate()
        self.process.wait(timeout=30)


def lighthouse(browser: Browser, path: str) -> dict:
    """The median of RUNS Lighthouse runs by performance score (Lighthouse's own advice for
    its run-to-run variance, which is large on a shared two-core machine)."""
    runs = sorted((_lighthouse_once(browser, path) for _ in range(RUNS)), key=_performance)
    median = runs[len(runs) // 2]
    median["runs"] = [_performance(run) for run in runs]
    return median


def _performance(result: dict) -> float:
    return result["scores"]["performance"] or 0


def _lighthouse_once(browser: Browser, path: str) -> dict:
    browser.forget_all_but_cookies()
    with tempfile.TemporaryDirectory() as out:
        report = Path(out) / "report.json"
        command = [
            str(AUDIT / "node_modules" / ".bin" / "lighthouse"),
            BASE + path,
            f"--port={DEVTOOLS}",
            "--disable-storage-reset",  # keeps the session cookie (caches were cleared above)
            "--form-factor=mobile",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
        ]
        for attempt in range(1, ATTEMPTS + 1):
            # Lighthouse asks to be run again when it loses the trace (NO_NAVSTART, …).
            if subprocess.run(command, check=False).returncode == 0:
                break
            log(f"  Lighthouse failed on {path} (attempt {attempt} of {ATTEMPTS})")
            if attempt == ATTEMPTS:
                raise SystemExit(f"Lighthouse failed {ATTEMPTS} times on {path}")
            browser.forget_all_but_cookies()
        data = json.loads(report.read_text())
        keep = ROOT / "var" / "audit"
        keep.mkdir(parents=True, exist_ok=True)  # the whole reports, for a closer look
        name = path.strip("/").replace("/", "-") or "home"
        shutil.copy(report, keep / f"{name}.json")
    if data.get("runtimeError"):
        raise SystemExit(f"Lighthouse could not audit {path}: {data['runtimeError']}")
    if not data["finalDisplayedUrl"].endswith(path):
        raise SystemExit(f"Lighthouse on {path} ended on {data['finalDisplayedUrl']}")
    scores = {key: data["categories"][key]["score"] for key in BARS}  # KeyError: missing one
    failing = [
        f"{audit['title']}"
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    return {"scores": scores, "failing": sorted(failing)}


def installability(browser: Browser) -> dict:
    browser.forget_all_but_cookies()
    with browser.connected() as context:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        page.goto(f"{BASE}/today/")
        ready = page.evaluate(
            "Promise.race([navigator.serviceWorker.ready.then(() => true),"
            " new Promise((done) => setTimeout(() => done(false), 15000))])"
        )
        page.reload()
        controlled = ready and page.evaluate("Boolean(navigator.serviceWorker.controller)")
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        manifest = cdp.send("Page.getAppManifest")
        page.close()
    return {
        "errors": [e["errorId"] for e in errors],
        "manifest_errors": [e["message"] for e in manifest.get("errors", [])],
        "service_worker_controls": controlled,
    }


def write_report(results: dict, install: dict) -> list[str]:
    problems = []
    lines = [
        "# Audit: Lighthouse and installability",
        "",
        f"Run by `make audit` on {dt.datetime.now(dt.UTC):%Y-%m-%d}: Lighthouse 12.8.2 (mobile: emulated"
        " moto g power, slow 4G, 4x CPU slowdown) on the Debian Chromium, against gunicorn with"
        " production settings (DEBUG off, PostgreSQL, Redis, compressed static files) on"
        " loopback. `/` as a visitor, `/today/` and `/checkin/` signed in as the demo athlete."
        f" Each page {RUNS} times from a cold cache; the table gives the run with the median"
        " performance score.",
        "",
        f"| page | performance | accessibility | best practices | SEO | performance of the {RUNS} runs |",
        "|---|---|---|---|---|---|",
    ]
    for path, result in results.items():
        scores = result["scores"]
        cells = []
        for key, bar in BARS.items():
            score = round(scores[key] * 100) if scores[key] is not None else None
            cells.append(str(score))
            if score is None or score < bar * 100:
                problems.append(f"{path}: {key} {score} < {round(bar * 100)}")
        runs = ", ".join(str(round(score * 100)) for score in result["runs"])
        lines.append(f"| `{path}` | " + " | ".join(cells) + f" | {runs} |")
    lines += ["", f"Bars: {', '.join(f'{k} ≥ {round(v * 100)}' for k, v in BARS.items())}.", ""]
    lines += ["## Audits below 0.9", ""]
    for path, result in results.items():
        lines.append(f"- `{path}`: " + ("; ".join(result["failing"]) or "none"))
    lines += [
        "",
        "## Installability (Chromium `Page.getInstallabilityErrors`)",
        "",
        f"- installability errors: {install['errors'] or 'none'}",
        f"- manifest errors: {install['manifest_errors'] or 'none'}",
        f"- service worker controls `/today/` after a reload: {install['service_worker_controls']}",
        "",
    ]
    if install["errors"] or install["manifest_errors"]:
        problems.append(f"installability: {install['errors'] + install['manifest_errors']}")
    if not install["service_worker_controls"]:
        problems.append("the service worker does not control the page")
    if problems:
        lines += ["## Below the bar", "", *[f"- {p}" for p in problems], ""]
    (ROOT / "docs" / "audit.md").write_text("\n".join(lines))
    return problems


def main() -> None:
    if not (AUDIT / "node_modules" / ".bin" / "lighthouse").exists():
        raise SystemExit("Lighthouse is not installed: run `make audit` (it runs npm ci first).")
    log("preparing the database and static files")
    prepare()
    server = serve()
    try:
        with tempfile.TemporaryDirectory() as profile:
            browser = Browser(profile)
            try:
                results = {}
                for path, signed_in in PAGES:
                    if signed_in and not results.get("signed in"):
                        browser.sign_in(sign_in())
                        results["signed in"] = True
                    log(f"Lighthouse on {path}")
                    results[path] = lighthouse(browser, path)
                    log(f"  {results[path]['scores']}")
                results.pop("signed in", None)
                log("installability")
                install = installability(browser)
                log(f"  {install}")
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    problems = write_report(results, install)
    log("wrote docs/audit.md")
    if problems:
        raise SystemExit("below the bar:\n  " + "\n  ".join(problems))


if __name__ == "__main__":
    main()
