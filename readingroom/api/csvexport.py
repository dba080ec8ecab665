"""Bulk export as CSV, with the column set `ingest.csvrows` documents and reads back.

A CSV row is flat: the body becomes one `text` column (paragraphs separated by blank lines),
so speakers, annotations and mentions are kept only by the JSON Lines export.

A cell a spreadsheet would run as a formula (one beginning with `=`, `+`, `-`, `@`, a tab or a
carriage return) is written with a leading apostrophe, OWASP's rule against CSV injection:
`=HYPERLINK(…)` in a title reaches a reader's spreadsheet as text. The CSV import removes that
apostrophe again (`ingest.csvrows.unneutralized`, the same `FORMULA_STARTS`), so a round
trip keeps the text (README, `readingroom export`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from readingroom.api.exporting import documents_in_order
from readingroom.ingest.csvrows import COLUMNS, FORMULA_STARTS, row_from_snapshot
from readingroom.records.contract import ParticipantRecord, ScanRecord, TextRecord
from readingroom.records.models import Document
from readingroom.records.serialize import document_fields, row_dict

SKIPPED_BLOCKS = ("pagebreak",)


def inert(value: str) -> str:
    """The cell as a spreadsheet shows it as text: a formula's first character is guarded."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_row(doc: Document) -> dict[str, str]:
    blocks = doc.blocks.exclude(kind__in=SKIPPED_BLOCKS).exclude(text="")
    text = "\n\n".join(b.text.strip() for b in blocks.only("text"))
    children = {
        "participants": [row_dict(p, ParticipantRecord) for p in doc.participants.all()],
        "texts": [row_dict(t, TextRecord) for t in doc.texts.all()],
        "scans": [row_dict(s, ScanRecord) for s in doc.scans.all()],
    }
    return row_from_snapshot(document_fields(doc) | children, text)


def csv_lines(docs=None) -> Iterator[str]:
    """The header, then one row per document by identifier (each row may span lines)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for doc in documents_in_order(docs):
        writer.writerow({column: inert(value) for column, value in csv_row(doc).items()})
        yield _drain(buffer)
    if buffer.tell():  # the header alone, when there is no document
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
