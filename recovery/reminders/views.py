"""One-click unsubscribe from reminder emails, and the in-app notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..models import Notification, ReminderKind
from . import messages as reminder_messages
from . import selectors, services


@login_not_required
@csrf_exempt  # mail clients' one-click unsubscribe (RFC 8058) can't send a CSRF token
@require_http_methods(["GET", "POST"])
def reminder_unsubscribe(request, token: str):
    """GET shows what will be switched off; POST (a button, or a mail client's one-click) does it."""
    try:
        athlete, kind = reminder_messages.unsubscribe_read(token)
    except signing.BadSignature:
        return render(request, "recovery/reminders/unsubscribe.html", {"invalid": True}, status=400)
    label = ReminderKind(kind).label.lower()
    if request.method == "POST":
        services.unsubscribe(athlete=athlete, kind=kind)
        return render(
            request, "recovery/reminders/unsubscribe.html", {"done": True, "label": label}
        )
    return render(
        request, "recovery/reminders/unsubscribe.html", {"label": label, "email": athlete.email}
    )


def notifications(request):
    items = selectors.notifications_for(request.user)
    return render(request, "recovery/reminders/notifications.html", {"items": items})


def notifications_bell(request):
    """HTMX: the bell with its unread count (polled every minute)."""
    unread = selectors.unread_count(request.user)
    return render(request, "components/_bell.html", {"unread": unread})


@require_POST
def notification_read(request, pk: int):
    try:
        notification = selectors.notification_of(request.user, pk)
    except Notification.DoesNotExist:
        raise Http404(gettext_lazy("No such notification.")) from None
    services.notification_read(notification=notification)
    return redirect(notification.url or "recovery:notifications")


@require_POST
def notifications_read_all(request):
    services.notifications_read_all(user=request.user)
    messages.success(request, gettext_lazy("All notifications marked as read."))
    return redirect("recovery:notifications")
