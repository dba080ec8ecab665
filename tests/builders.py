"""Builders for test data, by keyword: what a test needs and nothing more.

Each builder names every value it sets and gives the rest a plain default, so a test reads as
`index_document(doc_id=2, title="Report", passages=[...])` rather than a row of positions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from readingroom.curation.models import Attachment
from readingroom.records import files
from readingroom.records.models import Document
from readingroom.search.entries import IndexDocument, IndexPassage

# ---------------------------------------------------------------- search index entries


def index_passage(
    *,
    block_id: int = 1,
    order: int = 0,
    text: str = "",
    speaker: str = "",
    speaker_names: Iterable[str] = (),
    kind: str | None = None,
) -> IndexPassage:
    """One block of a document for the index: a turn when it has a speaker, else a paragraph."""
    return IndexPassage(
        block_id=block_id,
        order=order,
        kind=kind or ("turn" if speaker else "paragraph"),
        speaker=speaker,
        speaker_names=list(speaker_names),
        text=text,
    )


def index_document(
    *,
    doc_id: int = 1,
    identifier: str | None = None,
    title: str = "",
    summary: str = "",
    date_start: date | None = None,
    date_end: date | None = None,
    types: Iterable[str] = (),
    collections: Iterable[str] = (),
    languages: Iterable[str] = (),
    persons: Iterable[str] = (),
    places: Iterable[str] = (),
    passages: Iterable[IndexPassage] = (),
    notes: Iterable[str] = (),
) -> IndexDocument:
    """A document as the index sees it; its identifier is str(doc_id) unless given."""
    return IndexDocument(
        doc_id=doc_id,
        identifier=str(doc_id) if identifier is None else identifier,
        title=title,
        summary=summary,
        date_start=date_start,
        date_end=date_end,
        types=list(types),
        collections=list(collections),
        languages=list(languages),
        persons=list(persons),
        places=list(places),
        passages=list(passages),
        notes=list(notes),
    )


# ---------------------------------------------------------------- source files

HOSTILE_BODY = (
    '<text><body><div type="document" xml:id="d1" n="1"><head>1. X</head><p>{}</p></div>'
    "</body></text></TEI>\n"
)


def hostile_tei(folder: Path, *, name: str, doctype: str, payload: str) -> Path:
    """A one-document TEI file at folder/name: `doctype` declared in its DOCTYPE's internal
    subset (entities, say), `payload` as the text of its one paragraph."""
    path = folder / name
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE TEI [\n{doctype}\n]>\n'
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{HOSTILE_BODY.format(payload)}',
        encoding="utf-8",
    )
    return path


# ---------------------------------------------------------------- stored records


def attachment(document: Document, data: bytes, name: str, *, by: str = "test") -> Attachment:
    """A file attached as the admin attaches one: checked, stored by its hash, recorded."""
    media_type = files.check(data[:16], name, len(data))
    sha256, size = files.store([data])
    return Attachment.objects.create(
        document=document,
        sha256=sha256,
        original_name=Path(name).name,
        media_type=media_type,
        size=size,
        uploaded_by=by,
    )


def jsonl_record(identifier: str, **more) -> str:
    """One JSON Lines record (the export's shape) with empty fields but those given."""
    source = dict.fromkeys(("text", "archive", "archive_abbr", "fonds", "file", "volume"), "")
    record = {
        "identifier": identifier,
        "record_id": "",
        "title": f"Title {identifier}",
        "number": "",
        "date": {"text": "", "start": None, "end": None, "precision": "unknown"},
        "types": [],
        "languages": [],
        "subjects": [],
        "funders": [],
        "collections": [],
        "places": [],
        "participants": [],
        "credits": [],
        "summary": "",
        "source": source,
        "rights": "",
        "classification": "",
        "uploaded": None,
        "blocks": [],
    }
    return json.dumps(record | more)
