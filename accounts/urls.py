from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/settings/", views.settings_view, name="account_settings"),
    path("accounts/export/", views.export_view, name="account_export"),
    path("accounts/delete/", views.delete_view, name="account_delete"),
    path("gyms/join/", views.join_view, name="gym_join_form"),
    path("gyms/join/<str:code>/", views.join_code_view, name="gym_join"),
    path("gyms/memberships/<int:membership_id>/leave/", views.leave_view, name="gym_leave"),
]
