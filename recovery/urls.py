from django.urls import path

from . import views

urlpatterns = [
    path("today/", views.today, name="today"),
    path("checkin/", views.checkin, name="checkin"),
    path("recovery/history/", views.history, name="recovery_history"),
    path(
        "reminders/unsubscribe/<str:token>/",
        views.reminder_unsubscribe,
        name="reminder_unsubscribe",
    ),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/bell/", views.notifications_bell, name="notifications_bell"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("training/plan/new/", views.plan_new, name="plan_new"),
    path("training/plan/<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("guidance/", views.guidance_list, name="guidance"),
    path("guidance/<slug:slug>/", views.guidance_article, name="guidance_article"),
    path("coach/", views.coach_roster, name="coach_roster"),
    path("coach/roster.csv", views.coach_roster_csv, name="coach_roster_csv"),
    path("coach/athletes/<int:athlete_id>/", views.coach_athlete, name="coach_athlete"),
    path("coach/athletes/<int:athlete_id>/notes/", views.coach_note_add, name="coach_note_add"),
    path("coach/athletes/<int:athlete_id>/override/", views.coach_override, name="coach_override"),
    path("coach/athletes/<int:athlete_id>/plan/", views.coach_plan, name="coach_plan"),
    path(
        "coach/athletes/<int:athlete_id>/strength/new/",
        views.coach_log_strength,
        name="coach_log_strength",
    ),
    path("coach/athletes/<int:athlete_id>/runs/new/", views.coach_log_run, name="coach_log_run"),
    path(
        "coach/staff/<int:membership_id>/remove/",
        views.coach_staff_remove,
        name="coach_staff_remove",
    ),
    path("coach/invite/", views.coach_invite, name="coach_invite"),
    path(
        "coach/invite/<int:invitation_id>/revoke/",
        views.coach_invite_revoke,
        name="coach_invite_revoke",
    ),
]
