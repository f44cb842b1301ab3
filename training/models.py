"""The training log: exercise catalogue, strength sessions (leg days) and runs, in SI units.

Times are aware datetimes (UTC in the database); durations are seconds; distances
metres; loads kilograms. Session load (Foster's session-RPE: RPE x minutes, in AU)
is a generated column, so the database computes and aggregates it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy
from simple_history.models import HistoricalRecords

from .units import day_words

MAX_DURATION_S = 24 * 3600
MAX_DISTANCE_M = 1_000_000
MAX_LOAD_KG = 1000
MAX_SETS = 50
MAX_REPS = 500
NOTES_MAX_LENGTH = 2000

# Foster's CR-10 session-RPE descriptors (DOMAIN.md §3.1, refs 46-47).
RPE_ANCHORS = {
    0: gettext_lazy("Rest"),
    1: gettext_lazy("Very, very easy"),
    2: gettext_lazy("Easy"),
    3: gettext_lazy("Moderate"),
    4: gettext_lazy("Somewhat hard"),
    5: gettext_lazy("Hard"),
    6: gettext_lazy("Hard to very hard"),
    7: gettext_lazy("Very hard"),
    8: gettext_lazy("Very, very hard"),
    9: gettext_lazy("Nearly maximal"),
    10: gettext_lazy("Maximal"),
}


class Region(models.TextChoices):
    LOWER = "lower", gettext_lazy("Lower body")
    UPPER = "upper", gettext_lazy("Upper body")
    CORE = "core", gettext_lazy("Core")


class MuscleGroup(models.Model):
    slug = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=60)
    region = models.CharField(max_length=5, choices=Region)

    class Meta:
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return self.name


class EccentricLoad(models.IntegerChoices):
    LOW = 1, gettext_lazy("Low")
    MODERATE = 2, gettext_lazy("Moderate")
    HIGH = 3, gettext_lazy("High")


class Exercise(models.Model):
    """An exercise of the catalogue and its page in the library (`/training/exercises/`)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, blank=True, help_text=gettext_lazy("Its address.")
    )
    muscle_groups = models.ManyToManyField(MuscleGroup, related_name="exercises")
    lower_body = models.BooleanField(
        default=False,
        help_text=gettext_lazy("A session with any lower-body exercise is a leg day."),
    )
    eccentric_load = models.PositiveSmallIntegerField(
        choices=EccentricLoad,
        default=EccentricLoad.LOW,
        help_text=gettext_lazy(
            "High: squats, lunges, RDLs, step-downs, jumps (more soreness; the rules read it)."
        ),
    )
    eccentric_heavy = models.GeneratedField(
        expression=Q(eccentric_load__gte=EccentricLoad.HIGH),  # type: ignore[arg-type]
        output_field=models.BooleanField(),
        db_persist=True,
    )
    equipment = models.CharField(max_length=80, blank=True)
    description = models.TextField(
        blank=True, help_text=gettext_lazy("Set-up and movement, in plain words.")
    )
    cues = models.TextField(blank=True, help_text=gettext_lazy("One cue a line."))
    mistakes = models.TextField(blank=True, help_text=gettext_lazy("One common mistake a line."))
    easier = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="harder",
        help_text=gettext_lazy("Easier variations."),
    )
    is_active = models.BooleanField(
        default=True, help_text=gettext_lazy("Shown in the session form.")
    )
    history = HistoricalRecords(excluded_fields=["eccentric_heavy"])  # that one is computed

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.slug = self.slug or self.address_of(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("training:exercise", args=[self.slug])

    def clean(self):
        """An address from the name when none is given, checked for uniqueness with the rest
        (two names may make the same address: "Step-up", "Step up")."""
        super().clean()
        self.slug = self.slug or self.address_of(self.name)

    @staticmethod
    def address_of(name: str) -> str:
        return slugify(name) or "exercise"

    @property
    def cue_lines(self) -> list[str]:
        return [line.strip() for line in self.cues.splitlines() if line.strip()]

    @property
    def mistake_lines(self) -> list[str]:
        return [line.strip() for line in self.mistakes.splitlines() if line.strip()]


class Kind(models.TextChoices):
    STRENGTH = "strength", gettext_lazy("Strength")
    RUN = "run", gettext_lazy("Run")


class RunType(models.TextChoices):
    RECOVERY = "recovery", gettext_lazy("Recovery")
    EASY = "easy", gettext_lazy("Easy")
    LONG = "long", gettext_lazy("Long")
    TEMPO = "tempo", gettext_lazy("Tempo")
    INTERVALS = "intervals", gettext_lazy("Intervals")
    HILLS = "hills", gettext_lazy("Hills")
    RACE = "race", gettext_lazy("Race")


class Source(models.TextChoices):
    MANUAL = "manual", gettext_lazy("Logged by hand")
    FIT = "fit", gettext_lazy("FIT file")
    GPX = "gpx", gettext_lazy("GPX file")
    TCX = "tcx", gettext_lazy("TCX file")


class Terrain(models.TextChoices):
    ROAD = "road", gettext_lazy("Road")
    TRAIL = "trail", gettext_lazy("Trail")
    TREADMILL = "treadmill", gettext_lazy("Treadmill")


class LegsFeel(models.TextChoices):
    FRESH = "fresh", gettext_lazy("Fresh")
    HEAVY = "heavy", gettext_lazy("Heavy")
    SORE = "sore", gettext_lazy("Sore")
    PAINFUL = "painful", gettext_lazy("Painful")


class SessionQuerySet(models.QuerySet):
    def leg_days(self):
        return self.filter(is_leg_day=True)

    def runs(self):
        return self.filter(kind=Kind.RUN)


class Session(models.Model):
    """One strength session or run. A strength session with a lower-body exercise is a leg day."""

    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions_entered",
        help_text=gettext_lazy("Who logged it, when not the athlete (e.g. their coach)."),
    )
    kind = models.CharField(max_length=8, choices=Kind)
    started_at = models.DateTimeField()
    duration_s = models.PositiveIntegerField(
        gettext_lazy("duration (s)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_S)],
    )
    rpe = models.PositiveSmallIntegerField(
        gettext_lazy("session RPE (CR-10)"),
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    # Imported without an effort: `rpe` is the athlete's usual leg-day RPE until they say.
    rpe_estimated = models.BooleanField(default=False)
    notes = models.TextField(blank=True, max_length=NOTES_MAX_LENGTH)
    # Strength only; kept in step with the entries by training.services.
    is_leg_day = models.BooleanField(default=False, editable=False)
    # Run only.
    distance_m = models.FloatField(
        gettext_lazy("distance (m)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DISTANCE_M)],
    )
    run_type = models.CharField(max_length=10, choices=RunType, blank=True)
    legs_feel = models.CharField(
        gettext_lazy("how did your legs feel"), max_length=8, choices=LegsFeel, blank=True
    )
    # From an activity file (runs; `source` and `fingerprint` for strength too).
    terrain = models.CharField(max_length=9, choices=Terrain, blank=True)
    moving_s = models.PositiveIntegerField(gettext_lazy("moving time (s)"), null=True, blank=True)
    ascent_m = models.FloatField(gettext_lazy("ascent (m)"), null=True, blank=True)
    descent_m = models.FloatField(gettext_lazy("descent (m)"), null=True, blank=True)
    avg_hr = models.PositiveSmallIntegerField(
        gettext_lazy("average heart rate"), null=True, blank=True
    )
    max_hr = models.PositiveSmallIntegerField(
        gettext_lazy("highest heart rate"),
        null=True,
        blank=True,
        editable=False,
        help_text=gettext_lazy("From the file."),
    )
    source = models.CharField(max_length=6, choices=Source, default=Source.MANUAL)
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        help_text=gettext_lazy("SHA-256 of the imported file: the same file twice."),
    )
    prescription = models.ForeignKey(
        "training.PlannedLegDay",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logged_sessions",
        help_text=gettext_lazy("The planned (prescribed) leg day it was logged from."),
    )
    # Foster session load in AU = RPE x minutes, computed by the database.
    load = models.GeneratedField(
        expression=F("rpe") * F("duration_s") / 60.0,
        output_field=models.FloatField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["athlete", "-started_at"], name="session_athlete_started"),
            models.Index(
                fields=["athlete", "-started_at"],
                condition=Q(is_leg_day=True),
                name="session_athlete_legday",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rpe__gte=0, rpe__lte=10),
                name="session_rpe_0_10",
                violation_error_message=gettext_lazy("Session RPE must be between 0 and 10."),
            ),
            models.CheckConstraint(
                condition=Q(duration_s__gte=1, duration_s__lte=MAX_DURATION_S),
                name="session_duration_range",
                violation_error_message=gettext_lazy(
                    "Duration must be more than 0 and at most 24 hours."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.STRENGTH, distance_m__isnull=True, run_type="")
                | Q(
                    kind=Kind.RUN,
                    distance_m__gte=1,
                    distance_m__lte=MAX_DISTANCE_M,
                    is_leg_day=False,
                )
                & ~Q(run_type=""),
                name="session_kind_fields",
                violation_error_message=gettext_lazy(
                    "A run needs a distance and a type; a strength session has neither."
                ),
            ),
            models.UniqueConstraint(
                fields=["athlete", "fingerprint"],
                condition=~Q(fingerprint=""),
                name="session_file_once",
                violation_error_message=gettext_lazy("This file was imported already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.started_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("training:session_detail", kwargs={"pk": self.pk})

    @property
    def minutes(self) -> float:
        return self.duration_s / 60

    @property
    def is_run(self) -> bool:
        return self.kind == Kind.RUN

    @property
    def rpe_anchor(self) -> str:
        return str(RPE_ANCHORS.get(self.rpe, ""))


class ExerciseEntry(models.Model):
    """One exercise row of a strength session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="entries")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="entries")
    position = models.PositiveSmallIntegerField(default=0)
    sets = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SETS)]
    )
    reps = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REPS)]
    )
    load_kg = models.FloatField(
        gettext_lazy("load (kg)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_LOAD_KG)],
        help_text=gettext_lazy("Empty for bodyweight."),
    )

    class Meta:
        ordering = ["session", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sets__gte=1, sets__lte=MAX_SETS, reps__gte=1, reps__lte=MAX_REPS),
                name="entry_sets_reps_range",
                violation_error_message=gettext_lazy("Sets and reps are out of range."),
            ),
            models.CheckConstraint(
                condition=Q(load_kg__isnull=True) | Q(load_kg__gte=0, load_kg__lte=MAX_LOAD_KG),
                name="entry_load_range",
                violation_error_message=gettext_lazy("Load is out of range."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} {self.sets}x{self.reps}"


HARD_RUN_TYPES = (RunType.LONG, RunType.TEMPO, RunType.INTERVALS, RunType.HILLS, RunType.RACE)


class Plan(models.Model):
    """What a planned run and a planned leg day share: the athlete's day, a time if given."""

    date = models.DateField(help_text=gettext_lazy("The athlete's local day."))
    time = models.TimeField(
        null=True, blank=True, help_text=gettext_lazy("Local time of day, if planned.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["date", "pk"]


class PlannedRun(Plan):
    """A run planned for a day: its minutes cap that day's prescription."""

    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planned_runs"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_runs_entered",
    )
    run_type = models.CharField(max_length=10, choices=RunType)
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    # Kept in step by recovery.services (plan saved, leg day changed) for the staff roster.
    inside_recovery_window = models.BooleanField(default=False, editable=False)

    kind, noun = "run", "run"

    class Meta(Plan.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["athlete", "date"],
                name="planned_run_one_per_day",
                violation_error_message=gettext_lazy("There is already a planned run on this day."),
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=600),
                name="planned_run_minutes_range",
                violation_error_message=gettext_lazy("Plan between 5 and 600 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("{run} run, {minutes} min on {day}").format(
            run=self.get_run_type_display(), minutes=self.minutes, day=day_words(self.date)
        )

    @property
    def is_hard(self) -> bool:
        return self.run_type in HARD_RUN_TYPES


class LegIntensity(models.TextChoices):
    LIGHT = "light", gettext_lazy("Light")
    HARD = "hard", gettext_lazy("Hard")


class PlannedLegDay(Plan):
    """A leg (strength) day planned for a day: light or hard, with exercises if the planner
    names them. A hard one opens a quality window for the runs planned after it."""

    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planned_leg_days"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_leg_days_entered",
    )
    intensity = models.CharField(max_length=5, choices=LegIntensity, default=LegIntensity.HARD)
    exercises = models.ManyToManyField(Exercise, blank=True, related_name="planned_leg_days")

    kind, noun = "leg", gettext_lazy("leg day")

    class Meta(Plan.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["athlete", "date"],
                name="planned_leg_day_one_per_day",
                violation_error_message=gettext_lazy(
                    "There is already a planned leg day on this day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return gettext("{intensity} leg day on {day}").format(
            intensity=self.get_intensity_display(), day=day_words(self.date)
        )

    @property
    def is_hard(self) -> bool:
        return self.intensity == LegIntensity.HARD


# Import batches and prescribed rows live in their own modules (the same app's models).
from .importmodels import UPLOADS, ImportBatch, ImportItem, ImportStatus, ItemOutcome  # noqa: E402, F401
from .prescribed import LoadKind, OneRepMax, PrescribedRow  # noqa: E402, F401
