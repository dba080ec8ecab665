"""Bring back an earlier revision as a new one: history only grows, nothing is lost."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from readingroom.authorities.enrichment import enrich_documents
from readingroom.authorities.models import Mention
from readingroom.curation.revisions import next_number
from readingroom.events.finding import find_events
from readingroom.ingest.writer import Vocabularies, write_document
from readingroom.records.contract import IMPORTED_FIELDS
from readingroom.records.models import Document, Revision
from readingroom.records.serialize import document_snapshot
from readingroom.records.snapshot import diff


class CurrentLinks:
    """Links the restored text to the people it is linked to now (see records.writer.Linker).

    A restore changes words, not identities: speakers and tagged mentions keep their people.
    """

    def __init__(self, doc: Document) -> None:
        self.speakers = dict(
            doc.blocks.exclude(speaker_person=None).values_list("speaker", "speaker_person_id")
        )
        self.participants = dict(
            doc.participants.exclude(person=None).values_list("name", "person_id")
        )
        self.mentions = {
            (kind, key): (person, term)
            for kind, key, person, term in Mention.objects.filter(document=doc)
            .exclude(source_key="")
            .values_list("kind", "source_key", "person_id", "term_id")
        }

    def mention(self, kind: str, key: str) -> tuple[int | None, int | None]:
        return self.mentions.get((kind, key), (None, None))

    def person_named(self, name: str, key: str = "", *, create: bool = True) -> int | None:
        return self.speakers.get(name) or self.participants.get(name)


def _text_of(snap: dict[str, Any], key: str) -> Any:
    """A field as a curator wrote it: blocks without the name links enrichment adds."""
    if key == "blocks":
        return [{k: v for k, v in b.items() if k != "mentions"} for b in snap.get(key) or []]
    return snap.get(key)


def restore_revision(revision: Revision, *, actor: str, reason: str = "") -> Revision:
    """Write `revision`'s snapshot (content, status, embargo) as the document's next revision.

    The restored fields count as edited by hand (a re-import keeps them), and the document
    is enriched again, since the links found in its text were replaced with the text.
    """
    snap: dict[str, Any] = revision.snapshot
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=revision.document_id)
        before = document_snapshot(doc)
        links = CurrentLinks(doc)
        doc.status = snap.get("status", doc.status)
        if "embargo_until" in snap:  # import revisions before 2026-11-30 lack it
            embargo = snap["embargo_until"]
            doc.embargo_until = date.fromisoformat(embargo) if embargo else None
        touched = [k for k in IMPORTED_FIELDS if _text_of(before, k) != _text_of(snap, k)]
        doc.edited_fields = sorted(set(doc.edited_fields) | set(touched))
        doc.version += 1
        doc.enriched_hash = ""
        write_document(doc, snap, links, Vocabularies())
        enrich_documents([doc.pk])
        find_events([doc.pk])  # as after an import: its people may have changed
        after = document_snapshot(doc)
        return Revision.objects.create(
            document=doc,
            number=next_number(doc),
            actor=actor,
            reason=reason or f"restored revision {revision.number}",
            changes=diff(before, after),
            snapshot=after,
        )
