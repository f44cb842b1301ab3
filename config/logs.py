"""Logs an operator can use (issue 30): one JSON object a line — time, level, logger, message,
request id, user id — from the web, the workers and beat.

- Every request gets an id: the proxy's `X-Request-ID` when it sent a sane one, else a new
  one; it is on every line logged while the request runs, goes back in the response's
  `X-Request-ID`, and travels with each task the request enqueues (a message header), so the
  worker's lines of that task carry it too.
- One line per request at its end: method, route (the URL pattern, never the path: paths
  hold calendar and unsubscribe tokens), status, milliseconds, user id.
- Never check-in answers, tokens or passwords: nothing logs a request's body or query string,
  and every line passes `logfilters.redact` (calendar paths, API tokens)."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import time
import uuid

from .logfilters import redact

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
user_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)
INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
HEADER = "request_id"  # the task message header
EXTRA_FIELDS = ("method", "route", "status", "ms", "task", "task_id", "state")

requests = logging.getLogger("runready.request")
tasks = logging.getLogger("runready.task")


class RequestIdMiddleware:
    """First in MIDDLEWARE: the request's id, and its line when it ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.id = rid
        rid_token, user_token = request_id.set(rid), user_id.set(None)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            if requests.isEnabledFor(logging.INFO):
                match = getattr(request, "resolver_match", None)
                route = match.route if match else ""
                requests.info(
                    "%s %s %s",
                    request.method,
                    route or "(no route)",
                    response.status_code,
                    extra={
                        "method": request.method,
                        "route": route,
                        "status": response.status_code,
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            request_id.reset(rid_token)
            user_id.reset(user_token)


class SignedInMiddleware:
    """After AuthenticationMiddleware: the signed-in person's id on the request's lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id.set(user.pk)
        return self.get_response(request)


class ContextFilter(logging.Filter):
    """Puts the request id and user id on every record (empty outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", "") or request_id.get()
        record.user_id = getattr(record, "user_id", None) or user_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "request_id": getattr(record, "request_id", "") or None,
            "user_id": getattr(record, "user_id", None),
        }
        entry.update({k: getattr(record, k) for k in EXTRA_FIELDS if hasattr(record, k)})
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, default=str)


# --- Celery: the request id travels with the task ------------------------------------------


def task_published(headers=None, **kwargs) -> None:
    """before_task_publish: the enqueuing request's id as a message header."""
    rid = request_id.get()
    if rid and headers is not None:
        headers.setdefault(HEADER, rid)


def task_started(task_id=None, task=None, **kwargs) -> None:
    """task_prerun: the id of the request that enqueued the task, on the task's lines."""
    request_id.set(getattr(task.request, HEADER, None) or "")
    user_id.set(None)
    tasks.info("%s started", task.name, extra={"task": task.name, "task_id": task_id})


def task_ended(task_id=None, task=None, state=None, **kwargs) -> None:
    """task_postrun."""
    tasks.info(
        "%s %s", task.name, state, extra={"task": task.name, "task_id": task_id, "state": state}
    )
    request_id.set("")
