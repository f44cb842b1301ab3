"""Seed the rule thresholds with DOMAIN.md §8's defaults and the rule set at version 1."""

from django.db import migrations

# key, value, unit, tag, references, description
THRESHOLDS = [
    (
        "soreness_severe",
        7,
        "0-10",
        "E-inf",
        "1, 18, 19",
        "S1: worst soreness at or above this caps the day at rest or walk.",
    ),
    (
        "soreness_moderate",
        4,
        "0-10",
        "E-inf",
        "18, 19, 119",
        "S2/S4: worst soreness at or above this caps at a recovery run; quads or calves at or above it rule out downhill. Also the value used for an unanswered group.",
    ),
    (
        "widespread_groups",
        3,
        "groups",
        "C",
        "",
        "S2b: this many groups at moderate soreness limit the recovery run further.",
    ),
    (
        "widespread_minutes",
        20,
        "min",
        "C",
        "",
        "S2b: the recovery-run limit when soreness is widespread.",
    ),
    ("hard_leg_rpe", 7, "CR-10", "C", "46", "A leg session at or above this session RPE is hard."),
    (
        "hard_leg_load_ratio",
        1.5,
        "x median",
        "C",
        "46",
        "A leg session whose load is at least this multiple of the 8-week median is hard.",
    ),
    (
        "t_quality_light_h",
        24,
        "h",
        "C",
        "",
        "T4: hours before quality running after a light leg session.",
    ),
    (
        "t_quality_habitual_h",
        48,
        "h",
        "E-inf",
        "8, 38",
        "T2: hours before quality running after a hard, habitual leg session (intermediate/trained).",
    ),
    (
        "t_quality_unaccustomed_h",
        72,
        "h",
        "E-inf",
        "9, 115, 116, 117",
        "T3: hours before quality running after a hard session for a novice, or an unaccustomed session.",
    ),
    (
        "t1_hours",
        6,
        "h",
        "E-inf",
        "27, 35, 36",
        "T1: within this many hours of a leg session, easy running only.",
    ),
    ("t1_minutes", 40, "min", "E-inf", "27, 35, 36", "T1: the run limit within those hours."),
    (
        "wellness_low",
        2,
        "1-5",
        "C",
        "69, 72, 94, 95",
        "W1/W2: sleep quality or energy at or below this is a wellness flag.",
    ),
    (
        "wellness_z_flag",
        -1,
        "z",
        "C",
        "76, 77, 78",
        "W3: wellness z-score at or below this is a flag.",
    ),
    (
        "wellness_z_double",
        -2,
        "z",
        "C",
        "76, 77, 78",
        "W3: at or below this it counts as two flags.",
    ),
    (
        "acwr_high",
        1.5,
        "ratio",
        "C",
        "57, 58, 59, 60, 61",
        "A1: EWMA acute:chronic ratio above this caps at an easy run (trend, not prediction).",
    ),
    (
        "acwr_duration_factor",
        0.75,
        "x",
        "C",
        "57",
        "A1: duration multiplier when the ratio is high.",
    ),
    ("acwr_band_low", 0.8, "ratio", "C", "57, 63", "A2: below this, an information note."),
    ("acwr_band_high", 1.3, "ratio", "C", "57, 63", "A2: above this, an information note."),
    ("rest_walk_minutes", 30, "min", "C", "50, 51", "Level 1: walking or easy spinning limit."),
    (
        "recovery_minutes_novice",
        20,
        "min",
        "C",
        "50, 51",
        "Level 2: recovery-run limit for novices.",
    ),
    (
        "recovery_minutes",
        30,
        "min",
        "C",
        "50, 51",
        "Level 2: recovery-run limit for intermediate and trained athletes.",
    ),
    ("easy_minutes_novice", 40, "min", "C", "50, 51", "Level 3: easy-run limit for novices."),
    (
        "easy_minutes_intermediate",
        50,
        "min",
        "C",
        "50, 51",
        "Level 3: easy-run limit for intermediate athletes.",
    ),
    (
        "easy_minutes_trained",
        60,
        "min",
        "C",
        "50, 51",
        "Level 3: easy-run limit for trained athletes.",
    ),
    (
        "unplanned_max_minutes",
        180,
        "min",
        "C",
        "",
        "Level 4 with no planned run: the upper bound shown.",
    ),
    ("rest_rpe_cap", 2, "CR-10", "E-inf", "43, 44, 45", "Level 1: effort cap (very easy)."),
    (
        "recovery_rpe_cap",
        2,
        "CR-10",
        "E-inf",
        "43, 44, 45",
        "Level 2: effort cap (easy: full sentences).",
    ),
    ("easy_rpe_cap", 3, "CR-10", "E-inf", "43, 44, 45", "Level 3: effort cap (conversational)."),
]


def seed(apps, schema_editor):
    Threshold = apps.get_model("recovery", "Threshold")
    RuleSet = apps.get_model("recovery", "RuleSet")
    for key, value, unit, tag, refs, description in THRESHOLDS:
        Threshold.objects.get_or_create(
            key=key,
            defaults={
                "value": value,
                "unit": unit,
                "evidence_tag": tag,
                "references": refs,
                "description": description,
            },
        )
    if not RuleSet.objects.exists():
        RuleSet.objects.create(version=1)


class Migration(migrations.Migration):
    dependencies = [("recovery", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
