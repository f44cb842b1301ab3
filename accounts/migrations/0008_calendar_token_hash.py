"""Calendar tokens are kept as SHA-256 hashes (issue 22): existing addresses keep working,
their stored tokens hashed in place. A feed records whether it was made as staff."""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("accounts", "CalendarFeed")
    for feed in CalendarFeed.objects.all():
        feed.token_hash = hashlib.sha256(feed.token_hash.encode()).hexdigest()
        feed.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_calendar_feed"),
    ]

    operations = [
        migrations.RenameField("calendarfeed", "token", "token_hash"),
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.AddField(
            model_name="calendarfeed",
            name="for_staff",
            field=models.BooleanField(default=False, help_text="Made while the owner was staff."),
        ),
    ]
