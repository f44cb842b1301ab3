from django.apps import AppConfig
from django.utils.translation import gettext_lazy

from accounts.signals import export_requested


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = gettext_lazy("Training log")

    def ready(self) -> None:
        """Answer the data export with this app's tables. (Imported here, Django's place for
        it: modules that use models load only once the app registry is ready.)"""
        from . import selectors

        export_requested.connect(selectors.export_answer, dispatch_uid="training.export")
