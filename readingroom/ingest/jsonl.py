"""Importer for JSON Lines exports (`readingroom export --format jsonl`).

Each line is one JSON object: either a collection, ``{"collection": {"key": …, "title": …}}``,
or a document snapshot (the shape of `records.snapshot`) with its ``status`` and
``embargo_until``. The whole file is checked before any record is yielded, so a file with one
bad line writes nothing; the error names the file, the line and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from readingroom.ingest.base import Importer, ParsedFile, ParseError
from readingroom.records import contract
from readingroom.records.contract import (
    COLLECTION_FIELDS,
    BlockRecord,
    CollectionRecord,
    DocumentRecord,
    SourceCitation,
)
from readingroom.records.dates import DateValue
from readingroom.records.models import Status
from readingroom.records.snapshot import parsed_from_snapshot


def field_types() -> dict[str, tuple[type, ...]]:
    """The JSON type of each stored record field in a snapshot line, from the contract."""
    types: dict[str, tuple[type, ...]] = {"identifier": (str,)}
    for f in fields(DocumentRecord):
        how = f.metadata.get("stored")
        if how in (None, "publication"):
            continue  # not stored, or optional in a line (status, embargo)
        if how == "composite":
            types[f.name] = (dict,)
        elif f.name in contract.DATES:
            types[f.name] = (str, type(None))
        else:
            types[f.name] = (list,) if "list[" in str(f.type) else (str,)
    return types


FIELD_TYPES = field_types()
STATUSES = tuple(Status.values)


class JsonLinesImporter(Importer):
    format = "jsonl"

    @classmethod
    def accepts(cls, path: Path, head: bytes) -> bool:
        return path.suffix.lower() == ".jsonl"

    def parse(self, path: Path) -> ParsedFile:
        collections: list[CollectionRecord] = []
        total = 0
        for item in read_lines(path):  # checks every line before anything is saved
            if isinstance(item, CollectionRecord):
                collections.append(item)
            else:
                total += 1
        documents = (d for d in read_lines(path) if isinstance(d, DocumentRecord))
        return ParsedFile(str(path), documents, total=total, collections=collections)


def read_lines(path: Path) -> Iterator[DocumentRecord | CollectionRecord]:
    where = str(path)
    try:
        with path.open("rb") as stream:
            for number, raw in enumerate(stream, start=1):
                if raw.strip():
                    yield parse_line(raw, where, number)
    except OSError as exc:
        raise ParseError(f"cannot read the file ({exc.strerror})", path=where) from exc


def parse_line(raw: bytes, path: str, line: int) -> DocumentRecord | CollectionRecord:
    def fail(message: str) -> ParseError:
        return ParseError(message, path=path, line=line)

    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise fail("not UTF-8 text; expected one JSON object per line") from None
    except json.JSONDecodeError as exc:
        raise fail(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise fail("expected a JSON object (a document or a collection)")
    if "collection" in data:
        return _collection(data["collection"], fail)
    return _record(data, fail, line)


def _collection(data: Any, fail) -> CollectionRecord:
    if not isinstance(data, dict) or not str(data.get("key") or "").strip():
        raise fail("field 'collection': expected an object with a non-empty 'key'")
    unknown = set(data) - set(COLLECTION_FIELDS)
    if unknown:
        raise fail(f"field 'collection.{sorted(unknown)[0]}': not a collection field")
    texts = {name: str(data.get(name) or "") for name in COLLECTION_FIELDS if name != "editors"}
    texts["title"] = texts["title"] or texts["key"]
    return CollectionRecord(**texts, editors=list(data.get("editors") or []))


def _record(data: dict[str, Any], fail, line: int) -> DocumentRecord:
    try:
        _check(data)
        parsed = parsed_from_snapshot(data)
    except ValueError as exc:
        raise fail(str(exc)) from None
    except (KeyError, TypeError) as exc:
        raise fail(f"a nested field is malformed ({exc!r})") from None
    parsed.line = line
    parsed.status = data.get("status", "published")
    parsed.embargo_until = _date(data.get("embargo_until"), "embargo_until")
    parsed.collections = list(data["collections"])
    return parsed


_NESTED = {
    "date": tuple(f.name for f in fields(DateValue)),
    "source": tuple(f.name for f in fields(SourceCitation)),
}
_BLOCK_KEYS = tuple(f.name for f in fields(BlockRecord))


def _check(data: dict[str, Any]) -> None:
    """Raise ValueError naming the first field that is missing or of the wrong kind."""
    for name, types in FIELD_TYPES.items():
        if name not in data:
            raise ValueError(f"field '{name}' is missing")
        if not isinstance(data[name], types):
            expected = " or ".join("null" if t is type(None) else t.__name__ for t in types)
            raise ValueError(f"field '{name}': expected {expected}")
    for name in ("identifier", "title"):
        if not data[name].strip():
            raise ValueError(f"field '{name}' is empty")
    for name, keys in _NESTED.items():
        _require(data[name], keys, name)
    _date(data["date"]["start"], "date.start")
    _date(data["date"]["end"], "date.end")
    for name in contract.DATES:
        _date(data.get(name), name)
    for i, block in enumerate(data["blocks"]):
        _require(block, _BLOCK_KEYS, f"blocks[{i}]")
    status = data.get("status", "published")
    if status not in STATUSES:
        raise ValueError(f"field 'status': expected one of {', '.join(STATUSES)}, found {status!r}")


def _require(value: Any, keys: tuple[str, ...], name: str) -> None:
    if not isinstance(value, dict):
        raise ValueError(f"field '{name}': expected an object")
    missing = [k for k in keys if k not in value]
    if missing:
        raise ValueError(f"field '{name}.{missing[0]}' is missing")


def _date(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"field '{name}': expected a date as YYYY-MM-DD, found {value!r}"
        ) from None
