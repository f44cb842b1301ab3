"""Forms for logging sessions. Values arrive in the athlete's units and time zone and leave in SI."""

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

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

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RPE_CHOICES = [("", gettext_lazy("Choose…"))] + [
    (n, f"{n} — {label}") for n, label in RPE_ANCHORS.items()
]
DURATION_PATTERN = re.compile(r"^(?:(?:(\d+):)?(\d+):)?(\d+(?:[.,]\d+)?)$")


class DurationInput(forms.CharField):
    """A duration typed as minutes ("45"), minutes:seconds ("45:30") or h:mm:ss ("1:05:30")."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Enter minutes (45), minutes and seconds (45:30) or hours (1:05:30)."
        ),
        "zero": gettext_lazy("The duration must be more than zero."),
        "too_long": gettext_lazy("The duration can't be more than 24 hours."),
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
        label=gettext_lazy("Start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy("Your local time."),
    )
    duration = DurationInput(
        label=gettext_lazy("Duration (minutes)"),
        help_text=gettext_lazy("Minutes, e.g. 45. On a keyboard, h:mm:ss works too (1:05:30)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    rpe = forms.IntegerField(
        label=gettext_lazy("Session RPE (0–10)"),
        min_value=0,
        max_value=10,
        widget=forms.Select(choices=RPE_CHOICES),
        help_text=gettext_lazy("How hard was the whole session? 0 rest … 10 maximal."),
        error_messages={
            "min_value": gettext_lazy("Session RPE must be between 0 and 10."),
            "max_value": gettext_lazy("Session RPE must be between 0 and 10."),
            "invalid": gettext_lazy("Session RPE must be a whole number from 0 to 10."),
        },
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
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
            raise forms.ValidationError(
                gettext_lazy("The start can't be more than a day in the future.")
            )
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
        label=gettext_lazy("Distance"),
        min_value=0,
        max_digits=8,
        decimal_places=3,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        error_messages={"min_value": gettext_lazy("The distance must be more than zero.")},
    )
    run_type = forms.ChoiceField(
        label=gettext_lazy("Type"), choices=RunType.choices, initial=RunType.EASY
    )
    legs_feel = forms.ChoiceField(
        label=gettext_lazy("How did your legs feel?"),
        choices=LegsFeel.choices,
        widget=forms.RadioSelect,
    )

    field_order = ["started_at", "distance", "duration", "run_type", "rpe", "legs_feel", "notes"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        unit = user.distance_unit
        self.fields["distance"].label = gettext_lazy("Distance ({unit})").format(unit=unit)

    def clean_distance(self) -> float:
        metres = to_metres(float(self.cleaned_data["distance"]), self.user.distance_unit)
        if metres <= 0:
            raise forms.ValidationError(gettext_lazy("The distance must be more than zero."))
        if metres > MAX_DISTANCE_M:
            limit = from_metres(MAX_DISTANCE_M, self.user.distance_unit)
            raise forms.ValidationError(
                gettext_lazy(
                    "That is more than {limit:,.0f} {distance_unit}: check the distance."
                ).format(limit=limit, distance_unit=self.user.distance_unit)
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
    groups: dict[Any, list] = {gettext_lazy("Recent"): recently}
    groups.update({label: [] for _, label in Region.choices})
    groups[gettext_lazy("Other")] = []
    for exercise in exercises:
        regions = {group.region for group in exercise.muscle_groups.all()}
        if exercise.lower_body:
            label = Region.LOWER.label
        elif Region.UPPER in regions:
            label = Region.UPPER.label
        elif Region.CORE in regions:
            label = Region.CORE.label
        else:
            label = gettext_lazy("Other")
        groups[label].append((exercise.pk, exercise.name))
    return [("", gettext_lazy("Choose an exercise…"))] + [
        (label, items) for label, items in groups.items() if items
    ]


def _count_field(
    label: "StrOrPromise", maximum: int, required_message: "StrOrPromise"
) -> forms.IntegerField:
    out_of_range = gettext_lazy("{label} must be between 1 and {maximum}.").format(
        label=label, maximum=maximum
    )
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
        label=gettext_lazy("Exercise"),
        coerce=int,
        error_messages={"required": gettext_lazy("Choose an exercise for this row.")},
    )
    sets = _count_field(gettext_lazy("Sets"), MAX_SETS, gettext_lazy("How many sets?"))
    reps = _count_field(gettext_lazy("Reps"), MAX_REPS, gettext_lazy("How many reps per set?"))
    load = forms.DecimalField(
        label=gettext_lazy("Load"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        error_messages={"min_value": gettext_lazy("The load can't be negative.")},
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )

    def __init__(self, *args, exercises, weight_unit, recent=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.exercises = exercises
        self.weight_unit = weight_unit
        self.fields["exercise"].choices = exercise_choices(exercises.values(), recent)
        self.fields["load"].label = gettext_lazy("Load ({weight_unit})").format(
            weight_unit=weight_unit
        )
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
                gettext_lazy("The load must be at most {limit:,.0f} {weight_unit}.").format(
                    limit=limit, weight_unit=self.weight_unit
                )
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
            raise forms.ValidationError(gettext_lazy("Add at least one exercise."))

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
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All sessions")), *Kind.choices],
    )
    date_from = SaneDateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = SaneDateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", gettext_lazy("“To” must be on or after “From”."))
        return data


class LegsFeelForm(forms.Form):
    """The two-tap question after a run that followed a leg day."""

    legs_feel = forms.ChoiceField(
        choices=LegsFeel.choices,
        error_messages={
            "required": gettext_lazy("Pick how your legs felt: fresh, heavy, sore or painful."),
            "invalid_choice": gettext_lazy(
                "Pick how your legs felt: fresh, heavy, sore or painful."
            ),
        },
    )
