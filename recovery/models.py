"""Every table of the recovery app: check-ins and their red-flag trail, recommendations and
roster rows, rule thresholds and their version, guidance articles, reminders, notifications
and push deliveries, coaches' notes and overrides, and week templates."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from .engine.readiness import Level
from .engine.rules import THRESHOLD_LABELS, threshold_problems

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SORENESS_FIELDS = ("quads", "hamstrings", "glutes", "calves", "adductors")
# Model field -> engine red-flag name (RF1-RF7; RF8 is derived from history).
RED_FLAG_FIELDS = {
    "rf_dark_urine": "dark_urine",
    "rf_no_urine": "no_urine",
    "rf_severe_pain": "severe_pain_or_swelling",
    "rf_weakness": "true_weakness",
    "rf_joint_or_bone_pain": "joint_or_bone_pain",
    "rf_acute_injury": "acute_injury",
    "rf_cardiac": "cardiac_symptoms",
    "rf_unwell": "systemic_illness",
    "rf_confusion": "confusion",
}


def _soreness_field(label: "StrOrPromise") -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )


def _wellness_field(label: "StrOrPromise") -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class CheckIn(models.Model):
    """The morning check-in: red flags first, then function, soreness and wellness."""

    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    local_date = models.DateField(help_text=gettext_lazy("The athlete's own calendar day."))
    rf_dark_urine = models.BooleanField()
    rf_no_urine = models.BooleanField(default=False)
    rf_severe_pain = models.BooleanField()
    rf_weakness = models.BooleanField()
    rf_joint_or_bone_pain = models.BooleanField()
    rf_acute_injury = models.BooleanField()
    rf_cardiac = models.BooleanField()
    rf_unwell = models.BooleanField()
    rf_confusion = models.BooleanField(default=False)
    can_walk_normally = models.BooleanField()
    quads = _soreness_field(gettext_lazy("Quads"))
    hamstrings = _soreness_field(gettext_lazy("Hamstrings"))
    glutes = _soreness_field(gettext_lazy("Glutes"))
    calves = _soreness_field(gettext_lazy("Calves"))
    adductors = _soreness_field(gettext_lazy("Adductors"))
    sleep_quality = _wellness_field(gettext_lazy("Sleep quality"))
    energy = _wellness_field(gettext_lazy("Energy"))
    note = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["athlete", "local_date"],
                name="checkin_one_per_day",
                violation_error_message=gettext_lazy("There is already a check-in for this day."),
            ),
            models.CheckConstraint(
                condition=Q(
                    quads__lte=10,
                    hamstrings__lte=10,
                    glutes__lte=10,
                    calves__lte=10,
                    adductors__lte=10,
                ),
                name="checkin_soreness_0_10",
                violation_error_message=gettext_lazy("Soreness runs from 0 to 10."),
            ),
            models.CheckConstraint(
                condition=Q(
                    sleep_quality__gte=1, sleep_quality__lte=5, energy__gte=1, energy__lte=5
                ),
                name="checkin_wellness_1_5",
                violation_error_message=gettext_lazy("Sleep and energy run from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in of {self.athlete} on {self.local_date}"

    @property
    def soreness(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in SORENESS_FIELDS}

    @property
    def soreness_max(self) -> int:
        return max(self.soreness.values())

    @property
    def red_flags(self) -> frozenset[str]:
        return frozenset(flag for name, flag in RED_FLAG_FIELDS.items() if getattr(self, name))


class Recommendation(models.Model):
    """The engine's verdict for an athlete's day, with what it was computed from."""

    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recommendations"
    )
    local_date = models.DateField()
    level = models.PositiveSmallIntegerField(choices=[(level.value, level.name) for level in Level])
    max_minutes = models.PositiveIntegerField()
    rpe_cap = models.PositiveSmallIntegerField(null=True, blank=True)
    avoid = models.JSONField(default=list)
    checklist = models.JSONField(default=list)
    fired = models.JSONField(default=list, help_text=gettext_lazy("[{rule_id, reason, refs}]"))
    urgency = models.CharField(max_length=10, blank=True)
    provisional = models.BooleanField(
        default=False, help_text=gettext_lazy("Computed before the day's check-in.")
    )
    threshold_version = models.PositiveIntegerField()
    # Kept as columns so the staff roster can flag them in one query.
    non_resolving = models.BooleanField(
        default=False, help_text=gettext_lazy("RF8: soreness not resolving.")
    )
    wellness_z = models.FloatField(null=True, blank=True)
    override = models.ForeignKey(
        "Override", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    inputs = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)
    valid_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text=gettext_lazy(
            "Today's verdict: when the clock alone may move it (recomputed on read from "
            "then). Empty for a past day's, which is final."
        ),
    )

    class Meta:
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["athlete", "local_date"], name="recommendation_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{Level(self.level).name} for {self.athlete} on {self.local_date}"


class EvidenceTag(models.TextChoices):
    EVIDENCE = "E", gettext_lazy("Evidence-based")
    INFORMED = "E-inf", gettext_lazy("Evidence-informed")
    CONVENTION = "C", gettext_lazy("Convention")


class Threshold(models.Model):
    """One number of the rule model, editable in the admin. Every change bumps RuleSet.version."""

    key = models.SlugField(max_length=40, unique=True)
    value = models.FloatField()
    unit = models.CharField(max_length=20, blank=True)
    evidence_tag = models.CharField(max_length=5, choices=EvidenceTag)
    references = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy(
            "The numbered sources behind it, listed in the guidance library's references."
        ),
    )
    description = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value:g} {self.unit}".strip()

    @property
    def label(self) -> str:
        """What the threshold is, in plain words (the key where none is written)."""
        return THRESHOLD_LABELS.get(self.key, self.key)

    def clean(self) -> None:
        """Within the key's bounds, and in order with the other current values (moderate
        soreness below severe, windows light <= habitual <= unaccustomed, ...)."""
        saved = dict(Threshold.objects.values_list("key", "value"))
        before = set(threshold_problems(saved).values())
        new = [
            text
            for text in threshold_problems({**saved, self.key: self.value}).values()
            if text not in before  # what this edit breaks, not what was so already
        ]
        if new:
            raise ValidationError({"value": new})


class RuleSet(models.Model):
    """A single row holding the threshold version that recommendations record."""

    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Rule thresholds, version {self.version}"


class GuidanceArticle(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    body = models.TextField(help_text=gettext_lazy("Markdown. Raw HTML is removed when shown."))
    topic = models.CharField(max_length=40)
    rules = models.CharField(
        max_length=300,
        blank=True,
        help_text=gettext_lazy(
            "The rules (RF1, S2, …) and checklist items (sleep, protein, …) this article "
            "explains, separated by spaces: their “Read more” and “Why” links lead here. A rule "
            "no published article names links to the guidance index."
        ),
    )
    references = models.TextField(
        blank=True, help_text=gettext_lazy("One reference per line (Markdown).")
    )
    published = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recovery:guidance_article", kwargs={"slug": self.slug})


class ReminderKind(models.TextChoices):
    NEXT_DAY = "next_day", gettext_lazy("Next-day")
    DAY_2 = "day_2", gettext_lazy("Day 2")
    # The evening before a hard run planned inside a recovery window.
    PLAN_HEADS_UP = "plan", gettext_lazy("Plan heads-up")
    # Not a reminder to the athlete: the alert to their gym's staff after a red-flag answer,
    # sent through the same outbox (one per athlete and day).
    RED_FLAG_ALERT = "red_flag", gettext_lazy("Red-flag alert to staff")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Pending")
    SENDING = "sending", gettext_lazy("Sending")
    SENT = "sent", gettext_lazy("Sent")
    FAILED = "failed", gettext_lazy("Failed")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")
    SKIPPED = "skipped", gettext_lazy("Skipped")
    WITHDRAWN = (
        "withdrawn",
        gettext_lazy("Withdrawn by an admin"),
    )  # kept off: rescheduling never revives it


class ReminderQuerySet(models.QuerySet):
    def due(self, now):
        """Pending and due: what `/readyz` measures the backlog of."""
        return self.filter(status=ReminderStatus.PENDING, due_at__lte=now)

    def to_dispatch(self, now, stuck_after):
        """What the dispatcher claims: due, or `sending` for longer than `stuck_after` (the
        worker that took it died)."""
        return self.filter(
            Q(status=ReminderStatus.PENDING, due_at__lte=now)
            | Q(status=ReminderStatus.SENDING, sending_since__lt=now - stuck_after)
        )


class Reminder(models.Model):
    """A run reminder after a leg day: a database row with a status machine, so a retry, a
    duplicate delivery or a broker outage never sends twice or loses one."""

    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=8, choices=ReminderKind)
    local_date = models.DateField(help_text=gettext_lazy("The athlete's day the reminder is for."))
    due_at = models.DateTimeField(
        help_text=gettext_lazy("UTC instant of the athlete's reminder time that day.")
    )
    status = models.CharField(max_length=9, choices=ReminderStatus, default=ReminderStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    deliveries = models.PositiveSmallIntegerField(
        default=0,
        help_text=gettext_lazy("Send deliveries that never finished (their worker died)."),
    )
    last_error = models.TextField(blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["athlete", "kind", "local_date"], name="reminder_one_per_kind_and_day"
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="reminder_status_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for {self.athlete} on {self.local_date} ({self.status})"


class PushDelivery(models.Model):
    """A reminder or alert pushed to one device: claimed (inserted) before the push is sent,
    so a retried or duplicated task never pushes it twice."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="pushes")
    subscription = models.ForeignKey(
        "accounts.PushSubscription", on_delete=models.CASCADE, related_name="deliveries"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=gettext_lazy("HTTP status.")
    )
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "subscription"], name="push_once_per_reminder_and_device"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reminder} → {self.subscription}"


class Notification(models.Model):
    """An in-app notification (the bell). An outbox row creates at most one per person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.ForeignKey(
        Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,  # an athlete's account deleted: what named them goes
        null=True,
        blank=True,
        related_name="+",
        help_text=gettext_lazy(
            "The athlete a staff notification names: it goes when staff no longer see them."
        ),
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=200, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "user"], name="notification_one_per_outbox_row_and_person"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CoachNote(models.Model):
    """A staff note about an athlete, private to the staff of one gym."""

    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_notes"
    )
    gym = models.ForeignKey("accounts.Gym", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="notes_written"
    )
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note on {self.athlete} by {self.author}"


class WeekTemplate(models.Model):
    """A gym's week shape ("two leg days, three runs, long run Sunday"), applied by its staff
    to many athletes at once: the suggester fits it to each one's level and goal."""

    gym = models.ForeignKey("accounts.Gym", on_delete=models.CASCADE, related_name="templates")
    name = models.CharField(max_length=80)
    leg_days = models.PositiveSmallIntegerField(validators=[MaxValueValidator(4)])
    runs = models.PositiveSmallIntegerField(validators=[MaxValueValidator(7)])
    key_runs = models.PositiveSmallIntegerField(validators=[MaxValueValidator(3)])
    light_legs = models.BooleanField(default=False)
    long_run_day = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(6)],
        help_text=gettext_lazy("0 = Monday."),
    )
    leg_class_day = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(6)],
        help_text=gettext_lazy("0 = Monday."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["gym", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["gym", "name"],
                name="week_template_name_per_gym",
                violation_error_message=gettext_lazy(
                    "The gym has a template of that name already."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def shape(self) -> dict:
        """The template's counts and commitments, as the suggester's question reads them."""
        return {
            "leg_days": self.leg_days,
            "runs": self.runs,
            "key_runs": self.key_runs,
            "light_legs": self.light_legs,
            "long_run_day": self.long_run_day,
            "leg_class_day": self.leg_class_day,
        }


class Override(models.Model):
    """A coach's prescription for one of an athlete's days, within the bounds of
    `coaching.apply_override`. It lives as long as the membership it was made through: when
    the athlete or its author leaves `gym`, it ends (`recovery.sync.membership_changed`)."""

    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="overrides"
    )
    local_date = models.DateField()
    level = models.PositiveSmallIntegerField(
        choices=[(level.value, level.name) for level in Level if level != Level.SEE_DOCTOR]
    )
    max_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(300)]
    )
    note = models.CharField(
        max_length=300, help_text=gettext_lazy("Your reason; the athlete sees it.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="overrides_made",
    )
    gym = models.ForeignKey(
        "accounts.Gym",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        help_text=gettext_lazy(
            "The gym the author and the athlete share: the override ends with it."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "local_date"], name="override_one_per_day"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="override_level_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"Override for {self.athlete} on {self.local_date}"


class RedFlagAnswer(models.Model):
    """A red-flag answer, kept when the check-in is later changed: the trail the history, the
    roster and the staff alert read. One per athlete, day and warning sign."""

    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="red_flag_answers"
    )
    local_date = models.DateField()
    flag = models.CharField(max_length=30, choices=[(f, f) for f in RED_FLAG_FIELDS.values()])
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-local_date", "flag"]
        constraints = [
            models.UniqueConstraint(
                fields=["athlete", "local_date", "flag"], name="red_flag_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.flag} answered by {self.athlete} on {self.local_date}"


class Light(models.IntegerChoices):
    """The roster's traffic light; stored values are fixed (the roster sorts by them)."""

    RED = 0, "red"
    AMBER = 1, "amber"
    GREY = 2, "grey"
    GREEN = 3, "green"


class RosterFlag(models.IntegerChoices):
    """Roster flags, each a fixed bit of `RosterStatus.flag_bits` (never reorder or reuse)."""

    RED_FLAG = 1, gettext_lazy("Red flag answered")
    SORE_7 = 2, gettext_lazy("Soreness 7+")
    CANT_WALK = 4, gettext_lazy("Can't walk normally")
    NO_CHECKIN = 8, gettext_lazy("No check-in for 2+ days")
    HARD_RUN_IN_WINDOW = 16, gettext_lazy("Hard run in recovery window")
    NOT_RESOLVING = 32, gettext_lazy("Soreness not resolving")
    WELLNESS_LOW = 64, gettext_lazy("Wellness far below normal")
    UNWELL = 128, gettext_lazy("Unwell")
    RAN_HARDER = 256, gettext_lazy("Ran harder than advised")


class RosterStatus(models.Model):
    """One athlete's roster row as of their calendar day `local_date`: traffic light, flags
    and what the cells show. Written with today's verdict (`recovery.verdicts`), and
    recomputed on read once `valid_until` passed or the thresholds changed, so the roster
    filters, sorts and pages in SQL and always shows what the athlete's Today page shows."""

    athlete = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="roster_status",
    )
    local_date = models.DateField(
        help_text=gettext_lazy("The athlete's day this row was worked out for.")
    )
    light = models.PositiveSmallIntegerField(choices=Light.choices)
    flag_bits = models.PositiveIntegerField(default=0, help_text=gettext_lazy("RosterFlag bits."))
    flag_count = models.PositiveSmallIntegerField(default=0)
    verdict = models.JSONField(
        default=dict,
        help_text=gettext_lazy("The verdict cell as a text to translate: {msgid, params}."),
    )
    level = models.PositiveSmallIntegerField(
        choices=[(level.value, level.name) for level in Level],
        help_text=gettext_lazy("Today's verdict level (provisional before the check-in)."),
    )
    checkin_date = models.DateField(
        null=True, help_text=gettext_lazy("The day of the latest check-in.")
    )
    checkin_at = models.DateTimeField(
        null=True, help_text=gettext_lazy("When that check-in was first given.")
    )
    leg_ended_at = models.DateTimeField(null=True)
    plan_date = models.DateField(null=True)
    plan_type = models.CharField(max_length=10, blank=True)
    plan_minutes = models.PositiveSmallIntegerField(null=True)
    refreshed_at = models.DateTimeField()
    valid_until = models.DateTimeField(
        help_text=gettext_lazy("Recomputed on read from this moment.")
    )
    threshold_version = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = gettext_lazy("roster statuses")
        indexes = [models.Index(fields=["valid_until"], name="rosterstatus_valid_until")]

    def __str__(self) -> str:
        return f"Roster status of {self.athlete_id} on {self.local_date}"


# Tables of this app kept with their rooms (`recovery.outcomes`, `recovery.planning`).
from .outcomes.models import RunAdherence  # noqa: E402, F401
from .planning.models import TemplateRow  # noqa: E402, F401
from .translations import GuidanceTranslation  # noqa: E402, F401
