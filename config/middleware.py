"""Project middleware."""

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

API_PREFIX = "/api/"


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's login-required-by-default, plus an HX-Redirect for HTMX requests.

    An HTMX request whose session expired would otherwise swap the whole login
    page into a fragment of the current page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(API_PREFIX):
            return None  # the API authenticates each call itself (token or session): 401, not a redirect
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        if getattr(request, "htmx", False):
            current = request.htmx.current_url_abs_path or request.get_full_path()
            login_url = resolve_url(self.get_login_url(view_func))
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"{login_url}?{urlencode({'next': current})}"
            return response
        return super().handle_no_permission(request, view_func)


class TimezoneMiddleware:
    """Show and read dates in the signed-in person's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.tz)
        else:
            timezone.deactivate()
        return self.get_response(request)


class UserLanguageMiddleware:
    """The signed-in person's language: the one they picked in Settings, else the browser's
    (LocaleMiddleware's pick from Accept-Language), which is remembered for what is sent
    without a browser (emails, pushes, calendar feeds). Written only when it changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            elif (user.browser_language or settings.LANGUAGE_CODE) != request.LANGUAGE_CODE:
                user.browser_language = request.LANGUAGE_CODE
                get_user_model().objects.filter(pk=user.pk).update(
                    browser_language=user.browser_language
                )
        return self.get_response(request)


# Where someone who must enrol a second factor may still go: enrolling, signing out.
SECOND_FACTOR_OPEN = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/static/",
)


class RequireSecondFactorMiddleware:
    """With MFA_REQUIRED on, managers, coaches and superusers reach nothing (staff pages, the
    admin, anything) until they have enrolled a second factor; allauth asks for it at every
    login from then on. Athletes are not asked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(SECOND_FACTOR_OPEN)
            and (user.is_superuser or user.is_staff or user.is_gym_staff)
            and not Authenticator.objects.filter(user=user).exists()
        ):
            target = reverse("mfa_activate_totp")
            if getattr(request, "htmx", False):
                response = HttpResponse(status=204)  # nothing to swap in
                current = request.htmx.current_url_abs_path or ""
                if not current.startswith(SECOND_FACTOR_OPEN):  # already there: stay
                    response["HX-Redirect"] = target
                return response
            messages.info(
                request,
                gettext_lazy(
                    "Staff accounts need a second factor: set up an authenticator app to continue."
                ),
            )
            return redirect(target)
        return self.get_response(request)
