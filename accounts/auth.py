"""Glue between the login protections (django-axes, allauth) and this app: which account a
login names, which client address it comes from, and how many second-factor codes an
account may get wrong."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

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


@dataclass(frozen=True)
class _Site:
    name: str
    domain: str


BRAND = _Site("RunReady", urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_ip(request) or ""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every account email speaks as RunReady with the site's address from settings
        (SITE_URL), never the host and port the request happened to use."""
        branded = {"current_site": BRAND, "site_url": settings.SITE_URL, **context}
        super().send_mail(template_prefix, email, branded)

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


# --- Second-factor codes ----------------------------------------------------------------------


def mfa_failures(user) -> int:
    """Wrong passwords and wrong codes for this account, from every address, in the cool-off
    window (axes' records: each wrong code is recorded there as a failed login)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(username=user.email.lower(), attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class MfaAuthenticateForm(AuthenticateForm):
    """allauth's code step, with at most AXES_FAILURE_LIMIT wrong codes per account in the
    cool-off window (then the same wait as after wrong passwords), each one recorded by axes."""

    def clean_code(self) -> str:
        if mfa_failures(self.user) >= settings.AXES_FAILURE_LIMIT:
            minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
            raise forms.ValidationError(
                gettext_lazy(
                    "Too many wrong codes or passwords for this account: wait {minutes} minutes and try again."
                ).format(minutes=minutes)
            )
        try:
            return super().clean_code()
        except forms.ValidationError:
            user_login_failed.send(
                sender=MfaAuthenticateForm,
                credentials={"username": self.user.email},
                request=context.request,
            )
            raise
