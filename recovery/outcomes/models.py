"""A run held against its day's advice: derived state (`recovery.sync`'s table)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class RunAdherence(models.Model):
    """How one run compared with its day's verdict (`engine.adherence`). Derived from the run,
    the day's stored `Recommendation`, the athlete's HRmax and the thresholds' heart-rate
    caps; rewritten with any of them. No row: no advice stored for the run's day."""

    session = models.OneToOneField(
        "training.Session", on_delete=models.CASCADE, primary_key=True, related_name="adherence"
    )
    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adherence"
    )
    local_date = models.DateField(help_text=gettext_lazy("The run's day in the athlete's zone."))
    level = models.PositiveSmallIntegerField(help_text=gettext_lazy("The day's verdict level."))
    followed = models.BooleanField()
    deviations = models.JSONField(default=list, help_text=gettext_lazy("[{code, done, advised}]"))
    hr_max = models.PositiveSmallIntegerField(
        null=True,
        help_text=gettext_lazy("The HRmax the heart rate was held against (none: not judged)."),
    )
    hr_max_entered = models.BooleanField(
        default=False,
        help_text=gettext_lazy("Entered in Settings; else the highest seen in imports."),
    )

    class Meta:
        app_label = "recovery"
        verbose_name_plural = gettext_lazy("run adherence")
        indexes = [models.Index(fields=["athlete", "local_date"], name="adherence_athlete_day")]

    def __str__(self) -> str:
        return f"Run {self.session_id} against the advice of {self.local_date}"
