"""`/training/import/`: upload activity files or an export archive, watch the import's
progress (HTMX), read its report, merge a run logged by hand with its file."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from . import activityfiles, imports, importsave
from .models import ImportItem


@require_http_methods(["GET", "POST"])
def import_page(request):
    status = 200
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        try:
            if sum(upload.size for upload in uploads) > imports.MAX_UPLOAD_BYTES:
                raise imports.Refused(
                    gettext_lazy("At most {value} MB at once.").format(
                        value=imports.MAX_UPLOAD_BYTES // 2**20
                    )
                )
            files = [(upload.name, upload) for upload in uploads]
            batch = imports.batch_create(athlete=request.user, files=files)
        except imports.Refused as error:
            messages.error(
                request, gettext_lazy("Nothing was imported: {error}").format(error=error)
            )
            status = 422
        else:
            return redirect("training:import_report", pk=batch.pk)
    context = {
        "batches": imports.batches_of(request.user)[:10],
        "max_mb": imports.MAX_UPLOAD_BYTES // 2**20,
        "max_files": imports.MAX_FILES,
    }
    return render(request, "training/import.html", context, status=status)


@vary_on_headers("HX-Request")
def import_report(request, pk: int):
    batch = get_object_or_404(imports.batches_of(request.user), pk=pk)
    context = {"batch": batch, "done": batch.ended, **imports.report(batch)}
    template = "training/import_report.html"
    if request.htmx:
        template += "#import-status"
    return render(request, template, context)


@require_POST
def import_merge(request, pk: int):
    item = get_object_or_404(
        ImportItem.objects.select_related("session", "batch"),
        pk=pk,
        batch__in=imports.batches_of(request.user),
    )
    try:
        session = importsave.item_merge(athlete=request.user, item=item)
    except activityfiles.BadFile as error:
        messages.info(request, str(error))
    else:
        messages.success(
            request,
            gettext_lazy("Merged: the run of {started_at:%d %b} has the file's data.").format(
                started_at=session.started_at
            ),
        )
    return redirect("training:import_report", pk=item.batch_id)
