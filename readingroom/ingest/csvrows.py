"""Importer for CSV files with the documented column set (`readingroom export --format csv`).

One row per document. Columns (any order; only `identifier` and `title` are required):

    identifier, record_id, title, number, date, date_start, date_end, date_precision,
    types, languages, subjects, funders, collections, places, participants, credits,
    summary, source, rights, classification, uploaded, status, embargo_until, text

Multi-valued columns (types, languages, subjects, funders, collections, places,
participants, credits) join their values with "|"; a credit is "role: name". `date` is the
date as written; `date_start`/`date_end` (YYYY-MM-DD) override what is read from it. `text`
is the body, paragraphs separated by blank lines. Unknown columns reject the file; every
problem names the row (1 = the header) and the column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from readingroom.ingest.base import Importer, ParsedFile, ParseError
from readingroom.records import contract
from readingroom.records.contract import (
    BlockRecord,
    CreditRecord,
    DocumentRecord,
    ParticipantRecord,
    SourceCitation,
)
from readingroom.records.dates import PRECISIONS, DateValue, parse_date
from readingroom.records.models import Status


def csv_columns() -> tuple[str, ...]:
    """The record's fields flattened to CSV columns, in contract order."""
    columns: list[str] = []
    for f in fields(DocumentRecord):
        if f.name == "key":
            columns.append("identifier")
        elif f.name == "date":
            columns += ["date", "date_start", "date_end", "date_precision"]
        elif f.name == "blocks":
            columns.append("text")
        elif f.metadata.get("stored"):
            columns.append(f.name)
    return tuple(columns)


COLUMNS = csv_columns()
# Columns holding several values joined with SEP, and columns holding dates (YYYY-MM-DD).
JOINED = tuple(
    f.name
    for f in fields(DocumentRecord)
    if f.name in COLUMNS
    and (f.default_factory is list or f.metadata.get("stored") == "collections")
)
DATES = ("date_start", "date_end", *contract.DATES)
REQUIRED = ("identifier", "title")
STATUSES = tuple(Status.values)
SEP = "|"


class RowError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"column '{column}': {message}")


class CsvImporter(Importer):
    format = "csv"

    @classmethod
    def accepts(cls, path: Path, head: bytes) -> bool:
        return path.suffix.lower() == ".csv"

    def parse(self, path: Path) -> ParsedFile:
        total = sum(1 for _ in read_rows(path))  # every row is checked before any is saved
        return ParsedFile(str(path), read_rows(path), total=total)


def read_rows(path: Path) -> Iterator[DocumentRecord]:
    where = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ParseError(f"cannot read the file ({exc.strerror})", path=where) from exc
    except UnicodeDecodeError:
        raise ParseError("not UTF-8 text; expected a UTF-8 CSV file", path=where) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    _check_header(reader.fieldnames or [], where)
    row_number = 1
    try:
        for row in reader:
            row_number += 1
            start = reader.line_num
            try:
                yield document_from_row(row)
            except RowError as exc:
                raise ParseError(f"row {row_number}, {exc}", path=where, line=start) from None
    except csv.Error as exc:
        raise ParseError(f"row {row_number + 1}: {exc}", path=where, line=reader.line_num) from None


def _check_header(names: list[str], where: str) -> None:
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise ParseError(
            f"row 1, column '{unknown[0]}': unknown column; expected any of {', '.join(COLUMNS)}",
            path=where,
            line=1,
        )
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise ParseError(f"row 1: the column '{missing[0]}' is required", path=where, line=1)


def document_from_row(row: dict[str, str | None]) -> DocumentRecord:
    if None in row:
        raise RowError("(extra)", "more values than there are columns")
    cell = {k: (v or "").strip() for k, v in row.items()}
    for name in REQUIRED:
        if not cell.get(name):
            raise RowError(name, "is empty; every row needs one")
    doc = DocumentRecord(
        key=cell["identifier"],
        title=cell["title"],
        date=_date_value(cell),
        record_id=cell.get("record_id", ""),
        number=cell.get("number", ""),
        summary=cell.get("summary", ""),
        source=SourceCitation(cell["source"]) if cell.get("source") else None,
        credits=[_credit(c) for c in _split(cell.get("credits", ""))],
        rights=cell.get("rights", ""),
        classification=cell.get("classification", ""),
        uploaded=_day(cell, "uploaded"),
        participants=[ParticipantRecord(name) for name in _split(cell.get("participants", ""))],
        blocks=[BlockRecord("paragraph", p) for p in _paragraphs(row.get("text") or "")],
    )
    for name in ("types", "languages", "subjects", "funders", "places"):
        setattr(doc, name, _split(cell.get(name, "")))
    _export_fields(doc, cell)
    return doc


def _export_fields(doc: DocumentRecord, cell: dict[str, str]) -> None:
    """Status, embargo and collections, which the store applies when it knows them."""
    status = cell.get("status") or "published"
    if status not in STATUSES:
        raise RowError("status", f"expected one of {', '.join(STATUSES)}, found {status!r}")
    doc.status = status
    doc.embargo_until = _day(cell, "embargo_until")
    doc.collections = _split(cell.get("collections", ""))


def _date_value(cell: dict[str, str]) -> DateValue:
    written = cell.get("date", "")
    parsed = parse_date(written) if written else DateValue("")
    start = _day(cell, "date_start") or parsed.start
    end = _day(cell, "date_end") or parsed.end or start
    precision = cell.get("date_precision") or (parsed.precision if written else "")
    if precision and precision not in PRECISIONS:
        raise RowError("date_precision", f"expected one of {', '.join(PRECISIONS)}")
    if start and end and end < start:
        raise RowError("date_end", "is before date_start")
    return DateValue(written, start, end, precision or ("day" if start else "unknown"))


def _day(cell: dict[str, str], column: str) -> date | None:
    value = cell.get(column, "")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowError(column, f"expected a date as YYYY-MM-DD, found {value!r}") from None


def _credit(text: str) -> CreditRecord:
    role, sep, name = text.partition(":")
    if not sep or not name.strip() or not role.strip():
        raise RowError("credits", f"expected 'role: name', found {text!r}")
    return CreditRecord(role.strip().lower().replace(" ", "_"), name.strip())


def row_from_snapshot(snap: dict[str, Any], text: str) -> dict[str, str]:
    """A record's snapshot (`records.serialize`) as one row: what `document_from_row` reads."""
    when = snap["date"]
    row = {"date": when["text"], "date_start": when["start"] or "", "date_end": when["end"] or ""}
    row |= {"date_precision": when["precision"], "source": snap["source"]["text"], "text": text}
    row["participants"] = joined(p["name"] for p in snap["participants"])
    row["credits"] = joined(f"{c['role']}: {c['name']}" for c in snap["credits"])
    for name in COLUMNS:
        if name not in row:
            value = snap[name]
            row[name] = joined(value) if isinstance(value, list) else (value or "")
    return row


def joined(values: Iterable[str]) -> str:
    return SEP.join(v.replace(SEP, "/") for v in values)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(SEP) if part.strip()]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
