"""Import batches and their files (the models of `training.imports`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class ImportStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Waiting")
    RUNNING = "running", gettext_lazy("Importing")
    DONE = "done", gettext_lazy("Done")
    FAILED = "failed", gettext_lazy("Stopped")


class ImportBatch(models.Model):
    """One upload of activity files (or an export archive), imported by a Celery task."""

    athlete = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches"
    )
    status = models.CharField(max_length=7, choices=ImportStatus, default=ImportStatus.QUEUED)
    total = models.PositiveIntegerField(
        default=0, help_text=gettext_lazy("Files found, archives opened.")
    )
    processed = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now=True, help_text=gettext_lazy("Last progress (a chunk read).")
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0,
        help_text=gettext_lazy("Deliveries of the current chunk's task (a worker that died)."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"Import {self.pk} by {self.athlete} ({self.status})"

    @property
    def ended(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class ItemOutcome(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting")
    CREATED = "created", gettext_lazy("Imported")
    DUPLICATE = "duplicate", gettext_lazy("Skipped: already here")
    MERGE = "merge", gettext_lazy("Matches a run logged by hand")
    MERGED = "merged", gettext_lazy("Merged into a run logged by hand")
    SKIPPED = "skipped", gettext_lazy("Skipped")
    FAILED = "failed", gettext_lazy("Not imported")


UPLOADS = "imports"  # the uploads' folder in the file storage (never served)


class ImportItem(models.Model):
    """One file of a batch: an uploaded file (kept in the file storage until the batch ends),
    or an entry of an uploaded archive (read from the archive when its turn comes); then its
    outcome and the report's sentence."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(max_length=255)
    upload = models.FileField(upload_to=f"{UPLOADS}/", max_length=200, blank=True, editable=False)
    archive = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="entries"
    )
    entry = models.CharField(
        max_length=1000, blank=True, help_text=gettext_lazy("Its name in the archive.")
    )
    size = models.PositiveBigIntegerField(
        default=0, help_text=gettext_lazy("Bytes (unpacked, for entries).")
    )
    outcome = models.CharField(max_length=9, choices=ItemOutcome, default=ItemOutcome.PENDING)
    message = models.CharField(max_length=300, blank=True)
    session = models.ForeignKey(
        "training.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merge = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text=gettext_lazy("The file's measurements, to merge."),
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.outcome}"
