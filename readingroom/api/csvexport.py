"""Bulk export as CSV, with the column set `ingest.csvrows` documents and reads back.

A CSV row is flat: the body becomes one `text` column (paragraphs separated by blank lines),
so speakers, annotations and mentions are kept only by the JSON Lines export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from readingroom.api.exporting import documents_in_order
from readingroom.ingest.csvrows import COLUMNS, SEP
from readingroom.records.models import Document

SKIPPED_BLOCKS = ("pagebreak",)


def _joined(values) -> str:
    return SEP.join(v.replace(SEP, "/") for v in values)


def csv_row(doc: Document) -> dict[str, str]:
    blocks = doc.blocks.exclude(kind__in=SKIPPED_BLOCKS).exclude(text="")
    iso = lambda value: value.isoformat() if value else ""  # noqa: E731
    return {
        "identifier": doc.identifier,
        "record_id": doc.record_id,
        "title": doc.title,
        "number": doc.number,
        "date": doc.date_text,
        "date_start": iso(doc.date_start),
        "date_end": iso(doc.date_end),
        "date_precision": doc.date_precision,
        "types": _joined(t.name for t in doc.types.all()),
        "languages": _joined(v.name for v in doc.languages.all()),
        "subjects": _joined(v.name for v in doc.subjects.all()),
        "funders": _joined(v.name for v in doc.funders.all()),
        "collections": _joined(c.key for c in doc.collections.all()),
        "places": _joined(doc.places),
        "participants": _joined(p.name for p in doc.participants.all()),
        "credits": _joined(f"{c.role}: {c.name}" for c in doc.credits.all()),
        "summary": doc.summary,
        "source": doc.source_text,
        "rights": doc.rights,
        "classification": doc.classification,
        "uploaded": iso(doc.uploaded),
        "status": doc.status,
        "embargo_until": iso(doc.embargo_until),
        "text": "\n\n".join(b.text.strip() for b in blocks.only("text")),
    }


def csv_lines(docs=None) -> Iterator[str]:
    """The header, then one row per document by identifier (each row may span lines)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for doc in documents_in_order(docs):
        writer.writerow(csv_row(doc))
        yield _drain(buffer)
    if buffer.tell():  # the header alone, when there is no document
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
