"""Guidance articles in other languages (issue 29): one row per article and language, edited in
the admin with its own history and preview. An article without a row in the reader's language
is shown in English, and the article list in the admin says which languages are missing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords


def other_languages() -> list[tuple[str, str]]:
    """The languages an article can be translated into: all but the source language."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class GuidanceTranslation(models.Model):
    article = models.ForeignKey(
        "recovery.GuidanceArticle", on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    body = models.TextField(
        help_text=gettext_lazy(
            "Markdown, like the English body; [[threshold_key]] is filled with the value in force."
        )
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "recovery"
        ordering = ["article__order", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="guidance_translation_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"
