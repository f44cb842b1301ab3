from django.urls import path

from . import views

urlpatterns = [
    path(
        "reminders/unsubscribe/<str:token>/",
        views.reminder_unsubscribe,
        name="reminder_unsubscribe",
    ),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/bell/", views.notifications_bell, name="notifications_bell"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
]
