"""A week template's prescription (issue 28): the exercise rows each of its leg days gets when
the template is applied; a load as % of 1RM fits each athlete's own 1RM."""

from django.db import models

from training.prescribed import RowFields


class TemplateRow(RowFields):
    template = models.ForeignKey(
        "recovery.WeekTemplate", on_delete=models.CASCADE, related_name="rows"
    )

    class Meta(RowFields.Meta):
        app_label = "recovery"
