"""The public API under `/api/` (django-ninja): each app's router, two ways in — a personal
access token (`Authorization: Bearer rr_…`, made in Settings) or the browser's session (with
its CSRF token) — a rate limit per token or user, and every error as an RFC 9457 problem
document. The schema is at `/api/schema` (OpenAPI 3.1), the docs at `/api/docs` (assets
served from our own static files, under the Content-Security-Policy).

The API is a door like the pages: the same services, selectors and form validation behind
it, `accounts.selectors` deciding who may see what."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import AuthRateThrottle

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.models import ApiToken

log = logging.getLogger(__name__)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PROBLEM = "application/problem+json"


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: a live token of an active user (staff: with their
    second factor). A read-only token reads only."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = account_selectors.api_token_user(token)
        if found is None:
            return None
        if request.method not in SAFE_METHODS and not found.can_write:
            raise HttpError(
                403, gettext("This token is read-only: make a read-write one in Settings.")
            )
        account_services.api_token_used(found, timezone.now())
        request.user = found.user
        return found


class BrowserSession(SessionAuth):
    """The signed-in browser: its session cookie, and its CSRF token on every write."""

    def authenticate(self, request: HttpRequest, key: str | None):
        return request.user if request.user.is_authenticated else None


class PerCaller(AuthRateThrottle):
    """`API_RATE` requests per token (or per signed-in user) in a sliding window; over it,
    429 with `Retry-After`. Read from settings at each request, so it can be tuned."""

    def get_cache_key(self, request: HttpRequest) -> str:
        """One bucket per token, or per signed-in user (by id: names are not unique)."""
        caller = request.auth  # type: ignore[attr-defined]
        ident = f"token-{caller.pk}" if isinstance(caller, ApiToken) else f"user-{caller.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request: HttpRequest) -> bool:
        if self.rate != settings.API_RATE:
            self.rate = settings.API_RATE
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class RunReadyAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """As ninja draws it, with errors said to come as problem documents."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for code, answer in operation.get("responses", {}).items():
                    if int(code) >= 400 and "application/json" in answer.get("content", {}):
                        answer["content"] = {PROBLEM: answer["content"]["application/json"]}
        return schema


api = RunReadyAPI(
    title="RunReady API",
    version="1",
    description=(
        "Your leg days, runs, check-ins and today's run advice. Authenticate with a personal "
        "access token from Settings (`Authorization: Bearer rr_…`) or, in the browser, the "
        "signed-in session. Errors are problem documents (RFC 9457)."
    ),
    urls_namespace="api",
    openapi_url="/schema",
    docs_url="/docs",
    auth=[TokenAuth(), BrowserSession()],
    throttle=[PerCaller(settings.API_RATE)],
)


def problem(request, status: int, title: str, detail: str = "", errors: dict | None = None):
    body: dict = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM
    return response


TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Invalid input",
    429: "Too many requests",
}


@api.exception_handler(SchemaError)
def schema_error(request, exc: SchemaError):
    """The body, query or path did not match the schema: each field with its message."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "file")
        ]
        errors.setdefault(".".join(location) or "body", []).append(
            error.get("msg", gettext("Invalid."))
        )
    return problem(request, 422, TITLES[422], gettext("Some fields are not valid."), errors)


@api.exception_handler(ValidationError)
def rule_error(request, exc: ValidationError):
    """A form's or a service's refusal, with its own messages."""
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        return problem(request, 422, TITLES[422], gettext("Some fields are not valid."), errors)
    return problem(request, 422, TITLES[422], " ".join(exc.messages))


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = problem(
        request,
        401,
        TITLES[401],
        gettext("Send a token as `Authorization: Bearer rr_…`, or sign in."),
    )
    response["WWW-Authenticate"] = 'Bearer realm="RunReady"'
    return response


@api.exception_handler(Throttled)
def throttled(request, exc: Throttled):
    return problem(request, 429, TITLES[429], gettext("Slow down: see Retry-After."))


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return problem(
        request, exc.status_code, TITLES.get(exc.status_code, gettext("Error")), str(exc)
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return problem(request, 404, TITLES[404], gettext("No such thing here, or not yours to see."))


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return problem(request, 403, TITLES[403], str(exc) or gettext("Not allowed."))


def _routers() -> None:
    from accounts.api import router as accounts_router
    from recovery.api import router as recovery_router
    from recovery.planning.api import router as planning_router
    from recovery.staff.api import router as staff_router
    from training.api import router as training_router
    from training.importapi import router as imports_router

    api.add_router("/", accounts_router)
    api.add_router("/", training_router)
    api.add_router("/", imports_router)
    api.add_router("/", recovery_router)
    api.add_router("/", planning_router)
    api.add_router("/", staff_router)


_routers()
