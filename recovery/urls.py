"""The athlete's own pages: Today and the check-in, the history, the evening after a leg day,
the guidance articles, and the calendar feed. Mounted by `config.urls` in the `recovery`
namespace, beside the planning, staff and reminder rooms."""

from django.urls import path

from . import views
from .planning import calendar

urlpatterns = [
    path("today/", views.today, name="today"),
    path("checkin/", views.checkin, name="checkin"),
    path("today/override/dismiss/", views.override_dismiss, name="override_dismiss"),
    path("recovery/history/", views.history, name="recovery_history"),
    path("recovery/tonight/", views.after_leg_day, name="after_leg_day"),
    path("calendar/<slug:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("guidance/", views.guidance_list, name="guidance"),
    path("guidance/<slug:slug>/", views.guidance_article, name="guidance_article"),
]
