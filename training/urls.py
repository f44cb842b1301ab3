from django.urls import path

from . import importviews, libraryviews, views

app_name = "training"

urlpatterns = [
    path("", views.history, name="history"),
    path("strength/new/", views.strength_form, name="strength_new"),
    path("strength/row/", views.entry_row, name="entry_row"),
    path("runs/new/", views.run_form, name="run_new"),
    path("exercises/", libraryviews.exercise_list, name="exercises"),
    path("exercises/<slug:slug>/", libraryviews.exercise_detail, name="exercise"),
    path("exercises/<slug:slug>/1rm/", libraryviews.one_rm_set, name="one_rm_set"),
    path("import/", importviews.import_page, name="import"),
    path("import/<int:pk>/", importviews.import_report, name="import_report"),
    path("import/item/<int:pk>/merge/", importviews.import_merge, name="import_merge"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("<int:pk>/legs/", views.legs_feel, name="legs_feel"),
]
