"""Users (email login, with their profile and reminder settings), gyms, memberships, invitations."""

import datetime as dt
import hashlib
import zoneinfo
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError(gettext_lazy("An email address is required."))
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class DistanceUnit(models.TextChoices):
    KM = "km", gettext_lazy("Kilometres")
    MI = "mi", gettext_lazy("Miles")


class WeightUnit(models.TextChoices):
    KG = "kg", gettext_lazy("Kilograms")
    LB = "lb", gettext_lazy("Pounds")


class FitnessLevel(models.TextChoices):
    # DOMAIN.md §8.2: the level sets how long quality running waits after a hard leg day.
    NOVICE = "novice", gettext_lazy("Novice")
    INTERMEDIATE = "intermediate", gettext_lazy("Intermediate")
    TRAINED = "trained", gettext_lazy("Trained")


FITNESS_LEVEL_HELP = {
    FitnessLevel.NOVICE: gettext_lazy(
        "Less than 3 months of regular (weekly) lower-body strength training."
    ),
    FitnessLevel.INTERMEDIATE: gettext_lazy(
        "3 to 6 months of regular lower-body strength training."
    ),
    FitnessLevel.TRAINED: gettext_lazy("6 months or more of regular lower-body strength training."),
}


class Goal(models.TextChoices):
    STRENGTH = "strength", gettext_lazy("Strength first")
    RUNNING = "running", gettext_lazy("Running first")
    BALANCED = "balanced", gettext_lazy("Balanced")


DEFAULT_REMINDER_TIME = dt.time(7, 0)

# The settings a person edits, in page order: used by the settings form, the admin and the export.
PROFILE_FIELDS = (
    "display_name",
    "language",
    "time_zone",
    "distance_unit",
    "weight_unit",
    "body_mass_kg",
    "fitness_level",
    "legs_trained_recently",
    "hr_max",
    "goal",
)
REMINDER_FIELDS = (
    "reminder_time",
    "remind_next_day",
    "remind_day_2",
    "remind_plan",
    "remind_by_email",
    "remind_in_app",
    "remind_by_push",
)


class User(AbstractUser):
    """An account. Email is the login; the profile and reminder settings live here too,
    so every page has them with the request's user and no extra query."""

    # Not fields of this model: email is the login, `display_name` the name.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(gettext_lazy("email address"), unique=True)

    display_name = models.CharField(max_length=80, blank=True)
    # Blank: follow the browser; the browser's last choice is kept for what is sent.
    language = models.CharField(max_length=8, blank=True)
    browser_language = models.CharField(max_length=8, blank=True, editable=False)
    time_zone = models.CharField(max_length=64, default="UTC")
    distance_unit = models.CharField(max_length=2, choices=DistanceUnit, default=DistanceUnit.KM)
    weight_unit = models.CharField(max_length=2, choices=WeightUnit, default=WeightUnit.KG)
    body_mass_kg = models.DecimalField(
        gettext_lazy("body mass (kg)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(25), MaxValueValidator(350)],
    )
    fitness_level = models.CharField(
        max_length=12, choices=FitnessLevel, default=FitnessLevel.INTERMEDIATE
    )
    # Stands in for "a leg session in the previous 28 days" until the log covers those days
    # (DOMAIN §8.2, v3): unanswered counts as no, an unaccustomed leg day.
    legs_trained_recently = models.BooleanField(
        gettext_lazy("legs trained about weekly in the last 4 weeks"), null=True, blank=True
    )
    # When the athlete (or their coach) chose to keep the level the log suggested changing:
    # the suggestion is not shown again for a while (recovery.outcomes.calibration).
    level_kept_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A run's average heart rate is held against the day's %HRmax cap; unset, the highest
    # heart rate seen in the athlete's imported runs stands in (and says so).
    hr_max = models.PositiveSmallIntegerField(
        gettext_lazy("maximum heart rate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(120), MaxValueValidator(230)],
    )
    goal = models.CharField(max_length=10, choices=Goal, default=Goal.BALANCED)
    reminder_time = models.TimeField(default=DEFAULT_REMINDER_TIME)
    remind_next_day = models.BooleanField(gettext_lazy("next-day reminder"), default=True)
    remind_day_2 = models.BooleanField(gettext_lazy("day-2 reminder"), default=True)
    remind_plan = models.BooleanField(gettext_lazy("heads-up on planned hard runs"), default=True)
    # Staff: a copy of the heads-up of each athlete they are the assigned coach of.
    coach_plan_alerts = models.BooleanField(
        gettext_lazy("plan heads-ups of my athletes"), default=False
    )
    remind_by_email = models.BooleanField(gettext_lazy("by email"), default=True)
    remind_in_app = models.BooleanField(gettext_lazy("in the app"), default=True)
    remind_by_push = models.BooleanField(
        gettext_lazy("by push"),
        default=True,
        help_text=gettext_lazy("On the devices where push is turned on."),
    )
    # First-run setup (/onboarding/): until it is done, signing in leads there. An account
    # still on UTC whose browser says otherwise is asked once (time_zone_confirmed).
    onboarded_at = models.DateTimeField(null=True, blank=True)
    time_zone_confirmed = models.BooleanField(default=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]  # Django reads it from the class

    objects = UserManager()  # type: ignore[misc, assignment]  # ours: email, not username

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(body_mass_kg__isnull=True)
                | Q(body_mass_kg__gte=25, body_mass_kg__lte=350),
                name="user_body_mass_range",
                violation_error_message=gettext_lazy("Body mass must be between 25 and 350 kg."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return User.name_for(self.display_name, self.email)

    @staticmethod
    def name_for(display_name: str, email: str) -> str:
        """How a person is called: their display name, else their email's local part."""
        return display_name or email.split("@", 1)[0]

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    @property
    def language_code(self) -> str:
        """The language of what is sent to this person (emails, pushes, calendar feeds):
        the one picked in Settings, else their browser's last, else the site's."""
        known = {code for code, _ in settings.LANGUAGES}
        for code in (self.language, self.browser_language):
            if code in known:
                return code
        return settings.LANGUAGE_CODE

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def local_today(self, now: dt.datetime | None = None) -> dt.date:
        """The user's own date at `now` (default: this moment): every "today" of the app."""
        return (now or timezone.now()).astimezone(self.tz).date()

    @cached_property
    def staff_roles(self) -> frozenset[str]:
        """Staff roles this user holds in any gym (one query, cached per request)."""
        return frozenset(
            self.memberships.filter(role__in=Role.staff_roles()).values_list("role", flat=True)
        )

    @property
    def is_gym_staff(self) -> bool:
        return bool(self.staff_roles)


class Gym(models.Model):
    name = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    MANAGER = "manager", gettext_lazy("Manager")
    COACH = "coach", gettext_lazy("Coach")
    ATHLETE = "athlete", gettext_lazy("Athlete")

    @classmethod
    def staff_roles(cls) -> tuple[str, ...]:
        return (cls.MANAGER, cls.COACH)


class Membership(models.Model):
    """A user's place in a gym. Deleting the row (leaving) ends staff access at once."""

    gym = models.ForeignKey(Gym, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role)
    joined_at = models.DateTimeField(auto_now_add=True)
    # An athlete's coach within this gym (a staff member of it; the roster's coach filter).
    coach = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_memberships",
        help_text=gettext_lazy("Athletes only: the gym's coach or manager who looks after them."),
    )

    class Meta:
        ordering = ["gym__name", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["gym", "user"],
                name="membership_unique_gym_user",
                violation_error_message=gettext_lazy(
                    "This person is already a member of this gym."
                ),
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.gym}"

    @property
    def is_staff_role(self) -> bool:
        return self.role in Role.staff_roles()

    def clean(self):
        """An assigned coach is staff of the same gym, and only athletes have one."""
        super().clean()
        if self.coach_id is None:
            return
        if self.role != Role.ATHLETE:
            raise ValidationError({"coach": gettext_lazy("Only an athlete has an assigned coach.")})
        if not Membership.objects.filter(
            gym_id=self.gym_id, user_id=self.coach_id, role__in=Role.staff_roles()
        ).exists():
            raise ValidationError(
                {"coach": gettext_lazy("The coach must be a coach or manager of this gym.")}
            )


class InvitationQuerySet(models.QuerySet):
    def pending(self, now: dt.datetime | None = None):
        """Usable: not accepted, revoked or expired, and its creator's account still exists."""
        now = now or timezone.now()
        return self.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
            created_by__isnull=False,
        )


class Invitation(models.Model):
    """A single-use invitation to join a gym in a role, by link or by code."""

    gym = models.ForeignKey(Gym, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=10, choices=Role)
    code = models.CharField(max_length=32, unique=True)
    email = models.EmailField(
        blank=True,
        help_text=gettext_lazy(
            "Staff invitations: only an account with this verified address can accept. "
            "Athlete invitations: a note."
        ),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations_accepted"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} invitation to {self.gym} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("accounts:gym_join", kwargs={"code": self.code})

    @property
    def code_hint(self) -> str:
        """The code as lists show it: shown in full only once, to its creator, at creation."""
        return f"{self.code[:3]}…"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at or self.created_by_id is None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class PushSubscription(models.Model):
    """One device's web-push subscription (the browser's PushSubscription.toJSON()).

    An endpoint belongs to one browser profile: subscribing again from it updates the row,
    also when another account signs in there. Push services answer 404/410 for a
    subscription that has ended; the sender deletes it then."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    device = models.CharField(
        max_length=120, blank=True, help_text=gettext_lazy("As the browser named it.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.device or 'device'}"

    def as_webpush(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class CalendarFeed(models.Model):
    """A private calendar address (`/calendar/<token>.ics`): whoever holds the URL reads the
    feed, so it is long, random and revocable (a reset makes the old one answer 404). Only
    the token's SHA-256 is stored: the address is shown once, when it is made. A feed made
    before its owner became staff does not show athletes' plans: it stops, and a new one
    is needed (`for_staff`)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    for_staff = models.BooleanField(
        default=False, help_text=gettext_lazy("Made while the owner was staff.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    @staticmethod
    def hash(token: str) -> str:
        return token_digest(token)


def token_digest(token: str) -> str:
    """What is stored of a secret handed out once (a calendar address, an API token): its
    SHA-256. The secrets are long and random, so a fast hash is enough."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal access token for the API (`Authorization: Bearer rr_…`), made in Settings.
    Only its SHA-256 is stored: the token is shown once, when it is made. Read-only or
    read-write; it stops at `expires_at` or when revoked. `prefix` (its first characters,
    not secret) tells the owner's tokens apart."""

    PREFIX_LENGTH = 10

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=PREFIX_LENGTH)
    digest = models.CharField(max_length=64, unique=True)
    can_write = models.BooleanField(gettext_lazy("read and write"), default=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"API token {self.prefix}… of {self.user}"

    def live(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
