"""Seed the muscle groups and a starting catalogue of common exercises (editable in the admin)."""

from django.db import migrations

MUSCLE_GROUPS = [
    # slug, name, region
    ("quads", "Quads", "lower"),
    ("hamstrings", "Hamstrings", "lower"),
    ("glutes", "Glutes", "lower"),
    ("calves", "Calves", "lower"),
    ("adductors", "Adductors", "lower"),
    ("chest", "Chest", "upper"),
    ("back", "Back", "upper"),
    ("shoulders", "Shoulders", "upper"),
    ("biceps", "Biceps", "upper"),
    ("triceps", "Triceps", "upper"),
    ("core", "Core", "core"),
]

# name, muscle groups, lower_body, eccentric_heavy
EXERCISES = [
    ("Back squat", "quads glutes adductors", True, True),
    ("Front squat", "quads glutes", True, True),
    ("Goblet squat", "quads glutes", True, True),
    ("Hack squat", "quads glutes", True, True),
    ("Pistol squat", "quads glutes", True, True),
    ("Walking lunge", "quads glutes adductors", True, True),
    ("Reverse lunge", "quads glutes", True, True),
    ("Lateral lunge", "adductors quads glutes", True, True),
    ("Bulgarian split squat", "quads glutes", True, True),
    ("Step-down", "quads glutes", True, True),
    ("Step-up", "quads glutes", True, False),
    ("Deadlift", "hamstrings glutes back", True, False),
    ("Sumo deadlift", "glutes adductors hamstrings quads", True, False),
    ("Romanian deadlift", "hamstrings glutes", True, True),
    ("Single-leg Romanian deadlift", "hamstrings glutes", True, True),
    ("Good morning", "hamstrings glutes", True, True),
    ("Nordic curl", "hamstrings", True, True),
    ("Leg press", "quads glutes", True, False),
    ("Leg extension", "quads", True, False),
    ("Leg curl", "hamstrings", True, False),
    ("Hip thrust", "glutes hamstrings", True, False),
    ("Glute bridge", "glutes", True, False),
    ("Kettlebell swing", "glutes hamstrings", True, False),
    ("Standing calf raise", "calves", True, False),
    ("Seated calf raise", "calves", True, False),
    ("Box jump", "quads glutes calves", True, True),
    ("Depth jump", "quads calves", True, True),
    ("Jump squat", "quads glutes calves", True, True),
    ("Copenhagen plank", "adductors core", True, False),
    ("Bench press", "chest triceps shoulders", False, False),
    ("Push-up", "chest triceps", False, False),
    ("Overhead press", "shoulders triceps", False, False),
    ("Dumbbell shoulder press", "shoulders triceps", False, False),
    ("Pull-up", "back biceps", False, False),
    ("Lat pulldown", "back biceps", False, False),
    ("Barbell row", "back biceps", False, False),
    ("Seated cable row", "back biceps", False, False),
    ("Biceps curl", "biceps", False, False),
    ("Triceps dip", "triceps chest", False, False),
    ("Plank", "core", False, False),
    ("Dead bug", "core", False, False),
    ("Pallof press", "core", False, False),
    ("Hanging leg raise", "core", False, False),
]


def seed(apps, schema_editor):
    MuscleGroup = apps.get_model("training", "MuscleGroup")
    Exercise = apps.get_model("training", "Exercise")
    groups = {}
    for slug, name, region in MUSCLE_GROUPS:
        groups[slug], _ = MuscleGroup.objects.get_or_create(
            slug=slug, defaults={"name": name, "region": region}
        )
    for name, group_slugs, lower_body, eccentric_heavy in EXERCISES:
        exercise, created = Exercise.objects.get_or_create(
            name=name, defaults={"lower_body": lower_body, "eccentric_heavy": eccentric_heavy}
        )
        if created:
            exercise.muscle_groups.set([groups[slug] for slug in group_slugs.split()])


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
