from django.contrib import admin

from .models import Exercise, ExerciseEntry, MuscleGroup, Session


@admin.register(MuscleGroup)
class MuscleGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "region"]
    list_filter = ["region"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "lower_body", "eccentric_heavy", "is_active"]
    list_filter = ["lower_body", "eccentric_heavy", "is_active", "muscle_groups"]
    list_editable = ["lower_body", "eccentric_heavy", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["muscle_groups"]


class ExerciseEntryInline(admin.TabularInline):
    model = ExerciseEntry
    extra = 0
    autocomplete_fields = ["exercise"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
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
    readonly_fields = ["is_leg_day", "load", "created_at", "updated_at"]
    inlines = [ExerciseEntryInline]
