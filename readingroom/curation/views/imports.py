"""Imports from the browser: an archivist uploads a file, the queue imports it, the page follows.

The file is stored and queued at once (`ingest.tasks.import_upload`); the page then shows the
import's progress until it ends, and the same report the command line prints.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from readingroom.curation.access import curator_required
from readingroom.ingest.tasks import import_upload
from readingroom.ingest.uploads import SUFFIXES, Upload

TASK_FILE = "task"
ENDED = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)


class UploadForm(forms.Form):
    file = forms.FileField(help_text="A saved document page (.txt), FRUS TEI (.xml), JSONL or CSV")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(f"Expected a file ending in {', '.join(SUFFIXES)}.")
        return upload


@curator_required("records.add_document")
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        sent = form.cleaned_data["file"]
        stored = Upload.create(sent.name, sent.chunks())
        result = import_upload.enqueue(stored.key, request.user.get_username())
        (stored.folder / TASK_FILE).write_text(str(result.id))
        return redirect("curation:import-status", key=stored.key)
    return render(request, "curation/imports.html", {"form": form})


@curator_required("records.add_document")
def status(request: HttpRequest, key: str) -> HttpResponse:
    stored = Upload.named(key)
    if stored is None:
        raise Http404("no such upload")
    try:
        result = import_upload.get_result((stored.folder / TASK_FILE).read_text().strip())
    except (OSError, TaskResultDoesNotExist) as gone:
        raise Http404("no such import") from gone
    ended = result.status in ENDED
    report = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else {}
    context = {"upload": stored, "result": result, "progress": stored.progress()}
    context |= {"ended": ended, "report": report, "name": stored.file.name}
    return render(request, "curation/import_status.html", context)
