from django.contrib import admin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import User
from config.admin import AnnouncingAdmin

from .models import (
    Exercise,
    ExerciseEntry,
    ImportBatch,
    ImportItem,
    MuscleGroup,
    PlannedLegDay,
    PlannedRun,
    Session,
)
from .services import announce


class TrainingAdmin(AnnouncingAdmin):
    """Admin writes of the training log announce `training_changed` for the athletes touched."""

    def announce(self, request, touched: list) -> None:
        announce(touched)


@admin.register(MuscleGroup)
class MuscleGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "region"]
    list_filter = ["region"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Exercise)
class ExerciseAdmin(TrainingAdmin, SimpleHistoryAdmin):
    """Whether an exercise is lower-body or eccentric-heavy decides leg days: every athlete
    who logged it is touched."""

    def touched(self, obj, before=None) -> list:
        """Who logged it, and who has it prescribed (a plan's hardness reads it)."""
        logged = Q(sessions__entries__exercise=obj)
        return list(
            User.objects.filter(logged | Q(planned_leg_days__rows__exercise=obj)).distinct()
        )

    list_display = ["name", "lower_body", "eccentric_load", "is_active"]
    list_filter = ["lower_body", "eccentric_load", "is_active", "muscle_groups", "equipment"]
    list_editable = ["lower_body", "eccentric_load", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["muscle_groups"]


class ExerciseEntryInline(admin.TabularInline):
    model = ExerciseEntry
    extra = 0
    autocomplete_fields = ["exercise"]


@admin.register(Session)
class SessionAdmin(TrainingAdmin):
    def touched(self, obj, before=None) -> list:
        return [obj.athlete]

    list_display = [
        "started_at",
        "athlete",
        "kind",
        "is_leg_day",
        "duration_s",
        "rpe",
        "load",
        "distance_m",
        "run_type",
        "entered_by",
    ]
    list_filter = ["kind", "is_leg_day", "run_type", "legs_feel", "started_at"]
    date_hierarchy = "started_at"
    search_fields = ["athlete__email", "athlete__display_name", "notes"]
    list_select_related = ["athlete", "entered_by"]
    autocomplete_fields = ["athlete", "entered_by"]
    readonly_fields = ["is_leg_day", "load", "source", "fingerprint", "created_at", "updated_at"]
    inlines = [ExerciseEntryInline]


class PlanAdmin(TrainingAdmin):
    date_hierarchy = "date"
    search_fields = ["athlete__email", "athlete__display_name"]
    list_select_related = ["athlete"]
    autocomplete_fields = ["athlete", "entered_by"]

    def touched(self, obj, before=None) -> list:
        return [obj.athlete]


@admin.register(PlannedRun)
class PlannedRunAdmin(PlanAdmin):
    list_display = ["date", "time", "athlete", "run_type", "minutes", "inside_recovery_window"]
    list_filter = ["run_type", "inside_recovery_window", "date"]
    readonly_fields = ["inside_recovery_window", "created_at"]


@admin.register(PlannedLegDay)
class PlannedLegDayAdmin(PlanAdmin):
    list_display = ["date", "time", "athlete", "intensity"]
    list_filter = ["intensity", "date"]
    readonly_fields = ["created_at"]
    filter_horizontal = ["exercises"]


class ImportItemInline(admin.TabularInline):
    model = ImportItem
    fields = ["name", "outcome", "message", "session"]
    readonly_fields = ["name", "outcome", "message", "session"]
    extra = 0
    can_delete = False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Imports as a record (read-only): their sessions were saved through the services."""

    list_display = ["created_at", "athlete", "status", "processed", "total", "finished_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["athlete__email", "athlete__display_name"]
    list_select_related = ["athlete"]
    readonly_fields = ["athlete", "status", "total", "processed", "created_at", "finished_at"]
    inlines = [ImportItemInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
