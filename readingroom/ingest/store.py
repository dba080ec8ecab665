"""Save parsed records: created / updated / unchanged, one revision per real change."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from readingroom.authorities.linking import VolumeLinker
from readingroom.enrich import releases
from readingroom.ingest.base import ParsedFile
from readingroom.ingest.report import Outcome
from readingroom.ingest.writer import Vocabularies, write_document
from readingroom.records.contract import CollectionRecord, DocumentRecord, collection_fields
from readingroom.records.models import Collection, Document, Revision
from readingroom.records.releases import OpenedPassage
from readingroom.records.serialize import document_snapshot, publication
from readingroom.records.snapshot import (
    content_hash,
    diff,
    keep_edited,
    keep_machine_read,
    snapshot_from_parsed,
)


def save_collection(parsed: CollectionRecord) -> Collection:
    """Create or update the collection; a file without a table of contents (a collection
    line exported before there were any) keeps the stored one."""
    fields = collection_fields(parsed)
    if not fields["contents"]:
        del fields["contents"]
    collection, _ = Collection.objects.update_or_create(key=fields.pop("key"), defaults=fields)
    return collection


def prepare_file(parsed: ParsedFile) -> tuple[list[str], VolumeLinker]:
    """Store what the documents of a file refer to: its collection, persons and terms."""
    collection = save_collection(parsed.collection) if parsed.collection else None
    for other in parsed.collections:
        save_collection(other)
    linker = VolumeLinker(collection)
    linker.load(parsed.persons, parsed.terms)
    return ([collection.key] if collection else []), linker


def save_document(
    parsed: DocumentRecord,
    collections: list[str],
    linker: VolumeLinker,
    *,
    existing: Document | None,
    vocabularies: Vocabularies,
    import_format: str,
    actor: str,
    reason: str,
) -> Outcome:
    """Store one parsed document atomically; hand-edited fields are kept as they are.

    `existing` is the stored document with the same identifier (looked up by the caller, a
    batch at a time, inside the same transaction).
    """
    if parsed.collections is not None:  # an export names each record's own collections
        collections = parsed.collections
    incoming = snapshot_from_parsed(parsed, collections)
    digest = content_hash(incoming)
    doc = existing
    with transaction.atomic():
        if doc is not None and doc.content_hash == digest:
            return Outcome.UNCHANGED
        before: dict[str, Any] = document_snapshot(doc) if doc else {}
        after = keep_edited(incoming, before, doc.edited_fields) if doc else incoming
        after = keep_machine_read(after, before)
        outcome = Outcome.UPDATED if doc else Outcome.CREATED
        if doc is None:
            doc = Document(identifier=parsed.key, import_format=import_format)
            if parsed.status:
                doc.status, doc.embargo_until = parsed.status, parsed.embargo_until
        doc.content_hash = digest
        if outcome is Outcome.UPDATED:
            doc.version += 1
        write_document(doc, after, linker, vocabularies)
        revision = record_revision(doc, before, after, actor=actor, reason=reason)
        if before:
            record_opened(revision, before, after)
    return outcome


def record_opened(revision: Revision, before: dict, after: dict) -> None:
    """The withheld passages of the record's earlier release that this one prints."""
    found = releases.opened(
        [b["text"] for b in before["blocks"]], [b["text"] for b in after["blocks"]]
    )
    OpenedPassage.objects.bulk_create(
        OpenedPassage(document=revision.document, revision=revision, **vars(passage))
        for passage in found
    )


def record_revision(
    doc: Document, before: dict, after: dict, *, actor: str, reason: str
) -> Revision:
    """One immutable revision row (the index hears of the change from the document's save)."""
    number = 1
    if before:
        number += doc.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    snapshot = {**after, **publication(doc)}
    return Revision.objects.create(
        document=doc,
        number=number,
        actor=actor,
        reason=reason,
        changes=diff(before, snapshot),
        snapshot=snapshot,
    )
