"""A record as one plain JSON-able dict: what revisions keep, `show --format json` prints,
and imports compare against to decide created / updated / unchanged.

Plain Python (no Django): the same shape comes from a parsed file (here) and from the
database (`records.serialize`), so comparing them is comparing like with like.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from datetime import date
from functools import lru_cache
from typing import Any

from readingroom.records.contract import (
    CHILDREN,
    COLUMNS,
    DATES,
    IMPORTED_FIELDS,
    LATER,
    VOCABULARIES,
    AnnotationRecord,
    BlockRecord,
    CreditRecord,
    DocumentRecord,
    MentionRecord,
    ParticipantRecord,
    ScanRecord,
    SourceCitation,
    TextRecord,
    later_fields,
)
from readingroom.records.dates import DateValue


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def plain(name: str, value: Any) -> Any:
    """A column's value as the snapshot holds it (dates as ISO text, lists copied)."""
    if name in DATES:
        return iso(value)
    return list(value) if isinstance(value, list) else value


def date_dict(value: DateValue) -> dict[str, Any]:
    return {
        "text": value.text,
        "start": iso(value.start),
        "end": iso(value.end),
        "precision": value.precision,
    }


def date_value(data: dict[str, Any]) -> DateValue:
    """The inverse of `date_dict`."""
    return DateValue(data["text"], _date(data["start"]), _date(data["end"]), data["precision"])


def source_dict(value: SourceCitation | None) -> dict[str, str]:
    return record_dict(value or SourceCitation(""))


@lru_cache(maxsize=32)
def _shape(cls: type) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """A contract dataclass's field names, those holding lists of records, those added later."""
    names = tuple(f.name for f in fields(cls))
    nested = tuple(f.name for f in fields(cls) if "Record]" in str(f.type))
    return names, nested, later_fields(cls)


def record_dict(record: Any) -> dict[str, Any]:
    """A contract dataclass as a dict, nested records too: `dataclasses.asdict` without its
    deep copies, which cost more than the rest of storing a record. A field added later is
    left out while empty."""
    names, nested, later = _shape(type(record))
    out = {name: value for name in names if (value := getattr(record, name)) or name not in later}
    for name in nested:
        out[name] = [record_dict(item) for item in out[name]]
    return out


def snapshot_from_parsed(doc: DocumentRecord, collections: list[str]) -> dict[str, Any]:
    """The imported fields of a parsed record, as `records.serialize` reads them back."""
    snap: dict[str, Any] = {"identifier": doc.key, "collections": list(collections)}
    snap |= {name: plain(name, getattr(doc, name)) for name in COLUMNS}
    snap |= {name: list(getattr(doc, name)) for name in VOCABULARIES}
    snap |= {name: [record_dict(child) for child in getattr(doc, name)] for name in CHILDREN}
    return snap | {"date": date_dict(doc.date), "source": source_dict(doc.source)}


def content_hash(snapshot: dict[str, Any]) -> str:
    """A digest of the imported fields only, so status or bookkeeping never look like edits.
    An empty field added `later` counts as absent: a record stored before it keeps its hash."""
    names = ("identifier", *IMPORTED_FIELDS)
    imported = {k: snapshot.get(k) for k in names if k not in LATER or snapshot.get(k)}
    data = json.dumps(imported, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Top-level fields that differ, as {field: [before, after]}; {} for a new record, whose
    revision snapshot already is the whole change."""
    if not before:
        return {}
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def keep_edited(incoming: dict[str, Any], stored: dict[str, Any], edited: list[str]) -> dict:
    """The incoming record with hand-edited fields kept as they are stored."""
    merged = dict(incoming)
    for name in edited:
        if name in stored:
            merged[name] = stored[name]
    return merged


def keep_machine_read(incoming: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """The incoming record with the texts the archive read from its scans (OCR) kept, unless
    it brings a transcription of its own: a machine-read text is the archive's, not the
    file's, and the file it was imported from never had it."""
    read = [t for t in stored.get("texts", []) if t["machine_read"]]
    texts = incoming.get("texts", [])
    if not read or any(t["kind"] == "transcription" for t in texts):
        return incoming
    return {**incoming, "texts": [*texts, *read]}


def parsed_from_snapshot(snap: dict[str, Any]) -> DocumentRecord:
    """The inverse of `snapshot_from_parsed`: a stored record as the contract's dataclasses."""
    columns = {name: snap.get(name, []) if name in LATER else snap[name] for name in COLUMNS}
    columns |= {name: _date(snap[name]) for name in DATES if name in COLUMNS}
    return DocumentRecord(
        key=snap["identifier"],
        date=date_value(snap["date"]),
        source=SourceCitation(**snap["source"]) if snap["source"]["text"] else None,
        blocks=[_block(b) for b in snap["blocks"]],
        credits=[CreditRecord(**c) for c in snap["credits"]],
        participants=[ParticipantRecord(**p) for p in snap["participants"]],
        texts=[text_record(t) for t in snap.get("texts", [])],
        scans=[ScanRecord(**s) for s in snap.get("scans", [])],
        **columns,
        **{name: list(snap[name]) for name in VOCABULARIES},
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def text_record(data: dict[str, Any]) -> TextRecord:
    """A further text from its snapshot dict."""
    return TextRecord(
        **{k: v for k, v in data.items() if k not in ("credits", "blocks")},
        credits=[CreditRecord(**c) for c in data["credits"]],
        blocks=[_block(b) for b in data["blocks"]],
    )


def _block(data: dict[str, Any]) -> BlockRecord:
    return BlockRecord(
        **{k: v for k, v in data.items() if k not in ("annotations", "mentions")},
        annotations=[AnnotationRecord(**a) for a in data["annotations"]],
        mentions=[MentionRecord(**m) for m in data["mentions"]],
    )
