"""Reads of the in-app notifications: the list and the bell's unread count."""

from django.db.models import QuerySet

from accounts.models import User

from ..models import Notification

NOTIFICATIONS_SHOWN = 50


def notifications_for(user: User) -> QuerySet[Notification]:
    """The user's newest notifications (the page shows NOTIFICATIONS_SHOWN)."""
    return Notification.objects.filter(user=user)[:NOTIFICATIONS_SHOWN]


def unread_count(user: User) -> int:
    """How many of the user's notifications are unread (one indexed count)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_of(user: User, pk: int) -> Notification:
    """One of the user's notifications; another's id is not found."""
    return Notification.objects.get(pk=pk, user=user)
