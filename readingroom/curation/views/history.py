"""A document's revisions with what each changed, and restoring one as a new revision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from readingroom.curation.access import curator_required
from readingroom.curation.diffs import snapshot_diff
from readingroom.curation.restore import restore_revision
from readingroom.curation.roles import may_edit, may_set_status
from readingroom.records.models import Document, Revision


def _entries(revisions: list[Revision]) -> list[dict]:
    """Newest first, each with its difference from the one before it (the first has none:
    it is the whole record, and listing every line of it would bury the changes)."""
    entries, previous = [], None
    for revision in revisions:
        changed = snapshot_diff(previous, revision.snapshot) if previous is not None else None
        entries.append({"revision": revision, "diff": changed})
        previous = revision.snapshot
    return entries[::-1]


@curator_required("records.view_document")
def history(request: HttpRequest, identifier: str) -> HttpResponse:
    doc = get_object_or_404(Document, identifier=identifier)
    revisions = list(doc.revisions.order_by("number"))
    context = {
        "doc": doc,
        "entries": _entries(revisions),
        "can_restore": may_edit(request.user, doc.status),
    }
    return render(request, "curation/history.html", context)


@require_POST
@curator_required("records.change_document")
def restore(request: HttpRequest, identifier: str, number: int) -> HttpResponse:
    doc = get_object_or_404(Document, identifier=identifier)
    revision = get_object_or_404(Revision, document=doc, number=number)
    status = revision.snapshot.get("status", doc.status)
    if not may_edit(request.user, doc.status) or not may_set_status(request.user, status):
        raise PermissionDenied("restoring this revision needs the right to publish")
    reason = request.POST.get("reason", "").strip()[:500]
    made = restore_revision(revision, actor=request.user.get_username(), reason=reason)
    messages.success(request, f"Revision {number} restored as revision {made.number}.")
    return redirect("curation:history", identifier=doc.identifier)
