"""Forms for settings, gyms and account deletion. Validation only; services do the writing."""

import zoneinfo
from functools import cache

from crispy_forms.helper import FormHelper
from django import forms

from .models import FITNESS_LEVEL_HELP, PROFILE_FIELDS, REMINDER_FIELDS, FitnessLevel, Role, User


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        # Legacy aliases ("US/Eastern", "Etc/GMT+5", "EST5EDT") confuse more than help.
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


class SettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label="Time zone",
        help_text="Reminders and “today” follow this zone.",
    )
    fitness_level = forms.ChoiceField(
        label="Fitness level",
        widget=forms.RadioSelect,
        choices=[
            (value, f"{label} — {FITNESS_LEVEL_HELP[value]}")
            for value, label in FitnessLevel.choices
        ],
        help_text="Sets how long hard running waits after a hard leg day.",
    )

    class Meta:
        model = User
        fields = [*PROFILE_FIELDS, *REMINDER_FIELDS]
        labels = {
            "display_name": "Display name",
            "distance_unit": "Distance unit",
            "weight_unit": "Weight unit",
            "body_mass_kg": "Body mass (kg)",
            "goal": "Goal",
            "reminder_time": "Reminder time",
            "remind_next_day": "Next-day reminder (the morning after a leg day)",
            "remind_day_2": "Day-2 reminder (when soreness usually peaks)",
            "remind_by_email": "Send reminders by email",
            "remind_in_app": "Show reminders in the app",
        }
        help_texts = {
            "display_name": "How coaches and the app address you.",
            "weight_unit": "For the loads you lift.",
            "body_mass_kg": "Optional. Used only to suggest protein grams after leg day.",
            "reminder_time": "Your local time, e.g. 07:00.",
        }
        widgets = {
            "reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "body_mass_kg": forms.NumberInput(attrs={"step": "0.1", "min": 25, "max": 350}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["display_name"].required = False
        self.fields["reminder_time"].error_messages["invalid"] = (
            "Enter a time as hours and minutes, e.g. 07:00."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if name and not any(ch.isalnum() for ch in name):
            raise forms.ValidationError("Use at least one letter or digit.")
        return name


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label="Invitation code",
        max_length=32,
        help_text="The code your gym gave you, e.g. K7PQ2MXR4D.",
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class InvitationForm(forms.Form):
    gym = forms.ModelChoiceField(queryset=None, label="Gym", empty_label=None)
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
