"""Glue between the login protections (django-axes, allauth) and this app: which account a
login names, and which client address it comes from."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from .forms import valid_time_zone


def client_ip(request) -> str | None:
    """The client's address, the one rule for lockouts and rate limits alike. Without proxies
    of ours (TRUSTED_PROXY_COUNT = 0) it is REMOTE_ADDR and X-Forwarded-For is ignored: anyone
    can send it. Behind N of ours, each appends the address it saw, so the client is the N-th
    entry from the right; entries further left were sent by the client and are not trusted."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    return chain[-count] if len(chain) >= count else remote


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_ip(request) or ""

    def save_user(self, request, user, form, commit=True):
        """A new account starts in the browser's time zone (the sign-up page sends it),
        not silently in UTC; onboarding asks to confirm it."""
        zone = request.POST.get("time_zone", "") if request is not None else ""
        if valid_time_zone(zone):
            user.time_zone = zone
        return super().save_user(request, user, form, commit)


def axes_username(request, credentials) -> str | None:
    """The login identifier, whichever form sent it.

    allauth passes `email=` to authenticate(); the admin login passes `username=`
    (our USERNAME_FIELD is the email). Lower-cased so "A@x.com" and "a@x.com" share
    one failure count.
    """
    source = credentials or getattr(request, "POST", {}) or {}
    value = source.get("email") or source.get("username") or source.get("login")
    return value.strip().lower() if value else None
