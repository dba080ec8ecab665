"""Importer for JSON Lines exports (`readingroom export --format jsonl`).

Each line is one JSON object: either a collection, ``{"collection": {"key": …, "title": …}}``,
or a document snapshot (the shape of `records.snapshot`) with its ``status`` and
``embargo_until``. Every line is checked before any record is stored, each value against the
type the record contract declares (`ingest.shapes`). A line that cannot be read rejects that
record alone, named with the file, the line and the field; the rest of the file goes on.
Identifiers and collection keys must already be valid (`records.identifiers`): a wrong one
is refused, never rewritten, since other systems may cite it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from readingroom.ingest.base import Importer, ParsedFile, ParseError
from readingroom.ingest.shapes import Problems, conform, conform_record, snapshot_hints
from readingroom.records import identifiers, languages
from readingroom.records.contract import (
    CONTENTS_DEPTH,
    CONTENTS_KINDS,
    LATER,
    TEXT_KINDS,
    CollectionRecord,
    DocumentRecord,
    contents_entries,
)
from readingroom.records.models import Status
from readingroom.records.snapshot import parsed_from_snapshot

STATUSES = tuple(Status.values)
Line = DocumentRecord | CollectionRecord


class JsonLinesImporter(Importer):
    format = "jsonl"

    @classmethod
    def accepts(cls, path: Path, head: bytes) -> bool:
        return path.suffix.lower() == ".jsonl"

    def parse(self, path: Path) -> ParsedFile:
        collections: list[CollectionRecord] = []
        total = 0
        for item in lines(path):  # checks every line before anything is saved
            if isinstance(item, CollectionRecord):
                collections.append(item)
            else:
                total += 1
        documents = (d for d in lines(path) if not isinstance(d, CollectionRecord))
        return ParsedFile(str(path), documents, total=total, collections=collections)


def lines(path: Path) -> Iterator[Line | ParseError]:
    """Each line's record, or the ParseError that rejects that line alone."""
    where = str(path)
    try:
        with path.open("rb") as stream:
            for number, raw in enumerate(stream, start=1):
                if raw.strip():
                    try:
                        yield parse_line(raw, where, number)
                    except ParseError as exc:
                        yield exc
    except OSError as exc:
        raise ParseError(f"cannot read the file ({exc.strerror})", path=where) from exc


def read_lines(path: Path) -> Iterator[Line]:
    """Every record of the file; the first line that cannot be read raises its ParseError."""
    for item in lines(path):
        if isinstance(item, ParseError):
            raise item
        yield item


def parse_line(raw: bytes, path: str, line: int) -> Line:
    def fail(message: str) -> ParseError:
        return ParseError(message, path=path, line=line)

    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise fail("not UTF-8 text; expected one JSON object per line") from None
    except json.JSONDecodeError as exc:
        raise fail(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except ValueError as exc:  # a number of thousands of digits
        raise fail(f"not readable JSON ({exc})") from None
    except RecursionError:
        raise fail("nested too deeply to read; expected a record as an export writes it") from None
    if not isinstance(data, dict):
        raise fail("expected a JSON object (a document or a collection)")
    problems = Problems()
    if "collection" in data:
        item = _collection(data["collection"], problems)
    else:
        item = _record(data, problems)
    if item is None:
        raise fail(problems.text())
    if isinstance(item, DocumentRecord):
        item.line = line
    return item


def _collection(data: Any, problems: Problems) -> CollectionRecord | None:
    if isinstance(data, dict):
        data = {"title": "", **data}  # the key stands in for a missing title
        if _depth(data.get("contents")) > CONTENTS_DEPTH:
            problems.add("collection.contents", f"nests deeper than {CONTENTS_DEPTH} levels")
            return None
    fields = conform_record(data, CollectionRecord, "collection", problems)
    key = fields.get("key")
    if isinstance(key, str) and (problem := identifiers.problem(key, identifiers.KEY_LENGTH)):
        problems.add("collection.key", problem)
    _check_contents(fields.get("contents") or [], "collection.contents", problems)
    if problems:
        return None
    fields["contents"] = contents_entries(fields["contents"])
    return CollectionRecord(**{**fields, "title": fields["title"] or fields["key"]})


def _depth(entries: Any) -> int:
    """How deep a table of contents nests, read without recursion (a hostile line may nest
    a thousand levels)."""
    depth, level = 0, entries if isinstance(entries, list) else []
    while level:
        depth += 1
        level = [
            child
            for item in level
            if isinstance(item, dict) and isinstance(item.get("entries"), list)
            for child in item["entries"]
        ]
    return depth


def _check_contents(entries: list[dict[str, Any]], where: str, problems: Problems) -> None:
    """Each entry's kind; a document's key a valid identifier, with no entries of its own."""
    for i, entry in enumerate(entries):
        at = f"{where}[{i}]"
        kind, key = entry.get("kind"), entry.get("key")
        if kind not in CONTENTS_KINDS:
            problems.wrong(f"{at}.kind", f"one of {', '.join(CONTENTS_KINDS)}", kind)
        elif kind == "document" and isinstance(key, str) and (problem := identifiers.problem(key)):
            problems.add(f"{at}.key", problem)
        elif kind == "document" and entry.get("entries"):
            problems.add(f"{at}.entries", "is not empty; a document holds no entries")
        _check_contents(entry.get("entries") or [], f"{at}.entries", problems)


def _record(data: dict[str, Any], problems: Problems) -> DocumentRecord | None:
    snap = {}
    for name, hint in snapshot_hints().items():
        if name not in data and name in LATER:
            snap[name] = []  # an export written before the field existed
        elif name not in data:
            problems.add(name, "is missing")
        else:
            snap[name] = conform(data[name], hint, name, problems)
    _check_values(snap, problems)
    status = data.get("status", "published")
    if status not in STATUSES:
        problems.wrong("status", f"one of {', '.join(STATUSES)}", status)
    embargo = conform(data.get("embargo_until"), date | None, "embargo_until", problems)
    if problems:
        return None
    try:
        parsed = parsed_from_snapshot(snap)
    except (KeyError, TypeError, ValueError) as exc:  # what the checks above do not foresee
        problems.add("(record)", f"malformed ({exc!r})")
        return None
    parsed.status = status
    parsed.embargo_until = date.fromisoformat(embargo) if embargo else None
    parsed.collections = list(snap["collections"])
    return parsed


def _check_values(snap: dict[str, Any], problems: Problems) -> None:
    """What the types do not say: a valid identifier and collection keys, a title, the kind
    and language of each further text."""
    identifier, title = snap.get("identifier"), snap.get("title")
    if isinstance(identifier, str) and (problem := identifiers.problem(identifier)):
        problems.add("identifier", problem)
    if isinstance(title, str) and not title.strip():
        problems.add("title", "is empty")
    for i, key in enumerate(snap.get("collections") or []):
        if isinstance(key, str) and (problem := identifiers.problem(key, identifiers.KEY_LENGTH)):
            problems.add(f"collections[{i}]", problem)
    for i, text in enumerate(snap.get("texts") or []):
        if text.get("kind") not in TEXT_KINDS:
            problems.wrong(f"texts[{i}].kind", f"one of {', '.join(TEXT_KINDS)}", text.get("kind"))
        if isinstance(text.get("language"), str) and (
            problem := languages.problem(text["language"])
        ):
            problems.add(f"texts[{i}].language", problem)
