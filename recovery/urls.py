from django.urls import path

from . import views

urlpatterns = [
    path("today/", views.today, name="today"),
    path("checkin/", views.checkin, name="checkin"),
    path("recovery/history/", views.history, name="recovery_history"),
    path("training/plan/new/", views.plan_new, name="plan_new"),
    path("training/plan/<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("guidance/", views.guidance_list, name="guidance"),
    path("guidance/<slug:slug>/", views.guidance_article, name="guidance_article"),
    path("coach/", views.coach_roster, name="coach_roster"),
    path("coach/athletes/<int:athlete_id>/", views.coach_athlete, name="coach_athlete"),
    path("coach/invite/", views.coach_invite, name="coach_invite"),
    path(
        "coach/invite/<int:invitation_id>/revoke/",
        views.coach_invite_revoke,
        name="coach_invite_revoke",
    ),
]
