import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Roster rows and today's verdicts say until when they hold (`valid_until`); rows written
    before are stale at once (the default is the migration's moment) and recomputed on read."""

    dependencies = [("recovery", "0007_roster_status")]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="valid_until",
            field=models.DateTimeField(
                blank=True,
                help_text="Today's verdict: when the clock alone may move it (recomputed on read from then). Empty for a past day's, which is final.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="rosterstatus",
            name="level",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (0, "SEE_DOCTOR"),
                    (1, "REST"),
                    (2, "RECOVERY_RUN"),
                    (3, "EASY_RUN"),
                    (4, "AS_PLANNED"),
                ],
                default=4,
                help_text="Today's verdict level (provisional before the check-in).",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="rosterstatus",
            name="valid_until",
            field=models.DateTimeField(
                default=django.utils.timezone.now, help_text="Recomputed on read from this moment."
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="rosterstatus",
            name="threshold_version",
            field=models.PositiveIntegerField(default=0),
            preserve_default=False,
        ),
    ]
