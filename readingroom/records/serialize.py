"""Read a stored document back as its snapshot dict (the shape of `records.snapshot`)."""

from __future__ import annotations

from typing import Any

from readingroom.records.models import Document


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _names(manager) -> list[str]:
    return [v.name for v in manager.all()]


def document_snapshot(doc: Document) -> dict[str, Any]:
    """The whole record, as imports, revisions and `show --format json` see it."""
    return {
        **document_fields(doc),
        "participants": [
            {"name": p.name, "role": p.role, "key": p.source_key} for p in doc.participants.all()
        ],
        "blocks": [_block(b) for b in doc.blocks.prefetch_related("annotations", "mentions")],
    }


def document_fields(doc: Document) -> dict[str, Any]:
    """The record without its body (participants, blocks): what a citation reads.

    Uses the document's prefetched relations when the caller prefetched them.
    """
    return {
        "identifier": doc.identifier,
        "record_id": doc.record_id,
        "title": doc.title,
        "number": doc.number,
        "date": {
            "text": doc.date_text,
            "start": _iso(doc.date_start),
            "end": _iso(doc.date_end),
            "precision": doc.date_precision,
        },
        "types": _names(doc.types),
        "languages": _names(doc.languages),
        "subjects": _names(doc.subjects),
        "funders": _names(doc.funders),
        "collections": [c.key for c in doc.collections.all()],
        "summary": doc.summary,
        "source": {
            "text": doc.source_text,
            "archive": doc.source_archive,
            "archive_abbr": doc.source_archive_abbr,
            "fonds": doc.source_fonds,
            "file": doc.source_file,
            "volume": doc.source_volume,
        },
        "credits": [{"role": c.role, "name": c.name} for c in doc.credits.all()],
        "rights": doc.rights,
        "classification": doc.classification,
        "uploaded": _iso(doc.uploaded),
        "places": list(doc.places),
    }


def _block(block) -> dict[str, Any]:
    return {
        "kind": block.kind,
        "text": block.text,
        "speaker": block.speaker,
        "n": block.n,
        "anchor": block.anchor,
        "annotations": [
            {"kind": a.kind, "start": a.start, "end": a.end, "text": a.text, "target": a.target}
            for a in block.annotations.all()
        ],
        "mentions": [
            {"kind": m.kind, "key": m.source_key, "start": m.start, "end": m.end, "text": m.text}
            for m in block.mentions.all()
        ],
    }


def public_view(doc: Document) -> dict[str, Any]:
    """The snapshot plus what a reader sees beside it: status and the people named."""
    data = document_snapshot(doc)
    data["status"] = doc.status
    data["people"] = people_of(doc)
    return data


def people_of(doc: Document) -> list[dict[str, Any]]:
    """Each linked person once, with how they appear (speaker, participant, mentioned)."""
    found: dict[int, dict[str, Any]] = {}

    def add(person, how: str) -> None:
        if person is None:
            return
        entry = found.setdefault(
            person.pk, {"name": person.name, "slug": person.slug, "appears_as": []}
        )
        if how not in entry["appears_as"]:
            entry["appears_as"].append(how)

    for block in doc.blocks.select_related("speaker_person"):
        add(block.speaker_person, "speaker")
    for part in doc.participants.select_related("person"):
        add(part.person, "participant")
    for mention in doc.mentions.select_related("person").filter(person__isnull=False):
        add(mention.person, "mentioned")
    return sorted(found.values(), key=lambda e: e["name"])
