"""Prescribed strength work (issue 28): the ordered exercise rows of a planned leg day —
sets, reps (a number, a range, or a time for holds) and a load as weight, % of the athlete's
1RM, a target RPE or reps in reserve — and an athlete's one-repetition maxima as they set
them (estimates from logged sets are computed, never stored: `training.strength`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

MAX_HOLD_S = 600
MAX_PERCENT = 100
ROW_NOTE_MAX_LENGTH = 200


class LoadKind(models.TextChoices):
    NONE = "none", gettext_lazy("No load given")
    KG = "kg", gettext_lazy("Weight")
    PERCENT = "percent", "% of 1RM"
    RPE = "rpe", gettext_lazy("Target RPE")
    RIR = "rir", gettext_lazy("Reps in reserve")


class RowFields(models.Model):
    """What a prescribed exercise row says (a plan's, or a week template's in `recovery`)."""

    position = models.PositiveSmallIntegerField(default=0)
    exercise = models.ForeignKey("training.Exercise", on_delete=models.PROTECT, related_name="+")
    sets = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    reps_max = models.PositiveSmallIntegerField(
        gettext_lazy("up to reps"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=gettext_lazy("For a range (8–12): the top of it."),
    )
    seconds = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOLD_S)],
        help_text=gettext_lazy("For a hold (a plank, a wall sit): its time, instead of reps."),
    )
    load_kind = models.CharField(max_length=7, choices=LoadKind, default=LoadKind.NONE)
    load = models.FloatField(
        null=True,
        blank=True,
        help_text=gettext_lazy(
            "Kilograms, a percentage of 1RM, an RPE (1–10) or reps in reserve (0–9)."
        ),
    )
    note = models.CharField(max_length=ROW_NOTE_MAX_LENGTH, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reps__isnull=False) | Q(seconds__isnull=False),
                name="%(app_label)s_%(class)s_reps_or_seconds",
                violation_error_message=gettext_lazy("Give reps, or a time for a hold."),
            ),
            models.CheckConstraint(
                condition=Q(reps_max__isnull=True) | Q(reps_max__gte=models.F("reps")),
                name="%(app_label)s_%(class)s_range_ordered",
                violation_error_message=gettext_lazy(
                    "The top of the range can't be below its bottom."
                ),
            ),
            models.CheckConstraint(
                condition=Q(load_kind="none", load__isnull=True)
                | Q(load_kind="kg", load__gte=0, load__lte=1000)
                | Q(load_kind="percent", load__gt=0, load__lte=MAX_PERCENT)
                | Q(load_kind="rpe", load__gte=1, load__lte=10)
                | Q(load_kind="rir", load__gte=0, load__lte=9),
                name="%(app_label)s_%(class)s_load_in_range",
                violation_error_message=gettext_lazy("That load is out of range for its kind."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise}: {self.sets} × {self.reps_text}"

    @property
    def reps_text(self) -> str:
        if self.seconds:
            return f"{self.seconds} s"
        if self.reps_max and self.reps_max != self.reps:
            return f"{self.reps}–{self.reps_max}"
        return str(self.reps)

    def copy_fields(self) -> dict:
        """What the row says, to copy onto another row (a template's onto a plan's)."""
        names = [f.name for f in RowFields._meta.fields if f.name != "position"]
        return {name: getattr(self, name) for name in names}


class PrescribedRow(RowFields):
    """One exercise of a planned leg day, in its place in the session."""

    plan = models.ForeignKey(
        "training.PlannedLegDay", on_delete=models.CASCADE, related_name="rows"
    )

    class Meta(RowFields.Meta):
        pass


class OneRepMax(models.Model):
    """A one-repetition maximum the athlete (or their coach) set for an exercise; it wins over
    the estimate from logged sets."""

    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="one_rep_maxes"
    )
    exercise = models.ForeignKey(
        "training.Exercise", on_delete=models.CASCADE, related_name="one_rep_maxes"
    )
    kg = models.FloatField(validators=[MinValueValidator(1), MaxValueValidator(1000)])
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["athlete", "exercise"], name="one_rep_max_once"),
            models.CheckConstraint(
                condition=Q(kg__gte=1, kg__lte=1000), name="one_rep_max_in_range"
            ),
        ]

    def __str__(self) -> str:
        return gettext_lazy("{exercise}: 1RM {kg:g} kg").format(exercise=self.exercise, kg=self.kg)
