"""One-click unsubscribe from reminder emails, and the in-app notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..models import Notification, ReminderKind
from . import messages as reminder_messages
from . import services


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
    items = Notification.objects.filter(user=request.user)[:50]
    return render(request, "recovery/reminders/notifications.html", {"items": items})


def notifications_bell(request):
    """HTMX: the bell with its unread count (polled every minute)."""
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(request, "components/_bell.html", {"unread": unread})


@require_POST
def notification_read(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or "recovery:notifications")


@require_POST
def notifications_read_all(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(request, "All notifications marked as read.")
    return redirect("recovery:notifications")
