"""The outcomes room, mounted by `config.urls` in the `recovery` namespace: how the advice
worked (under coach/rules/) and the level suggestion (`level_urls`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.rule_evaluation, name="rule_evaluation"),
    path("outcomes.csv", views.rule_evaluation_csv, name="rule_evaluation_csv"),
]

level_urls = [
    path("level/", views.level_suggestion, name="level_suggestion"),
    path("coach/athletes/<int:athlete_id>/level/", views.coach_level, name="coach_level"),
]
