"""The week planner and plans, mounted under `training/` by `config.urls` (beside the log).
The coach's planning pages for an athlete are in `recovery.staff.urls`."""

from django.urls import path

from . import suggest, views

urlpatterns = [
    path("week/", views.week, name="week"),
    path("week/suggest/", suggest.week_suggest, name="week_suggest"),
    path("plan/new/", views.plan_new, name="plan_new"),
    path("plan/legs/new/", views.leg_plan_new, name="leg_plan_new"),
    path("plan/<int:pk>/delete/", views.plan_delete, {"kind": "run"}, name="plan_delete"),
    path("plan/<str:kind>/<int:pk>/delete/", views.plan_delete, name="kind_plan_delete"),
    path("plan/<str:kind>/<int:pk>/move/", views.plan_move, name="plan_move"),
    path("plan/<str:kind>/<int:pk>/fix/", views.plan_fix, name="plan_fix"),
]
