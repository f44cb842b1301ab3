from django.urls import path

from ..planning import views as planviews
from ..planning import weektemplates as weeks
from . import invites, views

urlpatterns = [
    path("", views.coach_roster, name="coach_roster"),
    path("roster.csv", views.coach_roster_csv, name="coach_roster_csv"),
    path("athletes/<int:athlete_id>/", views.coach_athlete, name="coach_athlete"),
    path("athletes/<int:athlete_id>/notes/", views.coach_note_add, name="coach_note_add"),
    path("athletes/<int:athlete_id>/coach/", views.coach_assign, name="coach_assign"),
    path("athletes/<int:athlete_id>/override/", views.coach_override, name="coach_override"),
    path("athletes/<int:athlete_id>/plan/", planviews.coach_plan_new, name="coach_plan"),
    path("athletes/<int:athlete_id>/week/", planviews.coach_week, name="coach_week"),
    path("athletes/<int:athlete_id>/plan/new/", planviews.coach_plan_new, name="coach_plan_new"),
    path(
        "athletes/<int:athlete_id>/plan/legs/new/",
        planviews.coach_leg_plan_new,
        name="coach_leg_plan_new",
    ),
    path(
        "athletes/<int:athlete_id>/strength/new/",
        views.coach_log_strength,
        name="coach_log_strength",
    ),
    path("athletes/<int:athlete_id>/runs/new/", views.coach_log_run, name="coach_log_run"),
    path(
        "staff/<int:membership_id>/remove/",
        invites.coach_staff_remove,
        name="coach_staff_remove",
    ),
    path("templates/", weeks.coach_templates, name="coach_templates"),
    path(
        "templates/<int:template_id>/apply/",
        weeks.coach_template_apply,
        name="coach_template_apply",
    ),
    path(
        "templates/<int:template_id>/delete/",
        weeks.coach_template_delete,
        name="coach_template_delete",
    ),
    path("invite/", invites.coach_invite, name="coach_invite"),
    path(
        "invite/<int:invitation_id>/revoke/",
        invites.coach_invite_revoke,
        name="coach_invite_revoke",
    ),
]
