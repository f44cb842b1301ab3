"""Project middleware."""

from urllib.parse import urlencode

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's login-required-by-default, plus an HX-Redirect for HTMX requests.

    An HTMX request whose session expired would otherwise swap the whole login
    page into a fragment of the current page.
    """

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
