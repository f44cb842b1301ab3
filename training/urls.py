from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.history, name="history"),
    path("strength/new/", views.strength_form, name="strength_new"),
    path("strength/row/", views.entry_row, name="entry_row"),
    path("runs/new/", views.run_form, name="run_new"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("<int:pk>/delete/", views.session_delete, name="session_delete"),
]
