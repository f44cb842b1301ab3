"""The exercise library's seed (issue 28): every exercise's description, cues, mistakes,
equipment, eccentric load and easier variations, and the exercises new to the catalogue
(lower-body first). Text in `library.json`; an exercise edited in the admin since is
given only what it lacks, and its eccentric load only where the rules' reading (high or not)
stays as it was."""

import json
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

LIBRARY = Path(__file__).with_name("library.json")


def seed(apps, schema_editor):
    Exercise = apps.get_model("training", "Exercise")
    MuscleGroup = apps.get_model("training", "MuscleGroup")
    groups = {group.slug: group for group in MuscleGroup.objects.all()}
    entries = json.loads(LIBRARY.read_text(encoding="utf-8"))["exercises"]
    found = {}
    for entry in entries:
        name, eccentric = entry["name"], entry["eccentric_load"]
        exercise = Exercise.objects.filter(name=name).first()
        if exercise is None:
            exercise = Exercise.objects.create(
                name=name,
                slug=slugify(name),
                lower_body=entry["lower_body"],
                eccentric_load=eccentric,
            )
            exercise.muscle_groups.set([groups[slug] for slug in entry["muscles"]])
        elif (eccentric == 3) == exercise.eccentric_heavy:  # the rules' reading stays as it was
            exercise.eccentric_load = eccentric
        for field, value in (
            ("equipment", entry["equipment"]),
            ("description", entry["description"]),
            ("cues", "\n".join(entry["cues"])),
            ("mistakes", "\n".join(entry["mistakes"])),
        ):
            if not getattr(exercise, field):
                setattr(exercise, field, value)
        exercise.save()
        found[name] = exercise
    for entry in entries:
        found[entry["name"]].easier.add(*(found[other] for other in entry["easier"]))


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0012_template_rows"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
