"""Build the citable view of a stored document for a page (the Django side of the crosswalk)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from readingroom.records.models import Document
from readingroom.web.citable import Citable, citable


def page_url(request: HttpRequest | None, doc: Document) -> str:
    path = doc.get_absolute_url()
    return request.build_absolute_uri(path) if request is not None else path


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def citation_fields(doc: Document) -> dict[str, Any]:
    """The keys of ``records.serialize.document_snapshot`` a citation reads — all but the body.

    Built here rather than by calling ``document_snapshot``, whose blocks, annotations and
    mentions cost the document page a third of its time budget and no citation reads them.
    Uses the document's prefetched relations when the caller prefetched them.
    """
    names = lambda manager: [v.name for v in manager.all()]  # noqa: E731
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
        "types": names(doc.types),
        "languages": names(doc.languages),
        "subjects": names(doc.subjects),
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
        "places": list(doc.places),
    }


def citable_document(
    doc: Document, request: HttpRequest | None, people: list[dict] | None = None
) -> Citable:
    """The document's citation fields with its collections' titles and editors and its URL."""
    record = citation_fields(doc)
    record["people"] = people or []
    collections = {
        c.key: {"title": c.title, "editors": list(c.editors), "volume": c.volume}
        for c in doc.collections.all()
    }
    return citable(record, url=page_url(request, doc), collections=collections)
