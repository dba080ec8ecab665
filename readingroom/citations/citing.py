"""Build the citable view of a stored document for a page (the Django side of the crosswalk)."""

from __future__ import annotations

from django.http import HttpRequest

from readingroom.citations.citable import Citable, citable
from readingroom.records.contract import collection_fields
from readingroom.records.models import Document
from readingroom.records.serialize import document_fields


def page_url(request: HttpRequest | None, doc: Document) -> str:
    path = doc.get_absolute_url()
    return request.build_absolute_uri(path) if request is not None else path


def citable_document(
    doc: Document, request: HttpRequest | None, people: list[dict] | None = None
) -> Citable:
    """The document's citation fields, its collections' fields and its URL."""
    record = document_fields(doc)  # the body (blocks) is not needed and costs most
    record["people"] = people or []
    collections = {c.key: collection_fields(c) for c in doc.collections.all()}
    return citable(record, url=page_url(request, doc), collections=collections)
