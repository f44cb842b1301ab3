"""The exercise library (`/training/exercises/`): every active exercise of the catalogue,
searchable by name, muscle group and equipment, and each one's page — how it is done, its
cues and common mistakes, the muscles it loads, how much eccentric load it brings (what the
recovery rules read), easier and harder variations, and the athlete's 1RM where known."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from config.fields import text_from_query

from . import prescriptions, selectors, services
from .models import MuscleGroup
from .units import from_kg, to_kg


class OneRmForm(forms.Form):
    """Your 1RM for an exercise, in your unit; empty goes back to the estimate."""

    one_rm = forms.DecimalField(
        label=gettext_lazy("Your 1RM"),
        required=False,
        min_value=1,
        max_digits=6,
        decimal_places=1,
        error_messages={"min_value": gettext_lazy("A 1RM is at least 1.")},
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
    )

    def __init__(self, *args, unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["one_rm"].label = gettext_lazy("Your 1RM ({unit})").format(unit=unit)

    def clean_one_rm(self) -> float | None:
        value = self.cleaned_data["one_rm"]
        if value is None:
            return None
        kg = to_kg(float(value), self.unit)
        if kg > 1000:
            raise forms.ValidationError(
                gettext_lazy("At most {value:,.0f} {unit}.").format(
                    value=from_kg(1000, self.unit), unit=self.unit
                )
            )
        return kg


@require_GET
def exercise_list(request):
    query = text_from_query(request.GET.get("q"), 80)
    group = text_from_query(request.GET.get("muscle"), 32)
    exercises = selectors.library(query=query, muscle=group)
    context = {
        "exercises": exercises,
        "query": query,
        "muscle": group,
        "muscles": MuscleGroup.objects.all(),
    }
    return render(request, "training/exercises.html", context)


@require_GET
def exercise_detail(request, slug: str):
    return _detail(request, slug)


def _detail(request, slug: str, form=None, status=200):
    exercise = get_object_or_404(selectors.library(), slug=slug)
    one_rm = prescriptions.one_rep_maxes(request.user).get(exercise.pk)
    unit = request.user.weight_unit
    if form is None:
        initial = {"one_rm": round(from_kg(one_rm.kg, unit), 1)} if one_rm else {}
        form = OneRmForm(initial=initial, unit=unit)
    context = {"exercise": exercise, "one_rm": one_rm, "form": form}
    return render(request, "training/exercise.html", context, status=status)


@require_POST
def one_rm_set(request, slug: str):
    """Set your 1RM for an exercise (or clear it, back to the estimate from your sets)."""
    exercise = get_object_or_404(selectors.library(), slug=slug)
    form = OneRmForm(request.POST, unit=request.user.weight_unit)
    if not form.is_valid():
        return _detail(request, slug, form=form, status=422)
    kg = form.cleaned_data["one_rm"]
    services.one_rep_max_set(athlete=request.user, exercise=exercise, kg=kg)
    messages.success(
        request,
        gettext_lazy("1RM saved.")
        if kg
        else gettext_lazy("1RM cleared: the estimate from your sets."),
    )
    return redirect(exercise)
