from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import reminders, services
from .models import (
    CheckIn,
    GuidanceArticle,
    Notification,
    Recommendation,
    Reminder,
    RuleSet,
    Threshold,
)


@admin.register(Threshold)
class ThresholdAdmin(SimpleHistoryAdmin):
    """Every save bumps the rule-set version; the history tab shows who changed what."""

    list_display = ["key", "value", "unit", "evidence_tag", "references"]
    list_filter = ["evidence_tag"]
    search_fields = ["key", "description"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False  # the engine reads a fixed set of keys

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        version = services.thresholds_changed()
        self.message_user(request, f"Rule thresholds are now version {version}.")


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["version", "changed_at"]
    readonly_fields = ["version", "changed_at"]

    def has_add_permission(self, request):
        return False


@admin.register(GuidanceArticle)
class GuidanceArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "topic", "published", "order", "updated_at"]
    list_filter = ["published", "topic"]
    list_editable = ["published", "order"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = [
        "athlete",
        "local_date",
        "can_walk_normally",
        "sleep_quality",
        "energy",
        "created_at",
    ]
    list_filter = ["local_date", "can_walk_normally", "rf_dark_urine", "rf_cardiac"]
    search_fields = ["athlete__email", "athlete__display_name"]
    date_hierarchy = "local_date"
    list_select_related = ["athlete"]
    autocomplete_fields = ["athlete"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = [
        "athlete",
        "local_date",
        "level",
        "max_minutes",
        "urgency",
        "provisional",
        "threshold_version",
        "computed_at",
    ]
    list_filter = ["level", "provisional", "urgency", "threshold_version"]
    search_fields = ["athlete__email", "athlete__display_name"]
    date_hierarchy = "local_date"
    list_select_related = ["athlete"]
    readonly_fields = [f.name for f in Recommendation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "athlete",
        "kind",
        "local_date",
        "due_at",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind", "local_date"]
    search_fields = ["athlete__email", "athlete__display_name"]
    date_hierarchy = "local_date"
    list_select_related = ["athlete"]
    readonly_fields = [
        "created_at",
        "updated_at",
        "sent_at",
        "sending_since",
        "attempts",
        "subject",
    ]
    actions = ["retry", "cancel"]

    @admin.action(description="Retry the selected failed reminders")
    def retry(self, request, queryset):
        self.message_user(
            request, f"{reminders.reminders_retry(queryset)} reminder(s) will be sent again."
        )

    @admin.action(description="Cancel the selected pending reminders")
    def cancel(self, request, queryset):
        self.message_user(request, f"{reminders.reminders_cancel(queryset)} reminder(s) cancelled.")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["user__email", "title"]
    list_select_related = ["user"]
