"""Write a record snapshot into the tables: the one path by which any record content is stored."""

from __future__ import annotations

from typing import Any, Protocol

from readingroom.authorities.models import Mention
from readingroom.records import contract
from readingroom.records.bulk import check_length, insert_rows
from readingroom.records.contract import COLUMNS, SourceCitation
from readingroom.records.models import (
    Annotation,
    Block,
    Collection,
    Credit,
    Document,
    Participant,
    Scan,
    Text,
)
from readingroom.records.serialize import UNSTORED
from readingroom.records.snapshot import date_value

VOCABULARIES = {
    name: Document._meta.get_field(name).related_model for name in contract.VOCABULARIES
}


class Linker(Protocol):
    """Finds the authority records a snapshot's names and source ids stand for."""

    def mention(self, kind: str, key: str) -> tuple[int | None, int | None]:
        """(person id, term id) for a tagged mention."""

    def person_named(self, name: str, key: str = "", *, create: bool = True) -> int | None:
        """The person a speaker label or participant stands for."""


class Vocabularies:
    """Ids of vocabulary terms, created ahead of a batch of records.

    Terms are created before the records' own savepoints, so a record that fails and rolls
    back never leaves an id here that the database no longer has.
    """

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}

    def ensure(self, field: str, names: set[str]) -> None:
        model = VOCABULARIES[field]
        limit = model._meta.get_field("name").max_length
        # A name too long for the column is left for `ids_for` to refuse with its record.
        missing = {n for n in names if (field, n) not in self.ids and len(n) <= limit}
        if not missing:
            return
        model.objects.bulk_create([model(name=n) for n in missing], ignore_conflicts=True)
        for pk, name in model.objects.filter(name__in=missing).values_list("pk", "name"):
            self.ids[(field, name)] = pk

    def collection_ids(self, keys: list[str]) -> list[int]:
        missing = [k for k in keys if ("collections", k) not in self.ids]
        for pk, key in Collection.objects.filter(key__in=missing).values_list("pk", "key"):
            self.ids[("collections", key)] = pk
        return [self.ids[("collections", k)] for k in keys if ("collections", k) in self.ids]

    def ids_for(self, field: str, names: list[str]) -> list[int]:
        ids = []
        model = VOCABULARIES[field]
        for name in names:
            pk = self.ids.get((field, name))
            if pk is None:  # a stored value kept by hand, or one too long to store
                check_length(f"{field} name", name, model._meta.get_field("name").max_length)
                pk = model.objects.get_or_create(name=name)[0].pk
            ids.append(pk)
        return ids


def set_fields(doc: Document, snap: dict[str, Any]) -> None:
    """The record's own columns (those the contract names, the date and the source)."""
    for name in COLUMNS:
        setattr(doc, name, doc._meta.get_field(name).to_python(snap[name]))
    doc.date = date_value(snap["date"])
    doc.source = SourceCitation(**snap["source"])


def write_document(
    doc: Document, snap: dict[str, Any], links: Linker, vocabularies: Vocabularies
) -> Document:
    """Store `snap` as `doc` (new or existing), replacing its children wholesale."""
    existed = doc.pk is not None
    set_fields(doc, snap)
    doc.save()
    words: dict[str, list] = {}
    if existed:
        words = {sha: w for sha, w in doc.scans.values_list("sha256", "words") if w}
        for field in (*VOCABULARIES, "collections"):
            getattr(doc, field).clear()
        doc.blocks.all().delete()
        doc.credits.all().delete()
        doc.participants.all().delete()
        doc.texts.all().delete()
        doc.scans.all().delete()
    write_relations(doc, snap, vocabularies)
    write_children(doc, snap, links)
    write_originals(doc, snap, words)
    return doc


def write_relations(doc: Document, snap: dict[str, Any], vocabularies: Vocabularies) -> None:
    """Vocabulary and collection links, one insert per non-empty relation."""
    for field in VOCABULARIES:
        _link(doc, field, dict.fromkeys(vocabularies.ids_for(field, snap[field])))
    _link(doc, "collections", vocabularies.collection_ids(snap["collections"]))


def _link(doc: Document, field: str, target_ids) -> None:
    relation = Document._meta.get_field(field)
    through = relation.remote_field.through
    target = relation.m2m_reverse_field_name() + "_id"
    insert_rows(through, ("document_id", target), [(doc.pk, pk) for pk in target_ids])


def write_children(doc: Document, snap: dict[str, Any], links: Linker) -> None:
    credits = [(doc.pk, i, c["role"], c["name"]) for i, c in enumerate(snap["credits"])]
    insert_rows(Credit, ("document_id", "order", "role", "name"), credits)
    participants = [
        (
            doc.pk,
            i,
            p["name"],
            p["role"],
            p["key"],
            p.get("side", ""),
            links.person_named(p["name"], p["key"], create=False),
        )
        for i, p in enumerate(snap["participants"])
    ]
    insert_rows(
        Participant,
        ("document_id", "order", "name", "role", "source_key", "side", "person_id"),
        participants,
    )
    blocks = [
        (
            doc.pk,
            i,
            b["kind"],
            b["text"],
            b["speaker"],
            links.person_named(b["speaker"]) if b["speaker"] else None,
            b["n"],
            b["anchor"],
        )
        for i, b in enumerate(snap["blocks"])
    ]
    columns = ("document_id", "order", "kind", "text", "speaker", "speaker_person_id", "n")
    insert_rows(Block, (*columns, "anchor"), blocks)
    block_ids = dict(doc.blocks.values_list("order", "id"))
    write_block_children(doc, [block_ids[i] for i in range(len(blocks))], snap["blocks"], links)


def write_originals(doc: Document, snap: dict[str, Any], words: dict[str, list]) -> None:
    """The further texts and the scans (few per record: the ORM's bulk insert will do); a
    scan keeps the words OCR read on its image before (`words`, by checksum)."""
    Text.objects.bulk_create(
        Text(document=doc, order=i, **t) for i, t in enumerate(snap.get("texts", []))
    )
    Scan.objects.bulk_create(
        Scan(
            document=doc,
            order=i,
            words=words.get(s["sha256"], []),
            **scan_columns(s),
        )
        for i, s in enumerate(snap.get("scans", []))
    )


def write_block_children(doc: Document, block_ids: list[int], data: list[dict], links) -> None:
    annotations, mentions = [], []
    for block_id, b in zip(block_ids, data, strict=True):
        annotations += [
            (block_id, a["kind"], a["start"], a["end"], a["text"], a["target"])
            for a in b["annotations"]
        ]
        for m in b["mentions"]:
            person_id, term_id = links.mention(m["kind"], m["key"])
            span = (m["kind"], m["start"], m["end"], m["text"], m["key"])
            mentions.append((doc.pk, block_id, *span, person_id, term_id, "publisher"))
    columns = ("block_id", "kind", "start", "end", "text", "target")
    insert_rows(Annotation, columns, annotations)
    columns = ("document_id", "block_id", "kind", "start", "end", "text", "source_key")
    insert_rows(Mention, (*columns, "person_id", "term_id", "origin"), mentions)


def scan_columns(scan: dict[str, Any]) -> dict[str, Any]:
    """A scan's snapshot dict as `Scan` columns (its import-only `file` is never stored)."""
    return {k: v for k, v in scan.items() if k not in UNSTORED}
