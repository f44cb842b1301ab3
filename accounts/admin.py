from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from config.admin import AnnouncingAdmin

from .models import PROFILE_FIELDS, REMINDER_FIELDS, Gym, Invitation, Membership, User
from .signals import membership_changed, profile_changed


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["gym", "coach"]
    readonly_fields = ["joined_at"]


@admin.register(User)
class UserAdmin(AnnouncingAdmin, DjangoUserAdmin):
    """A profile edit (and its membership rows) announces both changes for the user."""

    def touched(self, obj, before=None) -> list:
        return [obj]

    def announce(self, request, touched: list) -> None:
        for user in {user.pk: user for user in touched}.values():
            if User.objects.filter(pk=user.pk).exists():  # not after a delete
                profile_changed.send(sender=User, user=user)
        membership_changed.send(sender=Membership, users=touched)

    ordering = ["email"]
    list_display = [
        "email",
        "display_name",
        "time_zone",
        "fitness_level",
        "is_active",
        "is_staff",
        "date_joined",
    ]
    list_filter = [
        "is_active",
        "is_staff",
        "is_superuser",
        "fitness_level",
        "goal",
        "distance_unit",
    ]
    search_fields = ["email", "display_name"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": PROFILE_FIELDS}),
        ("Reminders", {"fields": (*REMINDER_FIELDS, "coach_plan_alerts")}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class MembershipsAdmin(AnnouncingAdmin):
    def announce(self, request, touched: list) -> None:
        membership_changed.send(sender=Membership, users=touched)


@admin.register(Gym)
class GymAdmin(MembershipsAdmin):
    def touched(self, obj, before=None) -> list:
        return list(User.objects.filter(memberships__gym=obj))

    list_display = ["name", "created_at"]
    search_fields = ["name"]
    readonly_fields = ["created_at"]


@admin.register(Membership)
class MembershipAdmin(MembershipsAdmin):
    def touched(self, obj, before=None) -> list:
        return [obj.user]

    list_display = ["user", "gym", "role", "coach", "joined_at"]
    list_filter = ["role", "gym"]
    search_fields = ["user__email", "user__display_name", "gym__name"]
    list_select_related = ["user", "gym", "coach"]
    autocomplete_fields = ["user", "gym", "coach"]
    readonly_fields = ["joined_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "gym",
        "role",
        "email",
        "created_by",
        "created_at",
        "expires_at",
        "accepted_by",
        "revoked_at",
    ]
    list_filter = [
        "role",
        "gym",
        ("accepted_at", admin.EmptyFieldListFilter),
        ("revoked_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["code", "email", "gym__name", "created_by__email", "accepted_by__email"]
    list_select_related = ["gym", "created_by", "accepted_by"]
    readonly_fields = ["created_at", "accepted_at", "accepted_by"]
    autocomplete_fields = ["gym", "created_by"]
