"""The planning forms: a planned run, a planned leg day, the week suggester's question and a
week template (the suggester's question with a name and a gym)."""

from django import forms

from accounts import selectors as account_selectors
from accounts.models import Gym
from config.fields import SaneDateField
from training.models import Exercise, LegIntensity, RunType

from ..engine import weekplan


class PlanForm(forms.Form):
    date = SaneDateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    run_type = forms.ChoiceField(
        label="Type", choices=RunType.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    minutes = forms.IntegerField(
        label="Minutes",
        min_value=5,
        max_value=600,
        error_messages={
            "min_value": "Plan between 5 and 600 minutes.",
            "max_value": "Plan between 5 and 600 minutes.",
        },
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    time = forms.TimeField(
        label="Time of day (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}),
        help_text="Without one, the guard assumes the run could be at any time of the day.",
    )


class LegPlanForm(forms.Form):
    date = SaneDateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    intensity = forms.ChoiceField(
        label="How hard", choices=LegIntensity.choices, initial=LegIntensity.HARD,
        widget=forms.RadioSelect,
        help_text="Hard: heavy or many sets close to failure. Light: easy sets, well short of it.",
    )  # fmt: skip
    time = forms.TimeField(
        label="Time of day (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}),
        help_text="Without one, the guard counts it as an evening session (18:00).",
    )
    exercises = forms.ModelMultipleChoiceField(
        label="Exercises (optional)",
        queryset=Exercise.objects.filter(is_active=True, lower_body=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


DAY_CHOICES = [("", "No")] + [(str(n), name) for n, name in enumerate(weekplan.DAYS)]


class SuggestForm(forms.Form):
    leg_days = forms.TypedChoiceField(
        label="Leg days", choices=[(n, n) for n in range(5)], coerce=int, initial=2
    )
    runs = forms.TypedChoiceField(
        label="Runs", choices=[(n, n) for n in range(8)], coerce=int, initial=3
    )
    key_runs = forms.TypedChoiceField(
        label="Of the runs, key sessions (long, tempo, intervals, hills, race)",
        choices=[(n, n) for n in range(4)],
        coerce=int,
        initial=1,
    )
    light_legs = forms.BooleanField(label="Light leg days (not hard ones)", required=False)
    long_run_day = forms.ChoiceField(
        label="A long run fixed on (morning)", choices=DAY_CHOICES, required=False
    )
    leg_class_day = forms.ChoiceField(
        label="A leg class fixed on (evening)", choices=DAY_CHOICES, required=False
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["key_runs"] > data["runs"]:
            self.add_error("key_runs", "Key sessions are among the runs: at most as many as runs.")
            return data
        if data.get("long_run_day") and (data["runs"] < 1 or data["key_runs"] < 1):
            self.add_error("long_run_day", "A fixed long run counts as a run and a key session.")
        if data.get("leg_class_day") and data["leg_days"] < 1:
            self.add_error("leg_class_day", "A fixed leg class counts as one of the leg days.")
        return data

    def request_for(self, athlete, thresholds) -> weekplan.WeekRequest:
        return week_request(athlete, thresholds, self.cleaned_data)


def week_request(athlete, thresholds, data: dict) -> weekplan.WeekRequest:
    """The suggester's question for `athlete` (their level and goal) from the counts and
    commitments in `data` (a SuggestForm's, or a week template's fields)."""
    fixed = []
    if data.get("long_run_day") not in (None, ""):
        day = int(data["long_run_day"])
        fixed.append(weekplan.Session(day, "am", "run", True, True, "long run"))
    if data.get("leg_class_day") not in (None, ""):
        day = int(data["leg_class_day"])
        fixed.append(weekplan.Session(day, "pm", "leg", not data["light_legs"], True, "leg class"))
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
    name = forms.CharField(label="Name", max_length=80)
    gym = forms.ModelChoiceField(label="Gym", queryset=Gym.objects.none(), empty_label=None)

    field_order = ["name", "gym"]

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gym"].queryset = account_selectors.staff_gyms(staff).order_by("name")
