"""Listing public documents a page at a time: browsing by identifier, or searching.

Browsing pages by keyset (identifier after the last one seen), so a page never shifts when
documents are added; a search pages by result page. Either way the cursor is opaque.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from readingroom.api import cursor
from readingroom.records.models import Collection, Document
from readingroom.search.results import Reading
from readingroom.search.service import search

DEFAULT_SIZE = 20
MAX_SIZE = 100
PREFETCH = ("types", "languages", "collections")


def _linked(relation: str, **condition: object) -> Exists:
    """Whether the document has a row of this many-to-many relation meeting the condition."""
    through = getattr(Document, relation).through
    return Exists(through.objects.filter(document_id=OuterRef("pk"), **condition))


@dataclass(frozen=True)
class Filters:
    collection: str = ""
    type: str = ""
    language: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def apply(self, docs: QuerySet) -> QuerySet:
        """Each filter an EXISTS, so a document is never listed twice and no DISTINCT makes
        the database read every public document before the first page."""
        if self.collection:
            docs = docs.filter(_linked("collections", collection__key=self.collection))
        if self.type:
            docs = docs.filter(_linked("types", documenttype__name__iexact=self.type))
        if self.language:
            docs = docs.filter(_linked("languages", language__name__iexact=self.language))
        if self.date_from:
            docs = docs.filter(
                Q(date_end__gte=self.date_from)
                | Q(date_end__isnull=True, date_start__gte=self.date_from)
            )
        if self.date_to:
            docs = docs.filter(date_start__lte=self.date_to)
        return docs

    def as_query(self) -> str:
        """The same filters in the search query language, to AND onto a search."""
        parts = []
        if self.collection:
            found = Collection.objects.filter(key=self.collection).first()
            parts.append(_field("collection", found.title if found else self.collection))
        if self.type:
            parts.append(_field("type", self.type))
        if self.language:
            parts.append(_field("lang", self.language))
        if self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else ""
            end = self.date_to.isoformat() if self.date_to else ""
            parts.append(f"date:{start}..{end}")
        return " ".join(parts)


def _field(name: str, value: str) -> str:
    return f'{name}:"{value.replace(chr(34), " ")}"'


@dataclass
class Page:
    docs: list[Document]
    total: int | None
    next_cursor: str | None
    warnings: list[str]
    readings: list[Reading] = field(default_factory=list)  # names read as people
    rebuilding: bool = False  # the node is building its index: see search.fallback


def clamp(size: int) -> int:
    return max(1, min(size, MAX_SIZE))


def fingerprint(q: str, filters: Filters, size: int, exact: bool = False) -> str:
    return json.dumps([q, asdict(filters), size, exact], default=str, sort_keys=True)


def list_documents(
    q: str, filters: Filters, size: int, token: str | None, exact: bool = False
) -> Page:
    """One page of public documents; raises `cursor.BadCursor` for a foreign cursor.

    ``exact`` searches the words as typed: names are not read as spellings or people.
    """
    size = clamp(size)
    key = fingerprint(q, filters, size, exact)
    state = cursor.decode(token, query=key) if token else {}
    if q.strip():
        return _searched(q, filters, size, key, state.get("page", 1), exact)
    return _browsed(filters, size, key, state.get("after", ""))


def _browsed(filters: Filters, size: int, key: str, after: str) -> Page:
    docs = filters.apply(Document.objects.public()).order_by("identifier")
    page = list(docs.filter(identifier__gt=after).prefetch_related(*PREFETCH)[: size + 1])
    more = len(page) > size
    page = page[:size]
    token = cursor.encode({"query": key, "after": page[-1].identifier}) if more else None
    return Page(page, None, token, [])


def _searched(q: str, filters: Filters, size: int, key: str, number: int, exact: bool) -> Page:
    extra = filters.as_query()
    query = f"({q}) {extra}" if extra else q
    result = search(query, page=number, page_size=size, exact=exact, brief=True)
    found = Document.objects.prefetch_related(*PREFETCH)
    by_id = found.public_in_bulk(hit.doc_id for hit in result.hits)
    docs = [by_id[hit.doc_id] for hit in result.hits if hit.doc_id in by_id]
    more = number < result.last_page
    token = cursor.encode({"query": key, "page": number + 1}) if more else None
    warnings = list(result.warnings)
    return Page(docs, result.total, token, warnings, result.readings, result.rebuilding)


def summary(doc: Document, base: str) -> dict[str, Any]:
    """A document as a list item: enough to cite and to follow to the full record."""
    return {
        "identifier": doc.identifier,
        "title": doc.title,
        "date": {
            "text": doc.date_text,
            "start": doc.date_start.isoformat() if doc.date_start else None,
            "end": doc.date_end.isoformat() if doc.date_end else None,
            "precision": doc.date_precision,
        },
        "types": [t.name for t in doc.types.all()],
        "languages": [lang.name for lang in doc.languages.all()],
        "collections": [c.key for c in doc.collections.all()],
        "url": base + doc.get_absolute_url(),
        "api_url": f"{base}/api/v1/documents/{doc.identifier}",
    }
