"""The athlete's daily check-in (red flags first, yes/no with no default, then function,
soreness, wellness) and the staff's forms for an athlete: a note and an override."""

import datetime as dt
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext, gettext_lazy

from config.fields import SaneDateField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from .engine import wording
from .models import RED_FLAG_FIELDS, SORENESS_FIELDS, CheckIn
from .services import NOT_STARTED
from .verdict.thresholds import current_thresholds

YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]

# Plain-words questions for RF1-RF7 (DOMAIN.md §8.5); no urine and confusion apart: emergencies.
RED_FLAG_QUESTIONS = {
    "rf_dark_urine": gettext_lazy(
        "Since your workout, is your urine dark (like tea or cola), or are you peeing much less than usual?"
    ),
    "rf_no_urine": gettext_lazy("Since your workout, have you passed no urine at all?"),
    "rf_severe_pain": gettext_lazy(
        "Is any muscle pain far worse than soreness you have had before, or is a muscle swollen, very tight or hard?"
    ),
    "rf_weakness": gettext_lazy(
        "Do you have real weakness — trouble getting up from a chair, climbing stairs or lifting your leg (not just stiffness)?"
    ),
    "rf_joint_or_bone_pain": gettext_lazy(
        "Do you have sharp pain at a joint, a tender spot on a bone, pain at rest or at night, or pain on one side only after a two-legged session?"
    ),
    "rf_acute_injury": gettext_lazy(
        "Did you feel a sudden sharp pain, pop or tear during the workout, or do you have bruising or can't bear weight?"
    ),
    "rf_cardiac": gettext_lazy(
        "Have you had chest pain or pressure, fainting or near-fainting, unusual breathlessness or a racing or irregular heartbeat?"
    ),
    "rf_unwell": gettext_lazy("Do you have a fever, vomiting, or feel generally unwell?"),
    "rf_confusion": gettext_lazy("Do you feel confused, or has anyone said you seem confused?"),
}

SLEEP_CHOICES = [
    (1, gettext_lazy("1 very poor")),
    (2, gettext_lazy("2 poor")),
    (3, gettext_lazy("3 OK")),
    (4, gettext_lazy("4 good")),
    (5, gettext_lazy("5 very good")),
]
ENERGY_CHOICES = [
    (1, gettext_lazy("1 exhausted")),
    (2, gettext_lazy("2 tired")),
    (3, gettext_lazy("3 OK")),
    (4, gettext_lazy("4 fresh")),
    (5, gettext_lazy("5 very fresh")),
]


# The check-in's fields are made for each form (the soreness bands follow the thresholds in
# force), in the request's language: their words are translated once, then plain strings (a
# lazy string costs a lookup of the language at every use, and a form reads each many times).


def _now(choices) -> list[tuple]:
    return [(value, str(words)) for value, words in choices]


def _yes_no(label: "StrOrPromise") -> forms.TypedChoiceField:
    answer = gettext("Answer yes or no.")
    return forms.TypedChoiceField(
        label=str(label),
        choices=_now(YES_NO),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": answer, "invalid_choice": answer},
    )


def _scale(label: "StrOrPromise", choices, low: int, high: int, widget) -> forms.IntegerField:
    message = gettext("Choose a number from {low} to {high}.").format(low=low, high=high)
    return forms.IntegerField(
        label=str(label),
        min_value=low,
        max_value=high,
        widget=widget(choices=_now(choices)),
        error_messages={
            "required": message,
            "min_value": message,
            "max_value": message,
            "invalid": message,
        },
    )


CHECKIN_EDITABLE_DAYS = 14


def checkin_day_problem(athlete, day: dt.date) -> str:
    """Why `athlete` may not give or change the check-in of `day` (their own date), or "":
    not a day that has not started yet, nor one more than CHECKIN_EDITABLE_DAYS back."""
    today = athlete.local_today()
    if day > today:
        return str(NOT_STARTED)
    if day < today - dt.timedelta(days=CHECKIN_EDITABLE_DAYS):
        return gettext_lazy("Check-ins can be changed for {CHECKIN_EDITABLE_DAYS} days.").format(
            CHECKIN_EDITABLE_DAYS=CHECKIN_EDITABLE_DAYS
        )
    return ""


class CheckInForm(forms.Form):
    """The daily check-in. Given the `athlete` and the `day`, it also refuses a day that may
    not be checked in for (`checkin_day_problem`)."""

    def __init__(self, *args, athlete=None, day=None, thresholds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.athlete, self.day = athlete, day
        # The soreness bands as the rules in force draw them (an admin may move them).
        self.thresholds = thresholds or current_thresholds()[0]
        soreness_choices = [(n, wording.soreness_choice(n, self.thresholds)) for n in range(11)]
        for name, question in RED_FLAG_QUESTIONS.items():
            self.fields[name] = _yes_no(question)
        self.fields["can_walk_normally"] = _yes_no(
            gettext_lazy("Can you walk and take stairs normally, without limping?")
        )
        for name in SORENESS_FIELDS:
            self.fields[name] = _scale(
                CheckIn._meta.get_field(name).verbose_name,
                soreness_choices,
                0,
                10,
                forms.RadioSelect,
            )
        self.fields["sleep_quality"] = _scale(
            gettext_lazy("Sleep quality"), SLEEP_CHOICES, 1, 5, forms.RadioSelect
        )
        self.fields["energy"] = _scale(
            gettext_lazy("Energy"), ENERGY_CHOICES, 1, 5, forms.RadioSelect
        )
        self.fields["note"] = forms.CharField(
            label=gettext_lazy("Note (optional)"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

        # Every answer is a tap target: radios drawn as buttons (templates/recovery/_taps.html).
        for field in self.fields.values():
            widget = field.widget
            widget.attrs["class"] = (
                "btn-check" if isinstance(widget, forms.RadioSelect) else "form-control"
            )

    @property
    def band_text(self) -> str:
        return wording.soreness_band_text(self.thresholds)

    @property
    def red_flag_fields(self):
        return [self[name] for name in RED_FLAG_FIELDS]

    @property
    def warning_signs_cleared(self) -> bool:
        """Sent back with every warning sign answered "no" ("None of these apply"): after a
        failed submit they stay folded, as the athlete left them."""
        return self.is_bound and all(field.value() == "no" for field in self.red_flag_fields)

    @property
    def soreness_fields(self):
        return [self[name] for name in SORENESS_FIELDS]

    def clean(self):
        data = super().clean()
        known = self.athlete is not None and self.day is not None
        if known and (problem := checkin_day_problem(self.athlete, self.day)):
            raise forms.ValidationError(problem)
        return data

    @classmethod
    def for_checkin(cls, checkin: CheckIn | None) -> "CheckInForm":
        """An unbound form with `checkin`'s answers (a fresh one without it)."""
        return cls(initial=cls.initial_from(checkin) if checkin else None)

    @classmethod
    def starting_from(cls, checkin: CheckIn) -> "CheckInForm":
        """A fresh form with an earlier day's soreness, sleep and energy filled in as a start;
        warning signs, walking and the note are asked afresh."""
        return cls(
            initial={name: getattr(checkin, name) for name in (*SORENESS_FIELDS, *LATER_FIELDS)}
        )

    @classmethod
    def initial_from(cls, checkin: CheckIn) -> dict:
        initial = {
            name: ("yes" if getattr(checkin, name) else "no")
            for name in [*RED_FLAG_FIELDS, "can_walk_normally"]
        }
        initial.update(
            {
                name: getattr(checkin, name)
                for name in [*SORENESS_FIELDS, "sleep_quality", "energy", "note"]
            }
        )
        return initial


LATER_FIELDS = ("sleep_quality", "energy")


class NoteForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("New note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=gettext_lazy("Private to your gym's staff."),
    )


class OverrideForm(forms.Form):
    @staticmethod
    def initial_from(verdict, day) -> dict:
        """The form starts from the engine's verdict for the day (never below "rest": level 0
        is the athlete's own red flag, not a coach's prescription)."""
        return {"date": day, "level": max(verdict.level, 1), "max_minutes": verdict.max_minutes}

    date = SaneDateField(
        label=gettext_lazy("Day"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    level = forms.TypedChoiceField(
        label=gettext_lazy("Prescription"),
        coerce=int,
        choices=[
            (1, gettext_lazy("Rest or walk only")),
            (2, gettext_lazy("Short recovery run")),
            (3, gettext_lazy("Easy run")),
            (4, gettext_lazy("Train as planned")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    max_minutes = forms.IntegerField(
        label=gettext_lazy("Up to (minutes)"),
        min_value=0,
        max_value=300,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={
            "min_value": gettext_lazy("Between 0 and 300 minutes."),
            "max_value": gettext_lazy("Between 0 and 300 minutes."),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("Reason (the athlete sees it)"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
