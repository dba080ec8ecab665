"""Read a stored document back as its snapshot dict (the shape of `records.snapshot`).

The one snapshot: what revisions keep and restore, imports compare against, exports write
and the public views extend. Which column holds which record field comes from the contract.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django.db import models

from readingroom.records.contract import (
    COLUMNS,
    PUBLICATION,
    VOCABULARIES,
    AnnotationRecord,
    BlockRecord,
    CreditRecord,
    MentionRecord,
    ParticipantRecord,
    ScanRecord,
    TextRecord,
    later_fields,
)
from readingroom.records.models import Dated, Document, SourceCited
from readingroom.records.snapshot import date_dict, plain, source_dict

# Columns a model mixin groups under one record field.
SNAPSHOT_KEY = {f.name: "date" for f in Dated._meta.fields} | {
    f.name: "source" for f in SourceCited._meta.fields
}
# A child's record key stored in a column of another name ("key" is the source's own id).
RENAMED = {"key": "source_key"}
# A scan's import-only field, never stored: a stored scan is named by its checksum alone.
UNSTORED = {"file": ""}
NESTED = ("annotations", "mentions")  # a block's own children


def row_dict(row: models.Model, record: type) -> dict[str, Any]:
    """A child row (credit, participant, insertion, mention) as its contract dataclass's dict;
    a field added later is left out while empty, as `snapshot.record_dict` leaves it."""
    later = later_fields(record)
    out = {
        f.name: UNSTORED[f.name]
        if f.name in UNSTORED
        else getattr(row, RENAMED.get(f.name, f.name))
        for f in fields(record)
    }
    return {name: value for name, value in out.items() if value or name not in later}


def document_snapshot(doc: Document) -> dict[str, Any]:
    """The whole record with its publication state (status, embargo)."""
    return {
        **document_fields(doc),
        "participants": [row_dict(p, ParticipantRecord) for p in doc.participants.all()],
        "blocks": [_block(b) for b in doc.blocks.prefetch_related("annotations", "mentions")],
        "texts": [row_dict(t, TextRecord) for t in doc.texts.all()],
        "scans": [row_dict(s, ScanRecord) for s in doc.scans.all()],
    }


def document_fields(doc: Document) -> dict[str, Any]:
    """The record without its body (participants, blocks): what a citation reads.

    Uses the document's prefetched relations when the caller prefetched them.
    """
    snap: dict[str, Any] = {"identifier": doc.identifier}
    snap |= {name: plain(name, getattr(doc, name)) for name in COLUMNS}
    snap |= publication(doc)
    snap |= {name: [v.name for v in getattr(doc, name).all()] for name in VOCABULARIES}
    return snap | {
        "date": date_dict(doc.date),
        "source": source_dict(doc.source),
        "collections": [c.key for c in doc.collections.all()],
        "credits": [row_dict(c, CreditRecord) for c in doc.credits.all()],
    }


def publication(doc: Document) -> dict[str, Any]:
    """Status and embargo: curation's, kept beside the imported fields in every snapshot."""
    return {name: plain(name, getattr(doc, name)) for name in PUBLICATION}


def _block(block) -> dict[str, Any]:
    data = {f.name: getattr(block, f.name) for f in fields(BlockRecord) if f.name not in NESTED}
    data["annotations"] = [row_dict(a, AnnotationRecord) for a in block.annotations.all()]
    data["mentions"] = [row_dict(m, MentionRecord) for m in block.mentions.all()]
    return data
