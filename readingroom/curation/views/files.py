"""Downloading an attached file: only a public document's, the same 404 otherwise."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from readingroom.curation.models import Attachment
from readingroom.records.files import path_for


def download(request: HttpRequest, pk: int) -> FileResponse:
    """The file as it was uploaded; 404 for a missing file and a non-public document alike."""
    attachment = get_object_or_404(Attachment.objects.select_related("document"), pk=pk)
    path = path_for(attachment.sha256)
    if not attachment.document.is_public() or not path.is_file():
        raise Http404("No such file.")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.media_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
