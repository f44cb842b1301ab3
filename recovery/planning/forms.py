"""The planning forms: a planned run, a planned leg day, the week suggester's question and a
week template (the suggester's question with a name and a gym)."""

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy, gettext_noop

from accounts import selectors as account_selectors
from accounts.models import Gym
from config.fields import SaneDateField
from training.forms import exercise_choices
from training.models import Exercise, LegIntensity, LoadKind, PrescribedRow, RunType
from training.prescribed import MAX_HOLD_S, MAX_PERCENT, ROW_NOTE_MAX_LENGTH
from training.units import from_kg, to_kg

from ..engine import weekplan

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PlanForm(forms.Form):
    date = SaneDateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    run_type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        choices=RunType.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    minutes = forms.IntegerField(
        label=gettext_lazy("Minutes"),
        min_value=5,
        max_value=600,
        error_messages={
            "min_value": gettext_lazy("Plan between 5 and 600 minutes."),
            "max_value": gettext_lazy("Plan between 5 and 600 minutes."),
        },
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    time = forms.TimeField(
        label=gettext_lazy("Time of day (optional)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}),
        help_text=gettext_lazy(
            "Without one, the guard assumes the run could be at any time of the day."
        ),
    )


class LegPlanForm(forms.Form):
    date = SaneDateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    intensity = forms.ChoiceField(
        label=gettext_lazy("How hard"), choices=LegIntensity.choices, initial=LegIntensity.HARD,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Hard: heavy or many sets close to failure. Light: easy sets, well short of it. "
        "With a prescription below, the planner judges it from the prescription instead."),
    )  # fmt: skip
    time = forms.TimeField(
        label=gettext_lazy("Time of day (optional)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}),
        help_text=gettext_lazy("Without one, the guard counts it as an evening session (18:00)."),
    )
    exercises = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Exercises (optional)"),
        queryset=Exercise.objects.filter(is_active=True, lower_body=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _small_number(
    label: "StrOrPromise", low: int, high: int, required: bool = False
) -> forms.IntegerField:
    message = gettext_lazy("{label} must be between {low} and {high}.").format(
        label=label, low=low, high=high
    )
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        error_messages={"min_value": message, "max_value": message, "required": f"{label}?"},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control"}),
    )


LOAD_LIMITS = {  # kind: (lowest, highest, words)
    LoadKind.KG: (0, 1000, gettext_lazy("a weight")),
    LoadKind.PERCENT: (1, MAX_PERCENT, gettext_lazy("a percentage of 1RM (1–100)")),
    LoadKind.RPE: (1, 10, gettext_lazy("a target RPE (1–10)")),
    LoadKind.RIR: (0, 9, gettext_lazy("reps in reserve (0–9)")),
}


class RowForm(forms.Form):
    """One prescribed exercise: sets, reps (or a range, or a hold's seconds), a load of one
    kind, a note. A row left empty is ignored."""

    exercise = forms.TypedChoiceField(
        label=gettext_lazy("Exercise"),
        coerce=int,
        error_messages={"required": gettext_lazy("Choose an exercise.")},
    )
    sets = _small_number(gettext_lazy("Sets"), 1, 50)
    reps = _small_number(gettext_lazy("Reps"), 1, 500)
    reps_max = _small_number(gettext_lazy("Up to reps"), 1, 500)
    seconds = _small_number(gettext_lazy("Or hold (s)"), 1, MAX_HOLD_S)
    load_kind = forms.ChoiceField(
        label=gettext_lazy("Load as"),
        choices=LoadKind.choices,
        initial=LoadKind.NONE,
        required=False,
    )
    load = forms.DecimalField(
        label=gettext_lazy("Load"),
        required=False,
        max_digits=6,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=ROW_NOTE_MAX_LENGTH
    )

    def __init__(self, *args, exercises, weight_unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercises, self.weight_unit = exercises, weight_unit
        self.fields["exercise"].choices = exercise_choices(exercises.values())
        self.fields["load"].help_text = gettext_lazy("Weight in {weight_unit}").format(
            weight_unit=weight_unit
        )
        for name, field in self.fields.items():
            field.widget.attrs.setdefault(
                "class", "form-select" if name in ("exercise", "load_kind") else "form-control"
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("sets") is None:
            self.add_error("sets", gettext_lazy("How many sets?"))
        if data.get("reps") is None and data.get("seconds") is None:
            self.add_error("reps", gettext_lazy("Give reps, or seconds for a hold."))
        if data.get("reps_max") is not None and data["reps_max"] < (data.get("reps") or 0):
            self.add_error(
                "reps_max", gettext_lazy("The top of the range can't be below its bottom.")
            )
        kind, load = data.get("load_kind") or LoadKind.NONE, data.get("load")
        if kind == LoadKind.NONE and load is not None:
            self.add_error(
                "load_kind", gettext_lazy("Say what the load is: a weight, % of 1RM, RPE or RIR.")
            )
        elif kind != LoadKind.NONE:
            low, high, words = LOAD_LIMITS[kind]
            value = None if load is None else float(load)
            if kind == LoadKind.KG and value is not None:
                value = to_kg(value, self.weight_unit)
            if value is None or not low <= value <= high:
                self.add_error("load", gettext_lazy("Give {words}.").format(words=words))
            data["load"] = value
        data["load_kind"] = kind
        return data

    def row(self) -> PrescribedRow:
        data = self.cleaned_data
        return PrescribedRow(
            exercise=self.exercises[data["exercise"]],
            sets=data["sets"],
            reps=data.get("reps"),
            reps_max=data.get("reps_max"),
            seconds=data.get("seconds"),
            load_kind=data["load_kind"],
            load=data["load"] if data["load_kind"] != LoadKind.NONE else None,
            note=data.get("note", ""),
        )


class BaseRowFormSet(forms.BaseFormSet):
    """Rows to fill in; a saved prescription's rows come first (as `initial`), each of them
    free to be changed or emptied (an empty row is dropped), then empty ones."""

    def initial_form_count(self) -> int:
        return 0

    def total_form_count(self) -> int:
        if self.is_bound:
            return super().total_form_count()
        return len(self.initial or []) + self.extra

    def valid(self) -> bool:
        """Valid, or not posted at all (a client that sends no prescription sends no rows)."""
        return not self.is_bound or self.is_valid()

    def rows(self) -> list[PrescribedRow]:
        if not self.is_bound:
            return []
        return [form.row() for form in self.forms if form.has_changed() and form.cleaned_data]


RowFormSet = forms.formset_factory(
    RowForm, formset=BaseRowFormSet, extra=6, max_num=20, absolute_max=30, validate_max=True
)
ROWS_PREFIX = "rows"


def row_formset(data, *, exercises: dict, weight_unit: str, initial=None) -> BaseRowFormSet:
    """The prescription rows of a POST (bound only when it carries them), or rows to fill
    in (a saved prescription's first: `initial`)."""
    posted = data if data and f"{ROWS_PREFIX}-TOTAL_FORMS" in data else None
    formset = RowFormSet(
        posted,
        initial=None if posted else initial,  # a posted row is what it says, not a change
        prefix=ROWS_PREFIX,
        form_kwargs={"exercises": exercises, "weight_unit": weight_unit},
    )
    assert isinstance(formset, BaseRowFormSet)
    return formset


DAY_CHOICES = [("", gettext_lazy("No"))] + [
    (str(n), gettext_lazy(name)) for n, name in enumerate(weekplan.DAYS)
]


class SuggestForm(forms.Form):
    leg_days = forms.TypedChoiceField(
        label=gettext_lazy("Leg days"), choices=[(n, n) for n in range(5)], coerce=int, initial=2
    )
    runs = forms.TypedChoiceField(
        label=gettext_lazy("Runs"), choices=[(n, n) for n in range(8)], coerce=int, initial=3
    )
    key_runs = forms.TypedChoiceField(
        label=gettext_lazy("Of the runs, key sessions (long, tempo, intervals, hills, race)"),
        choices=[(n, n) for n in range(4)],
        coerce=int,
        initial=1,
    )
    light_legs = forms.BooleanField(
        label=gettext_lazy("Light leg days (not hard ones)"), required=False
    )
    long_run_day = forms.ChoiceField(
        label=gettext_lazy("A long run fixed on (morning)"), choices=DAY_CHOICES, required=False
    )
    leg_class_day = forms.ChoiceField(
        label=gettext_lazy("A leg class fixed on (evening)"), choices=DAY_CHOICES, required=False
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["key_runs"] > data["runs"]:
            self.add_error(
                "key_runs",
                gettext_lazy("Key sessions are among the runs: at most as many as runs."),
            )
            return data
        if data.get("long_run_day") and (data["runs"] < 1 or data["key_runs"] < 1):
            self.add_error(
                "long_run_day", gettext_lazy("A fixed long run counts as a run and a key session.")
            )
        if data.get("leg_class_day") and data["leg_days"] < 1:
            self.add_error(
                "leg_class_day", gettext_lazy("A fixed leg class counts as one of the leg days.")
            )
        return data

    def request_for(self, athlete, thresholds) -> weekplan.WeekRequest:
        return week_request(athlete, thresholds, self.cleaned_data)


def week_request(athlete, thresholds, data: dict) -> weekplan.WeekRequest:
    """The suggester's question for `athlete` (their level and goal) from the counts and
    commitments in `data` (a SuggestForm's, or a week template's fields)."""
    fixed = []
    if data.get("long_run_day") not in (None, ""):
        day = int(data["long_run_day"])
        fixed.append(weekplan.Session(day, "am", "run", True, True, gettext_noop("long run")))
    if data.get("leg_class_day") not in (None, ""):
        day = int(data["leg_class_day"])
        fixed.append(
            weekplan.Session(
                day, "pm", "leg", not data["light_legs"], True, gettext_noop("leg class")
            )
        )
    return weekplan.WeekRequest(
        level=athlete.fitness_level,
        goal=athlete.goal,
        leg_days=data["leg_days"],
        runs=data["runs"],
        key_runs=data["key_runs"],
        light_legs=data["light_legs"],
        fixed=tuple(fixed),
        thresholds=thresholds,
    )


class TemplateForm(SuggestForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=80)
    gym = forms.ModelChoiceField(
        label=gettext_lazy("Gym"), queryset=Gym.objects.none(), empty_label=None
    )

    field_order = ["name", "gym"]

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gym"].queryset = account_selectors.staff_gyms(staff).order_by("name")


def leg_plan_initial(plan, weight_unit: str) -> tuple[dict, list[dict]]:
    """A saved leg day as the plan form and its rows start when it is changed."""
    initial = {
        "date": plan.date,
        "time": plan.time,
        "intensity": plan.intensity,
        "exercises": list(plan.exercises.all()),
    }
    rows = [
        {
            "exercise": row.exercise_id,
            "sets": row.sets,
            "reps": row.reps,
            "reps_max": row.reps_max,
            "seconds": row.seconds,
            "load_kind": row.load_kind,
            "load": round(from_kg(row.load, weight_unit), 1)
            if row.load_kind == LoadKind.KG and row.load is not None
            else row.load,
            "note": row.note,
        }
        for row in plan.rows.all()
    ]
    return initial, rows
