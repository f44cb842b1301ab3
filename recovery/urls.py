from django.urls import include, path

from . import calendar, planviews, views, weekviews

app_name = "recovery"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("checkin/", views.checkin, name="checkin"),
    path("today/override/dismiss/", views.override_dismiss, name="override_dismiss"),
    path("recovery/history/", views.history, name="recovery_history"),
    path("recovery/tonight/", views.after_leg_day, name="after_leg_day"),
    path("training/week/", planviews.week, name="week"),
    path("training/week/suggest/", weekviews.week_suggest, name="week_suggest"),
    path("training/plan/new/", planviews.plan_new, name="plan_new"),
    path("training/plan/legs/new/", planviews.leg_plan_new, name="leg_plan_new"),
    path(
        "training/plan/<int:pk>/delete/", planviews.plan_delete, {"kind": "run"}, name="plan_delete"
    ),
    path(
        "training/plan/<str:kind>/<int:pk>/delete/", planviews.plan_delete, name="kind_plan_delete"
    ),
    path("training/plan/<str:kind>/<int:pk>/move/", planviews.plan_move, name="plan_move"),
    path("training/plan/<str:kind>/<int:pk>/fix/", planviews.plan_fix, name="plan_fix"),
    path("calendar/<slug:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("guidance/", views.guidance_list, name="guidance"),
    path("guidance/<slug:slug>/", views.guidance_article, name="guidance_article"),
    path("", include("recovery.reminders.urls")),
    path("coach/", include("recovery.staff.urls")),
]
