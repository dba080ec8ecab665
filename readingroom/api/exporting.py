"""Bulk export: every record as JSON Lines, the format `ingest.jsonl` reads back.

Collections come first (one line each), then documents by identifier, so an export of the
same database is byte-for-byte the same file, and importing it into an empty database and
exporting again gives the same file. The public events are a file of their own, one event a
line as the API's detail gives it (`event_lines`): events are derived, so nothing reads
them back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db.models import QuerySet

from readingroom.api.events import event_out, public_in_order
from readingroom.records import contents
from readingroom.records.contract import collection_fields
from readingroom.records.links import hide_unpublished_links
from readingroom.records.models import Collection, Document
from readingroom.records.serialize import document_snapshot

CHUNK = 200
PREFETCH = ("types", "languages", "subjects", "funders", "collections", "credits", "participants")
PREFETCH += ("texts", "scans")


def export_record(doc: Document) -> dict[str, Any]:
    """The record as its snapshot, publication state included, so an export imports back."""
    return document_snapshot(doc)


def collection_record(collection: Collection, docs: QuerySet | None = None) -> dict[str, Any]:
    """The collection's line; exporting `docs` alone (the public ones), its table of contents
    names only those of them it holds: an unpublished document is never listed."""
    fields = collection_fields(collection)
    if docs is not None and fields.get("contents"):
        held = docs.filter(collections=collection).values_list("identifier", flat=True)
        fields["contents"] = contents.pruned(fields["contents"], set(held))
    return {"collection": fields}


def documents_in_order(docs: QuerySet | None = None) -> Iterator[Document]:
    """Documents by identifier, a chunk at a time (prefetching each chunk's relations)."""
    docs = (docs if docs is not None else Document.objects.all()).order_by("identifier")
    yield from docs.prefetch_related(*PREFETCH).iterator(chunk_size=CHUNK)


def jsonl_lines(docs: QuerySet | None = None, collections: QuerySet | None = None) -> Iterator[str]:
    """Every line of a JSON Lines export, newline included."""
    collections = collections if collections is not None else Collection.objects.all()
    for collection in collections.defer(None).order_by("key"):  # with their contents
        yield _line(collection_record(collection, docs))
    for doc in documents_in_order(docs):
        record = export_record(doc)
        yield _line(record if docs is None else hide_unpublished_links(record))


def event_lines(base_url: str) -> Iterator[str]:
    """Each public event in date order as the API's detail gives it, links from `base_url`."""
    for event in public_in_order():
        yield _line(event_out(event, base_url))


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def write_lines(lines: Iterable[str], stream: IO[str]) -> int:
    count = 0
    for line in lines:
        stream.write(line)
        count += 1
    return count


def public_only() -> tuple[QuerySet, QuerySet]:
    """What a public bulk download holds: public documents and their collections."""
    return Document.objects.public(), Collection.objects.public()
