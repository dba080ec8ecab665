"""REST endpoints for documents and search; only public records are ever visible."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router
from pydantic import BeforeValidator

from readingroom.api import listing, tei
from readingroom.api.events import document_events
from readingroom.api.http import base_url
from readingroom.api.readings import readings_out
from readingroom.api.schemas import DocumentOut, DocumentPage, Message, SearchOut
from readingroom.authorities.appearances import public_view
from readingroom.records.languages import language_code, language_label
from readingroom.records.models import Document
from readingroom.search.service import as_dict, search

router = Router(tags=["documents"])
NOT_FOUND = "No public document has this identifier"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    """Only YYYY-MM-DD, as the schema says: not the timestamps pydantic would also take."""
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise ValueError("expected a day as YYYY-MM-DD")
    return value


IsoDay = Annotated[date, BeforeValidator(_iso_day)]
EXACT = "search the words as typed: names are not read as other spellings or as people"


@router.get("/documents", response={200: DocumentPage, 400: Message})
def documents(
    request: HttpRequest,
    q: str = "",
    collection: str = "",
    type: str = "",
    language: str = "",
    date_from: IsoDay | None = None,
    date_to: IsoDay | None = None,
    limit: int = Query(listing.DEFAULT_SIZE, description=f"capped at {listing.MAX_SIZE}"),
    cursor: str | None = Query(None, description="next_cursor from the previous page"),
    exact: bool = Query(False, description=EXACT),
):
    """Public documents by identifier, or ranked by `q` (the reading room's query language)."""
    filters = listing.Filters(collection, type, language, date_from, date_to)
    page = listing.list_documents(q, filters, limit, cursor, exact)
    base = base_url(request)
    return {
        "items": [listing.summary(doc, base) for doc in page.docs],
        "total": page.total,
        "next_cursor": page.next_cursor,
        "warnings": page.warnings,
        "readings": readings_out(page.readings, base),
        "rebuilding": page.rebuilding,
    }


@router.get("/documents/{identifier}", response={200: DocumentOut, 404: Message})
def document(request: HttpRequest, identifier: str):
    """The whole record: metadata, blocks with annotations and mentions, people named, and
    the public events it records, reports or mentions."""
    doc = Document.objects.public().filter(identifier=identifier).first()
    if doc is None:
        raise Http404(NOT_FOUND)
    return {**public_view(doc), "events": document_events(doc, base_url(request))}


@router.get(
    "/documents/{identifier}/tei",
    response={200: None, 404: Message},
    openapi_extra={"responses": {200: {"content": {"application/tei+xml": {}}}}},
)
def document_tei(request: HttpRequest, identifier: str):
    """The record as a TEI P5 file (header from the metadata, body from the blocks)."""
    doc = Document.objects.public().filter(identifier=identifier).first()
    if doc is None:
        raise Http404(NOT_FOUND)
    url = request.build_absolute_uri(doc.get_absolute_url())
    body = tei.tei_document(public_view(doc), url)
    response = HttpResponse(body, content_type="application/tei+xml; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, f"{doc.identifier}.tei.xml")
    return response


def facet_value(facet: str, value: str, count: int) -> dict:
    """A facet's value as the filter takes it and as a reader names it: a language is counted
    by its name, and given by its code ("en", "English") as this API has always given it."""
    if facet == "language":
        return {"value": language_code(value), "label": language_label(value), "count": count}
    return {"value": value, "label": value, "count": count}


@router.get("/search", response={200: SearchOut, 400: Message})
def search_documents(
    request: HttpRequest,
    q: str = "",
    page: int = 1,
    sort: str = Query(
        "relevance",
        pattern="^(relevance|date|date_asc|date_desc)$",
        description="relevance, date_asc (oldest first; also date) or date_desc",
    ),
    limit: int = Query(10, description=f"capped at {listing.MAX_SIZE}"),
    exact: bool = Query(False, description=EXACT),
):
    """Ranked hits with highlighted passages, facet counts, a year histogram, and whom the
    names typed were read as (a whole name also finds the documents linked to its people)."""
    size = listing.clamp(limit)
    sort = "date_asc" if sort == "date" else sort
    found = search(q, page=max(1, page), sort=sort, page_size=size, exact=exact)
    result = as_dict(found)
    base = base_url(request)
    result["readings"] = readings_out(found.readings, base)
    for hit in result["hits"]:
        hit["api_url"] = f"{base}/api/v1/documents/{hit['identifier']}"
    facets = {
        name: [facet_value(name, v, n) for v, n in values]
        for name, values in result["facets"].items()
    }
    years = [{"year": y, "count": n} for y, n in result["years"]]
    return {**result, "query": q, "last_page": found.last_page, "facets": facets, "years": years}
