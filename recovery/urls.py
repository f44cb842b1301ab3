from django.urls import include, path

from . import views, weekviews

app_name = "recovery"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("checkin/", views.checkin, name="checkin"),
    path("today/override/dismiss/", views.override_dismiss, name="override_dismiss"),
    path("recovery/history/", views.history, name="recovery_history"),
    path("recovery/tonight/", views.after_leg_day, name="after_leg_day"),
    path("training/plan/new/", views.plan_new, name="plan_new"),
    path("training/week/suggest/", weekviews.week_suggest, name="week_suggest"),
    path("training/plan/<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("guidance/", views.guidance_list, name="guidance"),
    path("guidance/<slug:slug>/", views.guidance_article, name="guidance_article"),
    path("", include("recovery.reminders.urls")),
    path("coach/", include("recovery.staff.urls")),
]
