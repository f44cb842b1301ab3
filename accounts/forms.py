"""Forms for settings, gyms and account deletion. Validation only; services do the writing."""

import zoneinfo
from functools import cache

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils import timezone
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from .models import (
    FITNESS_LEVEL_HELP,
    PROFILE_FIELDS,
    REMINDER_FIELDS,
    FitnessLevel,
    Gym,
    Role,
    User,
)
from .selectors import user_delete_blocker


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        # Legacy aliases ("US/Eastern", "Etc/GMT+5", "EST5EDT") confuse more than help.
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


def fitness_level_field(label: str, help_text: str = "") -> forms.ChoiceField:
    """The three levels as radios, each with its one-line explanation."""
    return forms.ChoiceField(
        label=label,
        widget=forms.RadioSelect,
        choices=[
            (value, f"{name} — {FITNESS_LEVEL_HELP[FitnessLevel(value)]}")
            for value, name in FitnessLevel.choices
        ],
        help_text=help_text,
    )


LEGS_RECENTLY_QUESTION = "In the last 4 weeks, have you trained legs about once a week or more?"


def legs_recently_field(required: bool) -> forms.TypedChoiceField:
    """Until the log covers 28 days, this answer decides whether a leg day is unaccustomed
    (a longer wait before quality running)."""
    return forms.TypedChoiceField(
        label=LEGS_RECENTLY_QUESTION,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        help_text="Until RunReady has four weeks of your log, this decides how long quality "
        "running waits after a hard leg day (no: longer).",
    )


def yes_no(value: bool | None) -> str | None:
    return None if value is None else "yes" if value else "no"


class DisplayNameMixin:
    cleaned_data: dict

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if name and not any(ch.isalnum() for ch in name):
            raise forms.ValidationError("Use at least one letter or digit.")
        return name


class SettingsForm(DisplayNameMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(
        label="Time zone",
        help_text="Reminders and “today” follow this zone.",
    )
    fitness_level = fitness_level_field(
        "Fitness level", help_text="Sets how long hard running waits after a hard leg day."
    )
    legs_trained_recently = legs_recently_field(required=False)

    class Meta:
        model = User
        fields = [*PROFILE_FIELDS, *REMINDER_FIELDS, "coach_plan_alerts"]
        labels = {
            "display_name": "Display name",
            "distance_unit": "Distance unit",
            "weight_unit": "Weight unit",
            "body_mass_kg": "Body mass (kg)",
            "hr_max": "Maximum heart rate",
            "goal": "Goal",
            "reminder_time": "Reminder time",
            "remind_next_day": "Next-day reminder (the morning after a leg day)",
            "remind_day_2": "Day-2 reminder (when soreness usually peaks)",
            "remind_plan": "Heads-up the evening before a hard run planned inside a recovery window",
            "coach_plan_alerts": "Coaches: a copy of those heads-ups for the athletes assigned to me",
            "remind_by_email": "Send reminders by email",
            "remind_in_app": "Show reminders in the app",
            "remind_by_push": "Send reminders by push (to the devices turned on below)",
        }
        help_texts = {
            "display_name": "How coaches and the app address you.",
            "weight_unit": "For the loads you lift.",
            "body_mass_kg": "Optional. Used only to suggest protein grams after leg day.",
            "hr_max": "Optional, in beats a minute. Left empty, the highest heart rate in your "
            "imported runs is used, and each run says so.",
            "reminder_time": "Your local time, e.g. 07:00.",
        }
        widgets = {
            "reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "body_mass_kg": forms.NumberInput(attrs={"step": "0.1", "min": 25, "max": 350}),
            "hr_max": forms.NumberInput(attrs={"min": 120, "max": 230, "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["display_name"].required = False
        if not (self.instance.pk and self.instance.is_gym_staff):
            del self.fields["coach_plan_alerts"]
        self.fields["reminder_time"].error_messages["invalid"] = (
            "Enter a time as hours and minutes, e.g. 07:00."
        )
        self.initial["legs_trained_recently"] = yes_no(self.instance.legs_trained_recently)
        self.helper = FormHelper()
        self.helper.form_tag = False


def valid_time_zone(name: str) -> bool:
    return name in dict(time_zone_choices())


class OnboardingForm(DisplayNameMixin, forms.ModelForm):
    """First-run setup: one line per question, everything but body mass answered by a tap.
    Saving confirms the time zone and ends onboarding."""

    time_zone = forms.ChoiceField(
        label="Your time zone",
        help_text="Taken from this device. Reminders and “today” follow it.",
    )
    fitness_level = fitness_level_field("Lower-body strength training so far")
    legs_trained_recently = legs_recently_field(required=False)  # one tap still finishes

    class Meta:
        model = User
        fields = [
            "display_name",
            "time_zone",
            "reminder_time",
            "distance_unit",
            "weight_unit",
            "fitness_level",
            "legs_trained_recently",
            "goal",
            "body_mass_kg",
        ]
        labels = {
            "display_name": "Your first name",
            "reminder_time": "Morning reminder at",
            "distance_unit": "Distances in",
            "weight_unit": "Weights in",
            "goal": "Your goal",
            "body_mass_kg": "Body mass (kg), optional",
        }
        help_texts = {
            "display_name": "How the app greets you and how your coach sees you. Optional.",
            "reminder_time": "The morning after a leg day, your local time.",
            "body_mass_kg": "Only to suggest protein grams after leg day.",
        }
        widgets = {
            "reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "distance_unit": forms.RadioSelect,
            "weight_unit": forms.RadioSelect,
            "goal": forms.RadioSelect,
            "body_mass_kg": forms.NumberInput(attrs={"step": "0.1", "min": 25, "max": 350}),
            "display_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["display_name"].required = False
        self.fields["reminder_time"].error_messages["invalid"] = (
            "Enter a time as hours and minutes, e.g. 07:00."
        )
        for name in ("distance_unit", "weight_unit", "goal"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        self.initial["legs_trained_recently"] = yes_no(self.instance.legs_trained_recently)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def save(self, commit=True):
        self.instance.time_zone_confirmed = True
        self.instance.onboarded_at = self.instance.onboarded_at or timezone.now()
        return super().save(commit)


class TimeZoneForm(forms.ModelForm):
    """The one-time question to an account still on UTC whose browser says otherwise."""

    time_zone = forms.ChoiceField(label="Time zone")

    class Meta:
        model = User
        fields = ["time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()

    def save(self, commit=True):
        self.instance.time_zone_confirmed = True
        return super().save(commit)


def push_endpoint_problem(endpoint: str) -> str:
    """Why the worker must not post to `endpoint`, or "" when it may. The host is read the
    way urllib3 (what pywebpush's requests uses) reads it, not the way urlsplit does: the
    two disagree on `https://10.0.0.5\\@vendor/…`. Only a vendor's push service
    (PUSH_SERVICE_HOSTS), over https on the default port, with no user info."""
    if "\\" in endpoint or any(ord(c) < 33 for c in endpoint):
        return "A push address has no backslashes or spaces."
    try:
        parts = parse_url(endpoint)
    except LocationParseError:
        return "This is not a push address."
    scheme = (parts.scheme or "").lower()
    if scheme != "https" and not (settings.PUSH_ALLOW_INSECURE and scheme == "http"):
        return "A push address starts with https://."
    if parts.auth is not None or "@" in (parts.netloc or ""):
        return "A push address carries no user name or password."
    if parts.port is not None and not settings.PUSH_ALLOW_INSECURE:
        return "A push address uses the standard https port."
    host = (parts.host or "").lower().rstrip(".")
    if not any(
        host == allowed or host.endswith("." + allowed) for allowed in settings.PUSH_SERVICE_HOSTS
    ):
        return "This push service is not one we send to."
    return ""


def push_endpoint_allowed(endpoint: str) -> bool:
    return not push_endpoint_problem(endpoint)


class PushSubscriptionForm(forms.Form):
    """What the browser's PushSubscription.toJSON() gives, flattened by app.js."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.RegexField(r"^[A-Za-z0-9_-]{80,100}={0,2}$", max_length=200)
    auth = forms.RegexField(r"^[A-Za-z0-9_-]{16,30}={0,2}$", max_length=100)
    device = forms.CharField(max_length=120, required=False)

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"]
        problem = push_endpoint_problem(endpoint)
        if problem:
            raise forms.ValidationError(problem)
        return endpoint


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label="Invitation code",
        max_length=32,
        help_text="The code your gym gave you, e.g. K7PQ2MXR4D.",
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class InvitationForm(forms.Form):
    gym = forms.ModelChoiceField(queryset=Gym.objects.none(), label="Gym", empty_label=None)
    role = forms.ChoiceField(label="Invite as", choices=Role.choices)
    email = forms.EmailField(
        label="Their email (required for staff)",
        required=False,
        help_text="A staff invitation works only for the account with this verified address; "
        "for an athlete it is a note for you.",
    )

    def __init__(self, *args, gyms, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gym"].queryset = gyms
        self.fields["role"].choices = [(r, label) for r, label in Role.choices if r in roles]
        self.helper = FormHelper()
        self.helper.form_tag = False


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password

    def clean(self):
        blocker = user_delete_blocker(self.user)
        if blocker:
            raise forms.ValidationError(f"Nothing was deleted: {blocker}")
        return super().clean()


class ApiTokenForm(forms.Form):
    """A new personal API token: a name to tell it apart, what it may do, how long it lives."""

    name = forms.CharField(label="Name", max_length=80, help_text="e.g. “Phone shortcut”.")
    access = forms.ChoiceField(
        label="Access",
        choices=[("read", "Read only"), ("write", "Read and write")],
        initial="read",
        widget=forms.RadioSelect,
    )
    days = forms.TypedChoiceField(
        label="Expires",
        choices=[("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year"), ("", "Never")],
        coerce=int,
        empty_value=None,
        required=False,
        initial="90",
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not any(ch.isalnum() for ch in name):
            raise forms.ValidationError("Use at least one letter or digit.")
        return name
