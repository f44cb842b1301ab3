from django.apps import AppConfig
from django.utils.translation import gettext_lazy

from accounts.signals import export_requested, membership_changed, profile_changed
from training.signals import training_changed


class RecoveryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recovery"
    verbose_name = gettext_lazy("Readiness, reminders and staff")

    def ready(self) -> None:
        """Receive the lower apps' change signals, once: `recovery.sync` owns what derives
        from their data. Also answer the data export with this app's tables, and translate the engine's sentences. (Imported here,
        Django's place for it: modules that use models load only once the registry is ready.)"""
        from . import selectors, sync
        from .engine import texts
        from .translated import kept_gettext

        texts.install(kept_gettext)  # the engine's sentences in the active language

        training_changed.connect(sync.on_training_changed, dispatch_uid="recovery.sync.training")
        profile_changed.connect(sync.on_profile_changed, dispatch_uid="recovery.sync.profile")
        membership_changed.connect(
            sync.on_membership_changed, dispatch_uid="recovery.sync.membership"
        )
        export_requested.connect(selectors.export_answer, dispatch_uid="recovery.export")
