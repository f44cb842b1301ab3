"""Logs and errors an operator can use (issue 30): JSON lines with the request id, the same id
on the lines of the task the request enqueued (a real worker), and error reports sent to a
local stand-in for the error service that hold no check-in answer, token or password."""

import contextlib
import gzip
import io
import json
import logging
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import include, path

from config import logs
from config.celery import IMPORT_QUEUE
from config.celery import app as celery_app
from tests.factories import UserFactory, checkin_post
from tests.stack import wait_until
from training.importmodels import ImportBatch

try:  # the SDK compresses with brotli when it can import it, else with gzip
    import brotli
except ImportError:  # pragma: no cover - then it sends gzip
    brotli = None

GPX = Path(__file__).parent / "data" / "gpx" / "Mojstrovka.gpx"


@contextlib.contextmanager
def json_lines():
    """Our loggers' lines, as the console handler writes them in production (JSON). On the
    "runready" logger, not the root: a worker starting sets Django's logging up again, which
    replaces the root's handlers."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.addFilter(logs.ContextFilter())
    handler.setFormatter(logs.JsonFormatter())
    runready = logging.getLogger("runready")
    level = runready.level
    runready.addHandler(handler)
    runready.setLevel(logging.INFO)
    lines: list[dict] = []
    try:
        yield lines
    finally:
        runready.removeHandler(handler)
        runready.setLevel(level)
        lines += [json.loads(line) for line in buffer.getvalue().splitlines() if line]


@pytest.mark.django_db(transaction=True)
@pytest.mark.stack
def test_a_request_and_the_task_it_enqueued_log_one_request_id(client, seeded):
    athlete = UserFactory()
    client.force_login(athlete)
    celery_app.control.purge()
    with json_lines() as lines:
        response = client.post(
            "/training/import/", {"files": [GPX.open("rb")]}, HTTP_X_REQUEST_ID="edge-7f3a9c21"
        )
        assert response.status_code == 302
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, queues=(IMPORT_QUEUE,)
        ):
            assert wait_until(lambda: ImportBatch.objects.filter(status="done").exists(), 60)
    assert response["X-Request-ID"] == "edge-7f3a9c21"  # the proxy's id, kept
    request_line = next(line for line in lines if line["logger"] == "runready.request")
    assert request_line == {
        **request_line,
        "level": "INFO",
        "method": "POST",
        "route": "training/import/",
        "status": 302,
        "request_id": "edge-7f3a9c21",
        "user_id": athlete.pk,
    }
    assert set(request_line) >= {"time", "message", "ms"}
    task_lines = [line for line in lines if line["logger"] == "runready.task"]
    assert {line["task"] for line in task_lines} == {"training.tasks.import_batch"}
    assert {line["request_id"] for line in task_lines} == {"edge-7f3a9c21"}
    assert [line["message"] for line in task_lines][-1].endswith("SUCCESS")

    # A request without an id gets its own, on its line and in its answer.
    with json_lines() as lines:
        response = client.get("/today/", HTTP_X_REQUEST_ID="bad id; DROP")
    [line] = [line for line in lines if line["logger"] == "runready.request"]
    assert line["request_id"] == response["X-Request-ID"] != "bad id; DROP"
    assert len(line["request_id"]) == 32


@pytest.mark.django_db
def test_the_request_line_names_the_route_never_a_token_or_an_answer(client):
    athlete = UserFactory()
    client.force_login(athlete)
    with json_lines() as lines:
        client.get("/calendar/secret-calendar-token-123.ics")
        client.post("/checkin/", checkin_post(note="my knee clicks at night"))
    text = json.dumps(lines)
    assert "secret-calendar-token-123" not in text
    assert "my knee clicks" not in text
    routes = [line["route"] for line in lines if line["logger"] == "runready.request"]
    assert routes == ["calendar/<slug:token>.ics", "checkin/"]


class ErrorService:
    """A stand-in for Sentry on loopback: keeps every envelope it receives, decompressed."""

    def __init__(self):
        self.envelopes: list[str] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                elif encoding == "br":
                    body = brotli.decompress(body)
                service.envelopes.append(body.decode())
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.dsn = f"http://public@127.0.0.1:{self.server.server_address[1]}/1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def events(self) -> list[dict]:
        found = []
        for envelope in self.envelopes:
            for line in envelope.splitlines():
                with contextlib.suppress(ValueError):
                    item = json.loads(line)
                    if isinstance(item, dict) and "exception" in item:
                        found.append(item)
        return found


def _failing_check_in(request):
    """A view that fails after reading a check-in and holding a token: what an error
    report must leave behind."""
    answers = dict(request.POST)
    token = request.headers.get("Authorization", "")
    raise RuntimeError(f"failed while saving a check-in ({len(answers)} fields, {len(token)})")


urlpatterns = [path("boom/", _failing_check_in), path("", include("config.urls"))]


@pytest.fixture
def error_service():
    import sentry_sdk

    from config.errors import init_sentry

    service = ErrorService()
    init_sentry(service.dsn, environment="test")
    yield service
    sentry_sdk.init(dsn=None)  # the SDK's hooks stay, with nothing to send to
    service.server.shutdown()


@pytest.mark.django_db
@pytest.mark.urls("tests.test_logs_and_errors")
def test_an_error_reaches_the_error_service_without_answers_tokens_or_passwords(
    client, error_service
):
    import sentry_sdk

    athlete = UserFactory()
    client.force_login(athlete)
    client.raise_request_exception = False
    answers = checkin_post(rf_dark_urine="yes", quads="9", note="my knee clicks at night")
    response = client.post(
        "/boom/?token=rr_querysecret0000000",
        {**answers, "password": "hunter2-hunter2"},
        HTTP_AUTHORIZATION="Bearer rr_headersecret000000000",
    )
    assert response.status_code == 500
    sentry_sdk.flush(timeout=10)
    assert wait_until(lambda: error_service.events(), 10)
    [event] = error_service.events()
    assert event["exception"]["values"][0]["type"] == "RuntimeError"
    assert "boom" in event["transaction"] or "_failing_check_in" in event["transaction"]
    sent = json.dumps(event)
    for secret in ("my knee clicks", "hunter2", "rr_headersecret", "rr_querysecret", "sessionid"):
        assert secret not in sent, secret
    assert '"vars"' not in sent  # no local variables at all
    assert athlete.email not in sent
