"""Forms for logging sessions. Values arrive in the athlete's units and time zone and leave in SI."""

import datetime as dt
import re
from collections.abc import Sequence

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from config.fields import SaneDateField

from .models import (
    MAX_DISTANCE_M,
    MAX_DURATION_S,
    MAX_LOAD_KG,
    MAX_REPS,
    MAX_SETS,
    NOTES_MAX_LENGTH,
    RPE_ANCHORS,
    Kind,
    LegsFeel,
    Region,
    RunType,
)
from .services import MAX_FUTURE_START, EntryData
from .units import format_duration, from_kg, from_metres, to_kg, to_metres

RPE_CHOICES = [("", "Choose…")] + [(n, f"{n} — {label}") for n, label in RPE_ANCHORS.items()]
DURATION_PATTERN = re.compile(r"^(?:(?:(\d+):)?(\d+):)?(\d+(?:[.,]\d+)?)$")


class DurationInput(forms.CharField):
    """A duration typed as minutes ("45"), minutes:seconds ("45:30") or h:mm:ss ("1:05:30")."""

    default_error_messages = {
        "invalid": "Enter minutes (45), minutes and seconds (45:30) or hours (1:05:30).",
        "zero": "The duration must be more than zero.",
        "too_long": "The duration can't be more than 24 hours.",
    }

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        if len(value) > 12:  # "1:05:30" is 7; anything this long is no duration
            raise forms.ValidationError(self.error_messages["too_long"], code="too_long")
        if value.startswith("-"):
            raise forms.ValidationError(self.error_messages["zero"], code="zero")
        match = DURATION_PATTERN.match(value)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        hours, minutes, last = match.groups()
        last = float(last.replace(",", "."))
        if minutes is None:  # a single number is minutes
            seconds = last * 60
        else:
            seconds = int(hours or 0) * 3600 + int(minutes) * 60 + last
        seconds = round(seconds)
        if seconds <= 0:
            raise forms.ValidationError(self.error_messages["zero"], code="zero")
        if seconds > MAX_DURATION_S:
            raise forms.ValidationError(self.error_messages["too_long"], code="too_long")
        return seconds

    def prepare_value(self, value):
        if isinstance(value, int):  # seconds from the instance
            minutes, seconds = divmod(value, 60)
            return str(minutes) if not seconds else format_duration(value)
        return value


class SessionForm(forms.Form):
    """Fields every session has. `user` sets the time zone and units."""

    started_at = forms.DateTimeField(
        label="Start",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Your local time.",
    )
    duration = DurationInput(
        label="Duration (minutes)",
        help_text="Minutes, e.g. 45. On a keyboard, h:mm:ss works too (1:05:30).",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    rpe = forms.IntegerField(
        label="Session RPE (0–10)",
        min_value=0,
        max_value=10,
        widget=forms.Select(choices=RPE_CHOICES),
        help_text="How hard was the whole session? 0 rest … 10 maximal.",
        error_messages={
            "min_value": "Session RPE must be between 0 and 10.",
            "max_value": "Session RPE must be between 0 and 10.",
            "invalid": "Session RPE must be a whole number from 0 to 10.",
        },
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.is_bound and "started_at" not in self.initial:
            self.initial["started_at"] = timezone.localtime(timezone.now(), user.tz).replace(
                second=0, microsecond=0
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_started_at(self) -> dt.datetime:
        started_at = self.cleaned_data["started_at"]
        if started_at > timezone.now() + MAX_FUTURE_START:
            raise forms.ValidationError("The start can't be more than a day in the future.")
        return started_at

    def session_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "started_at": data["started_at"],
            "duration_s": data["duration"],
            "rpe": data["rpe"],
            "rpe_estimated": False,  # the athlete gave (or confirmed) the effort
            "notes": data["notes"],
        }

    @classmethod
    def initial_from(cls, session) -> dict:
        return {
            "started_at": session.started_at,
            "duration": session.duration_s,
            "rpe": session.rpe,
            "notes": session.notes,
        }


class StrengthForm(SessionForm):
    kind = Kind.STRENGTH


class RunForm(SessionForm):
    kind = Kind.RUN

    distance = forms.DecimalField(
        label="Distance",
        min_value=0,
        max_digits=8,
        decimal_places=3,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        error_messages={"min_value": "The distance must be more than zero."},
    )
    run_type = forms.ChoiceField(label="Type", choices=RunType.choices, initial=RunType.EASY)
    legs_feel = forms.ChoiceField(
        label="How did your legs feel?", choices=LegsFeel.choices, widget=forms.RadioSelect
    )

    field_order = ["started_at", "distance", "duration", "run_type", "rpe", "legs_feel", "notes"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        unit = user.distance_unit
        self.fields["distance"].label = f"Distance ({unit})"

    def clean_distance(self) -> float:
        metres = to_metres(float(self.cleaned_data["distance"]), self.user.distance_unit)
        if metres <= 0:
            raise forms.ValidationError("The distance must be more than zero.")
        if metres > MAX_DISTANCE_M:
            limit = from_metres(MAX_DISTANCE_M, self.user.distance_unit)
            raise forms.ValidationError(
                f"That is more than {limit:,.0f} {self.user.distance_unit}: check the distance."
            )
        return metres

    def session_fields(self) -> dict:
        data = self.cleaned_data
        return {
            **super().session_fields(),
            "distance_m": data["distance"],
            "run_type": data["run_type"],
            "legs_feel": data["legs_feel"],
        }

    @classmethod
    def initial_from(cls, session, user=None) -> dict:
        unit = user.distance_unit if user else "km"
        return {
            **super().initial_from(session),
            "distance": round(from_metres(session.distance_m, unit), 3),
            "run_type": session.run_type,
            "legs_feel": session.legs_feel,
        }


def exercise_choices(exercises, recent: Sequence[int] = ()) -> list:
    """Exercises grouped by region for the select's <optgroup>s, the athlete's `recent` ones
    (ids, newest first) in a group of their own at the top."""
    names = {exercise.pk: exercise.name for exercise in exercises}
    recently = [(pk, names[pk]) for pk in recent if pk in names]
    groups: dict[str, list] = {"Recent": recently}
    groups.update({label: [] for _, label in Region.choices})
    groups["Other"] = []
    for exercise in exercises:
        regions = {group.region for group in exercise.muscle_groups.all()}
        if exercise.lower_body:
            label = Region.LOWER.label
        elif Region.UPPER in regions:
            label = Region.UPPER.label
        elif Region.CORE in regions:
            label = Region.CORE.label
        else:
            label = "Other"
        groups[label].append((exercise.pk, exercise.name))
    return [("", "Choose an exercise…")] + [
        (label, items) for label, items in groups.items() if items
    ]


def _count_field(label: str, maximum: int, required_message: str) -> forms.IntegerField:
    out_of_range = f"{label} must be between 1 and {maximum}."
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=maximum,
        error_messages={
            "required": required_message,
            "min_value": out_of_range,
            "max_value": out_of_range,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class EntryForm(forms.Form):
    """One exercise row. A row left completely empty is ignored."""

    exercise = forms.TypedChoiceField(
        label="Exercise",
        coerce=int,
        error_messages={"required": "Choose an exercise for this row."},
    )
    sets = _count_field("Sets", MAX_SETS, "How many sets?")
    reps = _count_field("Reps", MAX_REPS, "How many reps per set?")
    load = forms.DecimalField(
        label="Load",
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        error_messages={"min_value": "The load can't be negative."},
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )

    def __init__(self, *args, exercises, weight_unit, recent=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.exercises = exercises
        self.weight_unit = weight_unit
        self.fields["exercise"].choices = exercise_choices(exercises.values(), recent)
        self.fields["load"].label = f"Load ({weight_unit})"
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name == "exercise" else "form-control"

    def clean_load(self) -> float | None:
        load = self.cleaned_data["load"]
        if load is None:
            return None
        kg = to_kg(float(load), self.weight_unit)
        if kg > MAX_LOAD_KG:
            limit = from_kg(MAX_LOAD_KG, self.weight_unit)
            raise forms.ValidationError(
                f"The load must be at most {limit:,.0f} {self.weight_unit}."
            )
        return kg

    def entry(self) -> EntryData:
        data = self.cleaned_data
        return EntryData(
            exercise=self.exercises[data["exercise"]],
            sets=data["sets"],
            reps=data["reps"],
            load_kg=data["load"],
        )


class BaseEntryFormSet(forms.BaseFormSet):
    """Exercise rows. Every row may be left empty and is then ignored, but a session needs one."""

    def initial_form_count(self) -> int:
        return 0

    def total_form_count(self) -> int:
        if self.is_bound:
            return super().total_form_count()
        return max(len(self.initial or []), 1)

    def clean(self):
        if any(self.errors):
            return
        if not any(form.has_changed() for form in self.forms):
            raise forms.ValidationError("Add at least one exercise.")

    def entries(self) -> list[EntryData]:
        return [form.entry() for form in self.forms if form.has_changed() and form.cleaned_data]


EntryFormSet = forms.formset_factory(
    EntryForm, formset=BaseEntryFormSet, extra=0, max_num=40, absolute_max=60, validate_max=True
)


def entry_initial(session, weight_unit: str) -> list[dict]:
    return [
        {
            "exercise": entry.exercise_id,
            "sets": entry.sets,
            "reps": entry.reps,
            "load": None
            if entry.load_kg is None
            else round(from_kg(entry.load_kg, weight_unit), 2),
        }
        for entry in session.entries.all()
    ]


class HistoryFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All sessions"), *Kind.choices]
    )
    date_from = SaneDateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = SaneDateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "“To” must be on or after “From”.")
        return data


class LegsFeelForm(forms.Form):
    """The two-tap question after a run that followed a leg day."""

    legs_feel = forms.ChoiceField(
        choices=LegsFeel.choices,
        error_messages={
            "required": "Pick how your legs felt: fresh, heavy, sore or painful.",
            "invalid_choice": "Pick how your legs felt: fresh, heavy, sore or painful.",
        },
    )
