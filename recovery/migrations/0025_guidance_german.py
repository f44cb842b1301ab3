"""The guidance library in German (issue 29): original translations of the articles as they
stand after 0018, from `guidance_de.json` beside this file. An article an admin has already
translated keeps its translation; a missing article is skipped."""

import json
from pathlib import Path

from django.db import migrations

TRANSLATIONS = Path(__file__).with_name("guidance_de.json")


def seed(apps, schema_editor):
    article_model = apps.get_model("recovery", "GuidanceArticle")
    translation_model = apps.get_model("recovery", "GuidanceTranslation")
    for slug, words in json.loads(TRANSLATIONS.read_text()).items():
        article = article_model.objects.filter(slug=slug).first()
        if article is not None:
            translation_model.objects.get_or_create(article=article, language="de", defaults=words)


def remove_german(apps, schema_editor):
    apps.get_model("recovery", "GuidanceTranslation").objects.filter(language="de").delete()


class Migration(migrations.Migration):
    dependencies = [("recovery", "0024_guidance_translations")]

    operations = [migrations.RunPython(seed, remove_german)]
