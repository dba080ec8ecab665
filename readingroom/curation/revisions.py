"""Edits by hand: each one a revision, the fields it touched protected from re-import, and
an edit based on an outdated version refused rather than silently overwriting another's."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from readingroom.records.contract import IMPORTED_FIELDS
from readingroom.records.models import Document, Revision
from readingroom.records.serialize import SNAPSHOT_KEY, document_snapshot
from readingroom.records.snapshot import diff


class Conflict(Exception):
    """The document changed since the editor loaded it; `loaded` and `current` are snapshots."""

    def __init__(self, expected: int, found: int, loaded: dict, current: dict) -> None:
        super().__init__(f"document is at version {found}, the edit was based on {expected}")
        self.expected, self.found = expected, found
        self.loaded, self.current = loaded, current


def snapshot_keys(fields: list[str]) -> list[str]:
    """The record fields (snapshot keys) that a change to these model fields touches."""
    keys = dict.fromkeys(SNAPSHOT_KEY.get(f, f) for f in fields)
    return [k for k in keys if k in IMPORTED_FIELDS]


def loaded_snapshot(doc: Document, version: int) -> dict[str, Any]:
    """The record as it stood at `version` (each change writes one revision and one version)."""
    found = doc.revisions.filter(number__lte=version).order_by("-number").first()
    return found.snapshot if found else {}


def next_number(doc: Document) -> int:
    latest = doc.revisions.order_by("-number").values_list("number", flat=True).first()
    return (latest or 0) + 1


def save_edit(
    doc: Document,
    changed: list[str],
    *,
    actor: str,
    reason: str,
    expected_version: int | None = None,
) -> Revision | None:
    """Save `doc` as edited by hand: bump its version, mark the fields, write the revision.

    With `expected_version` (the version the editor loaded) the save is refused with
    `Conflict` when someone else saved in between. An edit that changes nothing is not saved.
    """
    with transaction.atomic():
        stored = Document.objects.select_for_update().get(pk=doc.pk)
        before = document_snapshot(stored)
        if expected_version is not None and stored.version != expected_version:
            loaded = loaded_snapshot(stored, expected_version)
            raise Conflict(expected_version, stored.version, loaded, before)
        changes = diff(before, document_snapshot(doc))
        if not changes:
            return None
        doc.edited_fields = sorted(set(stored.edited_fields) | set(snapshot_keys(changed)))
        doc.version = stored.version + 1
        doc.save()
        return Revision.objects.create(
            document=doc,
            number=next_number(stored),
            actor=actor,
            reason=reason,
            changes=changes,
            snapshot=document_snapshot(doc),
        )


def record_body_edit(doc: Document, before: dict[str, Any], *, actor: str, reason: str):
    """A revision for an edit of the document's body (a block or its insertions), made after
    the rows are saved; the body is then protected from re-import like any hand edit."""
    with transaction.atomic():
        stored = Document.objects.select_for_update().get(pk=doc.pk)
        after = document_snapshot(stored)
        changes = diff(before, after)
        if not changes:
            return None
        stored.edited_fields = sorted({*stored.edited_fields, "blocks"})
        stored.version += 1
        stored.save()  # logs the change for the search index
        return Revision.objects.create(
            document=stored,
            number=next_number(stored),
            actor=actor,
            reason=reason,
            changes=changes,
            snapshot=after,
        )
