from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("onboarding/", views.onboarding_view, name="onboarding"),
    path("onboarding/time-zone/", views.time_zone_view, name="time_zone_confirm"),
    path("accounts/settings/", views.settings_view, name="account_settings"),
    path("accounts/push/subscribe/", views.push_subscribe_view, name="push_subscribe"),
    path("accounts/push/unsubscribe/", views.push_unsubscribe_view, name="push_unsubscribe"),
    path("accounts/calendar/reset/", views.calendar_reset_view, name="calendar_reset"),
    path("accounts/calendar/off/", views.calendar_off_view, name="calendar_off"),
    path("accounts/tokens/", views.api_token_create_view, name="api_token_create"),
    path("accounts/tokens/<int:pk>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
    path("accounts/export/", views.export_view, name="account_export"),
    path("accounts/delete/", views.delete_view, name="account_delete"),
    path("gyms/join/", views.join_view, name="gym_join_form"),
    path("gyms/join/<str:code>/", views.join_code_view, name="gym_join"),
    path("gyms/memberships/<int:membership_id>/leave/", views.leave_view, name="gym_leave"),
]
