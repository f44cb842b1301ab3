"""The roster's verdict cell kept as a text to translate ({msgid, params}) instead of English.
The rows are derived (recovery.sync): they are dropped here and rebuilt on the next roster
read (`staff.services.roster_heal` recomputes missing rows)."""

from django.db import migrations, models


def drop_rows(apps, schema_editor):
    apps.get_model("recovery", "RosterStatus").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("recovery", "0022_template_rows")]

    operations = [
        migrations.RunPython(drop_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="rosterstatus", name="verdict"),
        migrations.AddField(
            model_name="rosterstatus",
            name="verdict",
            field=models.JSONField(
                default=dict,
                help_text="The verdict cell as a text to translate: {msgid, params}.",
            ),
        ),
    ]
