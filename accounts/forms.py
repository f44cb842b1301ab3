"""Forms for settings, gyms and account deletion. Validation only; services do the writing."""

import zoneinfo
from functools import cache
from typing import TYPE_CHECKING

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
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

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        # Legacy aliases ("US/Eastern", "Etc/GMT+5", "EST5EDT") confuse more than help.
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


def language_field() -> forms.ChoiceField:
    """The languages in their own names; empty follows the browser."""
    return forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=[("", gettext_lazy("As my browser")), *settings.LANGUAGES],
        required=False,
        help_text=gettext_lazy("Pages, emails, pushes and your calendar feed use it."),
    )


def fitness_level_field(label: "StrOrPromise", help_text: "StrOrPromise" = "") -> forms.ChoiceField:
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


LEGS_RECENTLY_QUESTION = gettext_lazy(
    "In the last 4 weeks, have you trained legs about once a week or more?"
)


def legs_recently_field(required: bool) -> forms.TypedChoiceField:
    """Until the log covers 28 days, this answer decides whether a leg day is unaccustomed
    (a longer wait before quality running)."""
    return forms.TypedChoiceField(
        label=LEGS_RECENTLY_QUESTION,
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Until RunReady has four weeks of your log, this decides how long quality "
            "running waits after a hard leg day (no: longer)."
        ),
    )


def yes_no(value: bool | None) -> str | None:
    return None if value is None else "yes" if value else "no"


class DisplayNameMixin:
    cleaned_data: dict

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if name and not any(ch.isalnum() for ch in name):
            raise forms.ValidationError(gettext_lazy("Use at least one letter or digit."))
        return name


class SettingsForm(DisplayNameMixin, forms.ModelForm):
    language = language_field()
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone"),
        help_text=gettext_lazy("Reminders and “today” follow this zone."),
    )
    fitness_level = fitness_level_field(
        gettext_lazy("Fitness level"),
        help_text=gettext_lazy("Sets how long hard running waits after a hard leg day."),
    )
    legs_trained_recently = legs_recently_field(required=False)

    class Meta:
        model = User
        fields = [*PROFILE_FIELDS, *REMINDER_FIELDS, "coach_plan_alerts"]
        labels = {
            "display_name": gettext_lazy("Display name"),
            "distance_unit": gettext_lazy("Distance unit"),
            "weight_unit": gettext_lazy("Weight unit"),
            "body_mass_kg": gettext_lazy("Body mass (kg)"),
            "hr_max": gettext_lazy("Maximum heart rate"),
            "goal": gettext_lazy("Goal"),
            "reminder_time": gettext_lazy("Reminder time"),
            "remind_next_day": gettext_lazy("Next-day reminder (the morning after a leg day)"),
            "remind_day_2": gettext_lazy("Day-2 reminder (when soreness usually peaks)"),
            "remind_plan": gettext_lazy(
                "Heads-up the evening before a hard run planned inside a recovery window"
            ),
            "coach_plan_alerts": gettext_lazy(
                "Coaches: a copy of those heads-ups for the athletes assigned to me"
            ),
            "remind_by_email": gettext_lazy("Send reminders by email"),
            "remind_in_app": gettext_lazy("Show reminders in the app"),
            "remind_by_push": gettext_lazy(
                "Send reminders by push (to the devices turned on below)"
            ),
        }
        help_texts = {
            "display_name": gettext_lazy("How coaches and the app address you."),
            "weight_unit": gettext_lazy("For the loads you lift."),
            "body_mass_kg": gettext_lazy(
                "Optional. Used only to suggest protein grams after leg day."
            ),
            "hr_max": gettext_lazy(
                "Optional, in beats a minute. Left empty, the highest heart rate in your "
                "imported runs is used, and each run says so."
            ),
            "reminder_time": gettext_lazy("Your local time, e.g. 07:00."),
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
        self.fields["reminder_time"].error_messages["invalid"] = gettext_lazy(
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
        label=gettext_lazy("Your time zone"),
        help_text=gettext_lazy("Taken from this device. Reminders and “today” follow it."),
    )
    language = language_field()
    fitness_level = fitness_level_field(gettext_lazy("Lower-body strength training so far"))
    legs_trained_recently = legs_recently_field(required=False)  # one tap still finishes

    class Meta:
        model = User
        fields = [
            "display_name",
            "language",
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
            "display_name": gettext_lazy("Your first name"),
            "reminder_time": gettext_lazy("Morning reminder at"),
            "distance_unit": gettext_lazy("Distances in"),
            "weight_unit": gettext_lazy("Weights in"),
            "goal": gettext_lazy("Your goal"),
            "body_mass_kg": gettext_lazy("Body mass (kg), optional"),
        }
        help_texts = {
            "display_name": gettext_lazy(
                "How the app greets you and how your coach sees you. Optional."
            ),
            "reminder_time": gettext_lazy("The morning after a leg day, your local time."),
            "body_mass_kg": gettext_lazy("Only to suggest protein grams after leg day."),
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
        self.fields["reminder_time"].error_messages["invalid"] = gettext_lazy(
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

    time_zone = forms.ChoiceField(label=gettext_lazy("Time zone"))

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
        return gettext("A push address has no backslashes or spaces.")
    try:
        parts = parse_url(endpoint)
    except LocationParseError:
        return gettext("This is not a push address.")
    scheme = (parts.scheme or "").lower()
    if scheme != "https" and not (settings.PUSH_ALLOW_INSECURE and scheme == "http"):
        return gettext("A push address starts with https://.")
    if parts.auth is not None or "@" in (parts.netloc or ""):
        return gettext("A push address carries no user name or password.")
    if parts.port is not None and not settings.PUSH_ALLOW_INSECURE:
        return gettext("A push address uses the standard https port.")
    host = (parts.host or "").lower().rstrip(".")
    if not any(
        host == allowed or host.endswith("." + allowed) for allowed in settings.PUSH_SERVICE_HOSTS
    ):
        return gettext("This push service is not one we send to.")
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
        label=gettext_lazy("Invitation code"),
        max_length=32,
        help_text=gettext_lazy("The code your gym gave you, e.g. K7PQ2MXR4D."),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class InvitationForm(forms.Form):
    gym = forms.ModelChoiceField(
        queryset=Gym.objects.none(), label=gettext_lazy("Gym"), empty_label=None
    )
    role = forms.ChoiceField(label=gettext_lazy("Invite as"), choices=Role.choices)
    email = forms.EmailField(
        label=gettext_lazy("Their email (required for staff)"),
        required=False,
        help_text=gettext_lazy(
            "A staff invitation works only for the account with this verified address; "
            "for an athlete it is a note for you."
        ),
    )

    def __init__(self, *args, gyms, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gym"].queryset = gyms
        self.fields["role"].choices = [(r, label) for r, label in Role.choices if r in roles]
        self.helper = FormHelper()
        self.helper.form_tag = False


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
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
            raise forms.ValidationError(
                gettext_lazy("That is not your password. Nothing was deleted.")
            )
        return password

    def clean(self):
        blocker = user_delete_blocker(self.user)
        if blocker:
            raise forms.ValidationError(
                gettext_lazy("Nothing was deleted: {blocker}").format(blocker=blocker)
            )
        return super().clean()


class ApiTokenForm(forms.Form):
    """A new personal API token: a name to tell it apart, what it may do, how long it lives."""

    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=80, help_text=gettext_lazy("e.g. “Phone shortcut”.")
    )
    access = forms.ChoiceField(
        label=gettext_lazy("Access"),
        choices=[("read", gettext_lazy("Read only")), ("write", gettext_lazy("Read and write"))],
        initial="read",
        widget=forms.RadioSelect,
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Expires"),
        choices=[
            ("30", gettext_lazy("In 30 days")),
            ("90", gettext_lazy("In 90 days")),
            ("365", gettext_lazy("In a year")),
            ("", gettext_lazy("Never")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        initial="90",
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not any(ch.isalnum() for ch in name):
            raise forms.ValidationError(gettext_lazy("Use at least one letter or digit."))
        return name
