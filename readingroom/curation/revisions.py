"""Edits by hand: each one a revision, and the fields it touched protected from re-import."""

from __future__ import annotations

from django.db import transaction

from readingroom.records.models import Document, Revision
from readingroom.records.serialize import document_snapshot
from readingroom.records.snapshot import IMPORTED_FIELDS, diff

# Model fields whose snapshot key differs from their own name.
SNAPSHOT_KEY = {
    "date_text": "date",
    "date_start": "date",
    "date_end": "date",
    "date_precision": "date",
    "source_text": "source",
    "source_archive": "source",
    "source_archive_abbr": "source",
    "source_fonds": "source",
    "source_file": "source",
    "source_volume": "source",
}


def snapshot_keys(fields: list[str]) -> list[str]:
    """The record fields (snapshot keys) that a change to these model fields touches."""
    keys = dict.fromkeys(SNAPSHOT_KEY.get(f, f) for f in fields)
    return [k for k in keys if k in IMPORTED_FIELDS]


def full_snapshot(doc: Document) -> dict:
    return {**document_snapshot(doc), "status": doc.status}


def save_edit(doc: Document, changed: list[str], *, actor: str, reason: str) -> Revision | None:
    """Save `doc` as edited by hand: bump its version, mark the fields, write the revision."""
    with transaction.atomic():
        stored = Document.objects.select_for_update().get(pk=doc.pk)
        before = full_snapshot(stored)
        doc.edited_fields = sorted(set(doc.edited_fields) | set(snapshot_keys(changed)))
        doc.version = stored.version + 1
        doc.save()
        after = full_snapshot(doc)
        changes = diff(before, after)
        if not changes:
            return None
        number = stored.revisions.order_by("-number").values_list("number", flat=True).first()
        return Revision.objects.create(
            document=doc,
            number=(number or 0) + 1,
            actor=actor,
            reason=reason,
            changes=changes,
            snapshot=after,
        )
