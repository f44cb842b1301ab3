"""The exercise library (`/training/exercises/`): every active exercise of the catalogue,
searchable by name, muscle group and equipment, and each one's page — how it is done, its
cues and common mistakes, the muscles it loads, how much eccentric load it brings (what the
recovery rules read), easier and harder variations, and the athlete's 1RM where known."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import prescriptions, selectors
from .models import MuscleGroup


@require_GET
def exercise_list(request):
    query = request.GET.get("q", "")[:80].strip()
    group = request.GET.get("muscle", "")[:32]
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
    exercise = get_object_or_404(selectors.library(), slug=slug)
    one_rm = prescriptions.one_rep_maxes(request.user).get(exercise.pk)
    context = {"exercise": exercise, "one_rm": one_rm}
    return render(request, "training/exercise.html", context)
