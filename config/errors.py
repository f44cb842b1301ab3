"""Errors an operator hears of (issue 30): sent to Sentry (or a compatible service: GlitchTip,
Bugsink) when SENTRY_DSN is set, else emailed to ADMINS. Neither ever carries what a person
typed or holds: no request body (check-in answers, passwords), no cookies, no credential
headers (API tokens), no query string, no local variables (a view's variables hold answers
and forms), no SQL parameters; URLs pass `logfilters.redact` (calendar tokens)."""

from __future__ import annotations

from typing import Any

from django.views.debug import SafeExceptionReporterFilter

from .logfilters import redact

REMOVED = "[removed]"
CREDENTIAL_HEADERS = {"authorization", "cookie", "proxy-authorization", "x-csrftoken"}


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's before_send: what is left of an event once nothing personal remains."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {
            name: value for name, value in headers.items() if name.lower() not in CREDENTIAL_HEADERS
        }
        if isinstance(request.get("url"), str):
            request["url"] = redact(request["url"])
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        crumb.pop("data", None)
        if isinstance(crumb.get("message"), str):
            crumb["message"] = redact(crumb["message"])
    if isinstance(event.get("user"), dict):
        event["user"] = {"id": event["user"].get("id")}
    return event


def init_sentry(dsn: str, environment: str = "production") -> None:
    """Report unhandled errors of the web, the workers and beat to `dsn`."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],  # no personal data by default
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0,
        before_send=scrub,  # type: ignore[arg-type]
    )


class NothingPersonal(SafeExceptionReporterFilter):
    """Django's error emails to ADMINS (and its error page with DEBUG off): the names of the
    posted fields, never their values; no local variables."""

    def get_post_parameters(self, request):
        if not self.is_active(request) or request is None:
            return super().get_post_parameters(request)
        return dict.fromkeys(request.POST, REMOVED)

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return []
