from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.admin import AnnouncingAdmin

from . import sync
from .models import (
    CheckIn,
    GuidanceArticle,
    Notification,
    Recommendation,
    Reminder,
    RuleSet,
    Threshold,
)
from .reminders import services as reminders


@admin.register(Threshold)
class ThresholdAdmin(AnnouncingAdmin, SimpleHistoryAdmin):
    """Every save bumps the rule-set version; the history tab shows who changed what."""

    def touched(self, obj, before=None) -> list:
        return [obj]

    def announce(self, request, touched: list) -> None:
        version = sync.thresholds_changed()
        self.message_user(request, f"Rule thresholds are now version {version}.")

    list_display = ["key", "value", "unit", "evidence_tag", "references"]
    list_filter = ["evidence_tag"]
    search_fields = ["key", "description"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False  # the engine reads a fixed set of keys

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["version", "changed_at"]
    readonly_fields = ["version", "changed_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the one row whose version every verdict records


@admin.register(GuidanceArticle)
class GuidanceArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "topic", "published", "order", "updated_at"]
    list_filter = ["published", "topic"]
    list_editable = ["published", "order"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}


class AthleteDayAdmin(AnnouncingAdmin):
    """A check-in or a stored verdict edited or deleted: that day's and today's verdicts
    are recomputed (`sync.checkin_changed`)."""

    def touched(self, obj, before=None) -> list:
        return [(obj.athlete, obj.local_date)]

    def announce(self, request, touched: list) -> None:
        for athlete, day in dict.fromkeys(touched):
            sync.checkin_changed(athlete, day)


@admin.register(CheckIn)
class CheckInAdmin(AthleteDayAdmin):
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
class RecommendationAdmin(AthleteDayAdmin):
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
class ReminderAdmin(AnnouncingAdmin):
    """Which reminders are pending is derived: after an edit or delete they are brought back
    in line with the leg days and settings (a withdrawn or failed row stays as it is)."""

    def touched(self, obj, before=None) -> list:
        return [obj.athlete]

    def announce(self, request, touched: list) -> None:
        for athlete in {athlete.pk: athlete for athlete in touched}.values():
            sync.profile_changed(athlete)

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
    actions = ["retry", "withdraw"]

    @admin.action(description="Retry the selected failed reminders")
    def retry(self, request, queryset):
        self.message_user(
            request, f"{reminders.reminders_retry(queryset)} reminder(s) will be sent again."
        )

    @admin.action(description="Withdraw the selected pending reminders")
    def withdraw(self, request, queryset):
        count = reminders.reminders_withdraw(queryset)
        self.message_user(request, f"{count} reminder(s) withdrawn: they will not be sent.")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["user__email", "title"]
    list_select_related = ["user"]
