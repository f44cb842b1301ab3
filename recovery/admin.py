from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from config.admin import AnnouncingAdmin

from . import markdown, services, sync
from .engine import wording
from .engine.rules import THRESHOLD_BOUNDS
from .models import (
    CheckIn,
    GuidanceArticle,
    GuidanceTranslation,
    Notification,
    Recommendation,
    Reminder,
    RuleSet,
    Threshold,
    WeekTemplate,
)
from .reminders import services as reminders
from .translations import other_languages
from .verdict import verdicts
from .verdict.thresholds import current_thresholds


@admin.register(Threshold)
class ThresholdAdmin(AnnouncingAdmin, SimpleHistoryAdmin):
    """Every save bumps the rule-set version; the history tab shows who changed what."""

    change_form_template = "admin/recovery/threshold/change_form.html"

    def touched(self, obj, before=None) -> list:
        return [obj]

    def announce(self, request, touched: list) -> None:
        version = sync.thresholds_changed()
        self.message_user(request, f"Rule thresholds are now version {version}.")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """ "Preview" (a second button) shows how many of today's verdicts the new value would
        move up or down, and saves nothing; "Save" saves as usual."""
        if request.method == "POST" and "_preview" in request.POST and object_id:
            obj = self.get_object(request, object_id)
            form = self.get_form(request, obj, change=True)(request.POST, instance=obj)
            if form.is_valid():
                moved = verdicts.threshold_preview(obj.key, form.cleaned_data["value"])
                self.message_user(
                    request,
                    f"Preview, nothing saved: {obj.key} = {form.cleaned_data['value']:g} would "
                    f"move {moved['up'] + moved['down']} of today's {moved['total']} verdicts: "
                    f"{moved['up']} up (less cautious), {moved['down']} down (more cautious).",
                    messages.INFO,
                )
            else:
                for error in form.errors.get("value", []):
                    self.message_user(request, f"Not accepted: {error}", messages.ERROR)
            return redirect(request.path)
        return super().changeform_view(request, object_id, form_url, extra_context)

    list_display = ["label", "value", "unit", "evidence_tag", "key"]
    list_display_links = ["label"]
    list_filter = ["evidence_tag"]
    search_fields = ["key", "description"]
    # What a threshold is and the evidence behind it are facts, not settings: only the value
    # (and the description's wording) are edited here.
    fields = ["label", "value", "unit", "description", "evidence_tag", "references", "key"]
    readonly_fields = ["label", "key", "unit", "evidence_tag", "references"]

    @admin.display(description=gettext_lazy("What it is"), ordering="key")
    def label(self, obj) -> str:
        return obj.label

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The value's help says its unit and the range the rules allow."""
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and obj.key in THRESHOLD_BOUNDS:
            low, high = THRESHOLD_BOUNDS[obj.key]
            form.base_fields["value"].help_text = (
                f"In {obj.unit or 'units'}; from {low:g} to {high:g}. "
                "Preview shows how many of today's verdicts a new value would move."
            )
        return form

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


class GuidanceTranslationForm(forms.ModelForm):
    language = forms.ChoiceField(choices=other_languages)

    class Meta:
        model = GuidanceTranslation
        fields = ["language", "title", "summary", "body"]


class GuidanceTranslationInline(admin.StackedInline):
    """The article's translations, on its page (each also has its own page with history and
    preview under "Guidance translations")."""

    model = GuidanceTranslation
    form = GuidanceTranslationForm
    extra = 0
    show_change_link = True


class GuidanceChanges:
    """Every write (add, change, list edit, simple-history's revert, delete) moves the verdict
    cards' "Read more" links: `recovery.sync` owns that cache."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        sync.guidance_changed()

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        sync.guidance_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        sync.guidance_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        sync.guidance_changed()


def guidance_preview(body: str) -> str:
    """An article body as readers will see it (numbers from the thresholds in force)."""
    thresholds, _ = current_thresholds()
    return format_html(
        '<div class="guidance-preview" style="max-width:45rem">{}</div>',
        mark_safe(markdown.render(wording.fill(body, thresholds))),  # noqa: S308 - nh3
    )


@admin.register(GuidanceTranslation)
class GuidanceTranslationAdmin(GuidanceChanges, SimpleHistoryAdmin):
    form = GuidanceTranslationForm
    list_display = ["title", "article", "language", "updated_at"]
    list_filter = ["language"]
    search_fields = ["title", "summary", "body", "article__title"]
    fields = ["article", "language", "title", "summary", "body", "preview"]
    readonly_fields = ["preview"]

    @admin.display(description=gettext_lazy("Preview (as saved)"))
    def preview(self, obj) -> str:
        if obj is None or not obj.pk:
            return gettext("Save the translation to see it here as readers will.")
        return guidance_preview(obj.body)


@admin.register(GuidanceArticle)
class GuidanceArticleAdmin(GuidanceChanges, SimpleHistoryAdmin):
    list_display = ["title", "slug", "topic", "published", "order", "missing", "updated_at"]
    list_filter = ["published", "topic"]
    list_editable = ["published", "order"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview"]
    inlines = [GuidanceTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

    @admin.display(description=gettext_lazy("Missing translations"))
    def missing(self, obj) -> str:
        """The languages this article is not translated into yet (shown in English there)."""
        have = {translation.language for translation in obj.translations.all()}
        return ", ".join(code for code, _ in other_languages() if code not in have) or "—"

    @admin.display(
        description=gettext_lazy("Preview (as saved, numbers from the thresholds in force)")
    )
    def preview(self, obj) -> str:
        """The article as readers will see it: save it unpublished, read it here, then tick
        "published". The change history keeps every version (simple-history)."""
        if obj is None or not obj.pk:
            return gettext("Save the article (unpublished) to see it here as readers will.")
        return guidance_preview(obj.body)


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
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.red_flags_record(obj)  # the trail and the staff alert, as the check-in keeps

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

    @admin.action(description=gettext_lazy("Retry the selected failed reminders"))
    def retry(self, request, queryset):
        self.message_user(
            request, f"{reminders.reminders_retry(queryset)} reminder(s) will be sent again."
        )

    @admin.action(description=gettext_lazy("Withdraw the selected pending reminders"))
    def withdraw(self, request, queryset):
        count = reminders.reminders_withdraw(queryset)
        self.message_user(request, f"{count} reminder(s) withdrawn: they will not be sent.")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["user__email", "title"]
    list_select_related = ["user"]


@admin.register(WeekTemplate)
class WeekTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "gym", "leg_days", "runs", "key_runs", "created_by", "created_at"]
    list_filter = ["gym"]
    search_fields = ["name", "gym__name"]
    list_select_related = ["gym", "created_by"]
    autocomplete_fields = ["created_by"]
    readonly_fields = ["created_at"]
