"""Importer for CSV files with the documented column set (`readingroom export --format csv`).

One row per document. Columns (any order; only `identifier` and `title` are required):

    identifier, record_id, title, number, date, date_start, date_end, date_precision,
    types, languages, subjects, funders, collections, places, associated_people,
    associated_organizations, participants, credits, summary, source, rights,
    classification, uploaded, status, embargo_until, text, texts, scans

Multi-valued columns (types, languages, subjects, funders, collections, places,
associated_people, associated_organizations, participants, credits) join their values with
"|"; a credit is "role: name". `date` is the
date as written; `date_start`/`date_end` (YYYY-MM-DD) override what is read from it. `text`
is the body, paragraphs separated by blank lines. A further text (a transcription of the
original, another translation) is a column `text:KIND:LANGUAGE` ("text:transcription:sq"; KIND
one of transcription, translation, summary; LANGUAGE an ISO 639 code) holding its paragraphs
the same way, or an item of `texts`, a JSON array of the texts as the JSON Lines export
writes them (with their credits and blocks). `scans` lists the record's page images or PDFs
by path relative to the CSV file, or by the SHA-256 of a file the archive already holds (as
an export writes them). `identifier` (and each key in
`collections`) is 1-120 (keys: 100) letters A-Z or a-z, digits, "-" and "_": it is the
document's address (`records/identifiers.py`); a row with another one is refused.

A cell beginning with an apostrophe followed by `=`, `+`, `-`, `@`, a tab or a carriage
return is read without the apostrophe: that is how exports neutralize cells a spreadsheet
would run as formulas (OWASP's rule), so an export imports back unchanged.

Unknown columns, a missing required column or broken CSV quoting reject the file; a bad row
rejects that row alone, with every problem it has, naming the row (1 = the header), its line
and the column.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from readingroom.ingest.base import Importer, ParsedFile, ParseError
from readingroom.ingest.shapes import Problems, conform
from readingroom.records import contract, identifiers, languages
from readingroom.records.contract import (
    TEXT_KINDS,
    BlockRecord,
    CreditRecord,
    DocumentRecord,
    ParticipantRecord,
    ScanRecord,
    SourceCitation,
    TextRecord,
)
from readingroom.records.dates import PRECISIONS, DateValue, parse_date
from readingroom.records.models import Status
from readingroom.records.snapshot import text_record


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
# The joined columns holding plain names (the others are read apart).
NAMES = tuple(
    name
    for name in JOINED
    if name not in ("collections", "participants", "credits", "texts", "scans")
)
TEXT_COLUMN = re.compile(r"text:(?P<kind>[a-z]+):(?P<language>[A-Za-z]{2,3})")
SHA256 = re.compile(r"[0-9a-f]{64}")
DATES = ("date_start", "date_end", *contract.DATES)
REQUIRED = ("identifier", "title")
STATUSES = tuple(Status.values)
SEP = "|"
# What an export's cell may begin with only behind a "'", lest a spreadsheet run it (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
T = TypeVar("T")


class RowError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"column '{column}': {message}")
        self.column, self.detail = column, message


class RowProblems(ValueError):
    """Every problem of one row, each naming its column."""

    def __init__(self, problems: list[RowError]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class CsvImporter(Importer):
    format = "csv"

    @classmethod
    def accepts(cls, path: Path, head: bytes) -> bool:
        return path.suffix.lower() == ".csv"

    def parse(self, path: Path) -> ParsedFile:
        total = sum(1 for _ in rows(path))  # every row is checked before any is saved
        return ParsedFile(str(path), rows(path), total=total)


def read_rows(path: Path) -> Iterator[DocumentRecord]:
    """Every row's record; the first row that cannot be read raises its ParseError."""
    for item in rows(path):
        if isinstance(item, ParseError):
            raise item
        yield item


Header = Callable[[list[str], str], None]  # checks a file's column names, raising ParseError
RowReader = Callable[[dict[str, str | None]], DocumentRecord]


def rows(
    path: Path, header: Header | None = None, read: RowReader | None = None
) -> Iterator[DocumentRecord | ParseError]:
    """Each row's record, or the ParseError that rejects that row alone. Another archive's
    export is read with its mapping's `header` check and row `read`er (`ingest.mapping`)."""
    header, read = header or _check_header, read or document_from_row
    where = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ParseError(f"cannot read the file ({exc.strerror})", path=where) from exc
    except UnicodeDecodeError:
        raise ParseError("not UTF-8 text; expected a UTF-8 CSV file", path=where) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    header(reader.fieldnames or [], where)
    row_number, start = 1, reader.line_num + 1  # the line a row begins on
    try:
        for row in reader:
            row_number += 1
            try:
                doc = read(row)
            except (RowError, RowProblems) as exc:
                yield ParseError(f"row {row_number}, {exc}", path=where, line=start)
            else:
                doc.line = start
                yield doc
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ParseError(f"row {row_number + 1}: {exc}", path=where, line=reader.line_num) from None


def _check_header(names: list[str], where: str) -> None:
    unknown = [n for n in names if n not in COLUMNS and not TEXT_COLUMN.fullmatch(n)]
    if unknown:
        raise ParseError(
            f"row 1, column '{unknown[0]}': unknown column; expected any of {', '.join(COLUMNS)}"
            ", or text:KIND:LANGUAGE",
            path=where,
            line=1,
        )
    for name in names:
        if (problem := text_column_problem(name)) is not None:
            raise ParseError(f"row 1, column '{name}': {problem}", path=where, line=1)
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise ParseError(f"row 1: the column '{missing[0]}' is required", path=where, line=1)


class Row:
    """One row's cells, formula neutralization undone, and every problem found reading them."""

    def __init__(self, row: dict[str, str | None]) -> None:
        self.text = unneutralized(row.get("text") or "")
        self.cells = {k: unneutralized(v or "").strip() for k, v in row.items()}
        self.problems: list[RowError] = []

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")

    def read(self, read: Callable[..., T], *args: Any) -> T | None:
        """`read(*args)`, or None with its problem noted (the row is refused at the end)."""
        try:
            return read(*args)
        except RowError as problem:
            self.problems.append(problem)
            return None

    def day(self, column: str) -> date | None:
        return self.read(_day, self[column], column)

    def key(self, column: str, value: str, max_length: int) -> str:
        """An identifier or a collection key, checked (`records.identifiers`)."""
        if value and (problem := identifiers.problem(value, max_length)):
            self.problems.append(RowError(column, problem))
        return value


def unneutralized(value: str) -> str:
    """The cell without the apostrophe an export puts before a formula's first character."""
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value


def document_from_row(row: dict[str, str | None]) -> DocumentRecord:
    if None in row:
        raise RowError("(extra)", "more values than there are columns")
    cell = Row(row)
    for name in REQUIRED:
        if not cell[name]:
            cell.problems.append(RowError(name, "is empty; every row needs one"))
    doc = DocumentRecord(
        key=cell.key("identifier", cell["identifier"], identifiers.IDENTIFIER_LENGTH),
        title=cell["title"],
        date=_date_value(cell),
        record_id=cell["record_id"],
        number=cell["number"],
        summary=cell["summary"],
        source=SourceCitation(cell["source"]) if cell["source"] else None,
        credits=[cell.read(_credit, c) for c in _split(cell["credits"])],
        rights=cell["rights"],
        classification=cell["classification"],
        uploaded=cell.day("uploaded"),
        participants=[ParticipantRecord(name) for name in _split(cell["participants"])],
        blocks=[BlockRecord("paragraph", p) for p in _paragraphs(cell.text)],
        texts=cell.read(_texts, cell["texts"]) or [],
        scans=[
            ScanRecord(item) if SHA256.fullmatch(item) else ScanRecord(file=item)
            for item in _split(cell["scans"])
        ],
    )
    doc.texts += further_texts(row)
    for name in NAMES:
        setattr(doc, name, _split(cell[name]))
    doc.status = cell["status"] or "published"
    if doc.status not in STATUSES:
        message = f"expected one of {', '.join(STATUSES)}, found {doc.status!r}"
        cell.problems.append(RowError("status", message))
    doc.embargo_until = cell.day("embargo_until")
    keys = _split(cell["collections"])
    doc.collections = [cell.key("collections", k, identifiers.KEY_LENGTH) for k in keys]
    if cell.problems:
        raise RowProblems(cell.problems)
    return doc


def text_column_problem(name: str) -> str | None:
    """What is wrong with a `text:KIND:LANGUAGE` column's name; None for any other column."""
    match = TEXT_COLUMN.fullmatch(name)
    if match is None:
        return None
    if match["kind"] not in TEXT_KINDS:
        return f"the kind of text is one of {', '.join(TEXT_KINDS)}, not {match['kind']!r}"
    return languages.problem(match["language"])


def further_texts(row: dict[str, str | None]) -> list[TextRecord]:
    """The row's `text:KIND:LANGUAGE` cells (checked by the header) as further texts."""
    out = []
    for name, value in row.items():
        if name and (match := TEXT_COLUMN.fullmatch(name)) and value and value.strip():
            blocks = [BlockRecord("paragraph", p) for p in _paragraphs(unneutralized(value))]
            out.append(TextRecord(match["kind"], match["language"].lower(), blocks=blocks))
    return out


def _texts(value: str) -> list[TextRecord]:
    """The `texts` cell: a JSON array of texts as the JSON Lines export writes them."""
    if not value:
        return []
    try:
        data = json.loads(value)
    except json.JSONDecodeError as exc:
        raise RowError("texts", f"expected a JSON array of texts ({exc.msg})") from None
    problems = Problems()
    checked = conform(data, list[TextRecord], "texts", problems)
    if problems:
        raise RowError("texts", problems.text())
    return [text_record(t) for t in checked]


def _date_value(cell: Row) -> DateValue:
    written = cell["date"]
    parsed = parse_date(written) if written else DateValue("")
    start = cell.day("date_start") or parsed.start
    end = cell.day("date_end") or parsed.end or start
    precision = cell["date_precision"] or (parsed.precision if written else "")
    if precision and precision not in PRECISIONS:
        cell.problems.append(RowError("date_precision", f"expected one of {', '.join(PRECISIONS)}"))
    if start and end and end < start:
        cell.problems.append(RowError("date_end", "is before date_start"))
    return DateValue(written, start, end, precision or ("day" if start else "unknown"))


def _day(value: str, column: str) -> date | None:
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
    texts = snap.get("texts")
    row["texts"] = json.dumps(texts, ensure_ascii=False) if texts else ""
    row["scans"] = joined(scan["sha256"] for scan in snap.get("scans", []))
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
