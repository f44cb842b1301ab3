"""An admin that announces its writes, so what derives from the data follows (DESIGN §2,
"Derived state has one owner"): every add, change (inlines and list-editable rows included)
and delete, single or bulk, calls `announce` with what was touched, inside the admin's
transaction. Each app's admin says what a row touches and whom to tell."""

import weakref

from django.contrib import admin
from django.db import transaction


class AnnouncingAdmin(admin.ModelAdmin):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # What the object being changed touched as saved, per request (gone with the request).
        self.before: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def touched(self, obj, before=None) -> list:
        """What a write of `obj` touches (`before`: its saved state, on a change)."""
        raise NotImplementedError

    def announce(self, request, touched: list) -> None:
        raise NotImplementedError

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:  # as saved, before the form changes it
            self.before[request] = self.touched(obj)
        return obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = self.before.pop(request, []) if change else []
        self.announce(request, [*before, *self.touched(form.instance)])

    def delete_model(self, request, obj):
        touched = self.touched(obj)
        super().delete_model(request, obj)
        self.announce(request, touched)

    @transaction.atomic
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """django-simple-history's revert saves through save_model alone (no save_related):
        announce here what it touched, before and after, as a change would."""
        current = self.model._default_manager.filter(pk=object_id).first()
        before = self.touched(current) if current is not None else []
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            reverted = self.model._default_manager.get(pk=object_id)
            self.announce(request, [*before, *self.touched(reverted)])
        return response

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        touched = [item for obj in queryset for item in self.touched(obj)]
        super().delete_queryset(request, queryset)
        self.announce(request, touched)
