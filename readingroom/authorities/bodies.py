"""Stored documents read back for enrichment a chunk at a time, in a few queries.

Each document comes back as `records.serialize.document_snapshot` gives it, read for the whole
chunk at once: one query per table, and the body (blocks, insertions, mentions: thousands of
rows a chunk) as plain values, since a model instance for each row cost more than the queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from readingroom.authorities.models import Mention
from readingroom.records.contract import (
    AnnotationRecord,
    BlockRecord,
    MentionRecord,
    ParticipantRecord,
)
from readingroom.records.models import Annotation, Block, Document, Participant
from readingroom.records.serialize import NESTED, RENAMED, document_fields

# The rest of a document's snapshot, prefetched for the chunk (a few rows a document).
FIELDS_PREFETCH = ("types", "languages", "subjects", "funders", "collections", "credits")
BLOCK_COLUMNS = tuple(f.name for f in fields(BlockRecord) if f.name not in NESTED)


def columns(record: type) -> dict[str, str]:
    """The snapshot's keys of a child record, and the columns holding them."""
    return {f.name: RENAMED.get(f.name, f.name) for f in fields(record)}


@dataclass
class Body:
    """What enrichment reads of one document besides its fields."""

    document_id: int
    blocks: list[dict[str, Any]] = field(default_factory=list)  # in the snapshot's shape
    participants: list[dict[str, Any]] = field(default_factory=list)
    block_ids: dict[int, int] = field(default_factory=dict)  # block order -> block row
    tagged: set[tuple[int, int]] = field(default_factory=set)  # (block, start) the source tagged


@dataclass
class Chunk:
    """A chunk of documents (in the order given) with their bodies."""

    documents: list[Document]
    bodies: dict[int, Body]

    def snapshot(self, doc: Document) -> dict[str, Any]:
        """The document's snapshot, as `records.serialize.document_snapshot` makes it."""
        body = self.bodies[doc.pk]
        return {**document_fields(doc), "participants": body.participants, "blocks": body.blocks}


def read_chunk(documents: list[Document]) -> Chunk:
    """These documents' participants and bodies (their fields are prefetched by the caller,
    FIELDS_PREFETCH): four queries for the chunk."""
    bodies = {doc.pk: Body(doc.pk) for doc in documents}
    ids = list(bodies)
    participant = columns(ParticipantRecord)
    rows = Participant.objects.filter(document_id__in=ids).order_by("document_id", "order")
    for row in rows.values("document_id", *participant.values()):
        own = {name: row[column] for name, column in participant.items()}
        bodies[row["document_id"]].participants.append(own)
    blocks = _read_blocks(ids, bodies)
    for model, nested, record in (
        (Annotation, "annotations", AnnotationRecord),
        (Mention, "mentions", MentionRecord),
    ):
        _read_spans(model, nested, columns(record), blocks)
    return Chunk(documents, bodies)


def _read_blocks(ids: list[int], bodies: dict[int, Body]) -> dict[int, tuple[dict, Body]]:
    """Each document's blocks in order; block row -> (its snapshot, its document's body)."""
    found: dict[int, tuple[dict, Body]] = {}
    rows = Block.objects.filter(document_id__in=ids).order_by("document_id", "order")
    for row in rows.values("id", "document_id", "order", *BLOCK_COLUMNS):
        block = {name: row[name] for name in BLOCK_COLUMNS} | {"annotations": [], "mentions": []}
        body = bodies[row["document_id"]]
        body.blocks.append(block)
        body.block_ids[row["order"]] = row["id"]
        found[row["id"]] = (block, body)
    return found


def _read_spans(model, nested: str, names: dict[str, str], blocks: dict) -> None:
    """The insertions or mentions of these blocks into their snapshots; mentions the source
    tagged (not enrichment's) also into `Body.tagged`."""
    extra = ("origin",) if model is Mention else ()
    ids = {body.document_id for _, body in blocks.values()}
    of = {"document_id__in": ids} if model is Mention else {"block__document_id__in": ids}
    rows = model.objects.filter(**of).order_by().values("block_id", "pk", *names.values(), *extra)
    # a mention of the document as a whole (no block) is not in the snapshot either
    rows = [row for row in rows if row["block_id"] in blocks]
    # in text order, sorted here: asked of the database, it may walk a whole index for it
    for row in sorted(rows, key=lambda row: (row["block_id"], row["start"], row["pk"])):
        block, body = blocks[row["block_id"]]
        block[nested].append({name: row[column] for name, column in names.items()})
        if extra and row["origin"] != "enrichment":
            body.tagged.add((row["block_id"], row["start"]))
