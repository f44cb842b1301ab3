"""How the advice worked, mounted by `config.urls` under coach/rules/ in the `recovery`
namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.rule_evaluation, name="rule_evaluation"),
    path("outcomes.csv", views.rule_evaluation_csv, name="rule_evaluation_csv"),
]
