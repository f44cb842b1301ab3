"""A FIT strength workout's sets as exercise rows of this catalogue: Garmin's exercise
categories mapped to the exercise list, one row per exercise in the order done."""

import statistics

from . import services
from .models import Exercise

# Garmin exercise categories (FIT `set` messages) -> this catalogue's exercises; a word in the
# subtype's name picks a closer one ("romanian" deadlift, "front" squat).
CATEGORY_EXERCISES = {
    "squat": ("Back squat", {"front": "Front squat", "goblet": "Goblet squat",
                             "split": "Bulgarian split squat", "pistol": "Pistol squat",
                             "jump": "Jump squat", "hack": "Hack squat"}),
    "deadlift": ("Deadlift", {"single_leg": "Single-leg Romanian deadlift",
                              "romanian": "Romanian deadlift", "sumo": "Sumo deadlift"}),
    "lunge": ("Walking lunge", {"reverse": "Reverse lunge", "lateral": "Lateral lunge",
                                "side": "Lateral lunge", "split": "Bulgarian split squat"}),
    "leg_curl": ("Leg curl", {"nordic": "Nordic curl"}),
    "calf_raise": ("Standing calf raise", {"seated": "Seated calf raise"}),
    "hip_raise": ("Glute bridge", {"thrust": "Hip thrust"}),
    "hip_swing": ("Kettlebell swing", {}),
    "plyo": ("Box jump", {"depth": "Depth jump", "squat": "Jump squat"}),
    "step_up": ("Step-up", {}),
    "bench_press": ("Bench press", {}),
    "push_up": ("Push-up", {}),
    "pull_up": ("Pull-up", {"lat": "Lat pulldown"}),
    "shoulder_press": ("Overhead press", {}),
    "row": ("Barbell row", {"cable": "Seated cable row"}),
    "curl": ("Biceps curl", {}),
    "plank": ("Plank", {}),
}  # fmt: skip


def entries(sets) -> tuple[list[services.EntryData], set[str]]:
    """One row per exercise, in the order done: how many sets, the usual reps, the top load."""
    catalogue = {e.name: e for e in Exercise.objects.filter(is_active=True)}
    grouped: dict[str, list] = {}
    unknown = set()
    for one in sets:
        default, closer = CATEGORY_EXERCISES.get(one.category, (None, {}))
        name = next((n for word, n in closer.items() if word in one.exercise), default)
        if name not in catalogue:
            unknown.add(one.category.replace("_", " "))
            continue
        grouped.setdefault(name, []).append(one)
    entries = []
    for name, done in grouped.items():
        reps = [s.reps for s in done if s.reps] or [1]
        loads = [s.weight_kg for s in done if s.weight_kg]
        entries.append(
            services.EntryData(
                exercise=catalogue[name],
                sets=min(len(done), 50),
                reps=min(round(statistics.median(reps)), 500),
                load_kg=min(max(loads), 1000) if loads else None,
            )
        )
    return entries, unknown
