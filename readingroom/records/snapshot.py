"""A record as one plain JSON-able dict: what revisions keep, `show --format json` prints,
and imports compare against to decide created / updated / unchanged.

Plain Python (no Django): the same shape comes from a parsed file (here) and from the
database (`records.serialize`), so comparing them is comparing like with like.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import date
from typing import Any

from readingroom.records.contract import (
    AnnotationRecord,
    BlockRecord,
    CreditRecord,
    DocumentRecord,
    MentionRecord,
    ParticipantRecord,
    SourceCitation,
)
from readingroom.records.dates import DateValue

# Fields an import may set; a curator's edit to any of them protects it from re-import.
IMPORTED_FIELDS = (
    "record_id",
    "title",
    "number",
    "date",
    "types",
    "languages",
    "subjects",
    "funders",
    "collections",
    "summary",
    "source",
    "credits",
    "rights",
    "classification",
    "uploaded",
    "places",
    "participants",
    "blocks",
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def block_dict(block: BlockRecord) -> dict[str, Any]:
    return {
        "kind": block.kind,
        "text": block.text,
        "speaker": block.speaker,
        "n": block.n,
        "anchor": block.anchor,
        "annotations": [
            {"kind": a.kind, "start": a.start, "end": a.end, "text": a.text, "target": a.target}
            for a in block.annotations
        ],
        "mentions": [
            {"kind": m.kind, "key": m.key, "start": m.start, "end": m.end, "text": m.text}
            for m in block.mentions
        ],
    }


def snapshot_from_parsed(doc: DocumentRecord, collections: list[str]) -> dict[str, Any]:
    source = doc.source
    return {
        "identifier": doc.key,
        "record_id": doc.record_id,
        "title": doc.title,
        "number": doc.number,
        "date": {
            "text": doc.date.text,
            "start": _iso(doc.date.start),
            "end": _iso(doc.date.end),
            "precision": doc.date.precision,
        },
        "types": list(doc.types),
        "languages": list(doc.languages),
        "subjects": list(doc.subjects),
        "funders": list(doc.funders),
        "collections": list(collections),
        "summary": doc.summary,
        "source": asdict(source) if source else empty_source(),
        "credits": [asdict(c) for c in doc.credits],
        "rights": doc.rights,
        "classification": doc.classification,
        "uploaded": _iso(doc.uploaded),
        "places": list(doc.places),
        "participants": [asdict(p) for p in doc.participants],
        "blocks": [block_dict(b) for b in doc.blocks],
    }


def empty_source() -> dict[str, str]:
    return {"text": "", "archive": "", "archive_abbr": "", "fonds": "", "file": "", "volume": ""}


def content_hash(snapshot: dict[str, Any]) -> str:
    """A digest of the imported fields only, so status or bookkeeping never look like edits."""
    imported = {k: snapshot.get(k) for k in ("identifier", *IMPORTED_FIELDS)}
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


def parsed_from_snapshot(snap: dict[str, Any]) -> DocumentRecord:
    """The inverse of `snapshot_from_parsed`: a stored record as the parsers' dataclasses."""
    when = snap["date"]
    return DocumentRecord(
        key=snap["identifier"],
        title=snap["title"],
        date=DateValue(
            when["text"],
            _date(when["start"]),
            _date(when["end"]),
            when["precision"],
        ),
        types=list(snap["types"]),
        blocks=[_block(b) for b in snap["blocks"]],
        summary=snap["summary"],
        source=SourceCitation(**snap["source"]) if snap["source"]["text"] else None,
        credits=[CreditRecord(**c) for c in snap["credits"]],
        rights=snap["rights"],
        funders=list(snap["funders"]),
        languages=list(snap["languages"]),
        classification=snap["classification"],
        record_id=snap["record_id"],
        uploaded=_date(snap["uploaded"]),
        number=snap["number"],
        places=list(snap["places"]),
        subjects=list(snap["subjects"]),
        participants=[ParticipantRecord(**p) for p in snap["participants"]],
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _block(data: dict[str, Any]) -> BlockRecord:
    return BlockRecord(
        kind=data["kind"],
        text=data["text"],
        speaker=data["speaker"],
        n=data["n"],
        anchor=data["anchor"],
        annotations=[AnnotationRecord(**a) for a in data["annotations"]],
        mentions=[MentionRecord(**m) for m in data["mentions"]],
    )
