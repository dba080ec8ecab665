"""The home page and the list of all documents, by date and by collection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Q, QuerySet, Sum, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from readingroom.authorities.derived_tasks import request_follow
from readingroom.authorities.models import DerivedDocument, PublicCount
from readingroom.records.models import Collection, Document, is_public
from readingroom.web.histogram import bars
from readingroom.web.network import public_collections
from readingroom.web.views.common import year_link

COLLECTION_LIMIT = 100  # listed on the home page, by title; each document page names its own
LOOSE_LIMIT = 50
RECENT_LIMIT = 10
PAGE_SIZE = 50  # documents a page of the list shows
BATCH = 200  # ids read at a time, newest first, to find the recent public documents


def first_collections(limit: int) -> list[Collection]:
    """The first collections by title that hold a public document, each with `public_count`,
    as the derived data counts them."""
    found = list(public_collections().order_by("title", "key")[:limit])
    rows = PublicCount.objects.filter(collection_id__in=[c.pk for c in found]).order_by()
    counts = dict(rows.values_list("collection_id").annotate(n=Sum("documents")))
    for collection in found:
        collection.public_count = counts.get(collection.pk, 0)
    return found


def public_counts() -> tuple[int, list[tuple[int, int]], int]:
    """The public documents in all, (year, documents) of the dated ones, and how many belong
    to no collection."""
    wanted = (PublicCount.ALL, PublicCount.LOOSE)
    rows = PublicCount.objects.filter(collection_id__in=wanted)
    rows = list(rows.values_list("collection_id", "year", "documents"))
    total = sum(n for c, _, n in rows if c == PublicCount.ALL)
    years = sorted((y, n) for c, y, n in rows if c == PublicCount.ALL and y)
    return total, years, sum(n for c, _, n in rows if c == PublicCount.LOOSE)


def loose_documents(limit: int) -> list[Document]:
    """The oldest public documents of no collection, found by the derived data's index."""
    rows = DerivedDocument.objects.filter(loose=True).order_by("order")
    ids = list(rows.values_list("document_id", flat=True)[:limit])
    found = Document.objects.prefetch_related("types").public_in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def newest_public(limit: int) -> QuerySet:
    """The newest public documents, found by walking back from the highest id: SQLite, given
    the test of status, would otherwise sort the whole archive by id to take a few."""
    ids: list[int] = []
    below = None
    while len(ids) < limit:
        batch = Document.objects.order_by("-pk")
        if below is not None:
            batch = batch.filter(pk__lt=below)
        rows = list(batch.values_list("pk", "status", "embargo_until")[:BATCH])
        ids += [pk for pk, status, until in rows if is_public(status, until)]
        if len(rows) < BATCH:
            break
        below = rows[-1][0]
    return Document.objects.filter(pk__in=ids[:limit]).order_by("-pk")


def home(request: HttpRequest) -> HttpResponse:
    """Counts, years and collections are read as the derived data keeps them (a few rows
    however large the archive), and every list is bounded."""
    behind = request_follow()  # the counts are stored: queued if the log moved on
    total, years, loose = public_counts()
    collections = first_collections(COLLECTION_LIMIT + 1)
    context = {
        "total": total,
        "collections": collections[:COLLECTION_LIMIT],
        "more_collections": len(collections) > COLLECTION_LIMIT,
        "loose": loose_documents(LOOSE_LIMIT) if loose else [],
        "recent": newest_public(RECENT_LIMIT).prefetch_related("types"),
        "histogram": bars(years, year_link),
    }
    response = render(request, "web/home.html", context)
    if behind:  # a cached copy would keep the old counts after the update, which logs nothing
        patch_cache_control(response, no_cache=True)
    return response


# ---------------------------------------------------------------- all documents, in date order

Key = tuple[date | None, int]  # (date_start, pk): the walk's order, undated last


def key_of(doc: Document) -> Key:
    return (doc.date_start, doc.pk)


def _within(key: Key | None, undated: bool, forward: bool) -> Q:
    """The documents of one part (dated, undated) after (or before) `key`: a range of the
    `document_by_date` index, so a page starts at its cursor instead of reading every
    document before it."""
    if key is None or (key[0] is None) != undated:
        return Q(date_start__isnull=undated)
    day, pk = key
    way = "gt" if forward else "lt"
    if undated:
        return Q(date_start__isnull=True, **{f"pk__{way}": pk})
    later = Q(**{f"date_start__{way}": day}) | Q(date_start=day, **{f"pk__{way}": pk})
    return Q(**{f"date_start__{way}e": day}) & later


def walk(found: QuerySet, key: Key | None, forward: bool, limit: int) -> list[Document]:
    """Up to `limit` of `found` from `key` (None: an end), dated ones first in date order,
    then the undated; read apart, as SQLite sorts NULL first and PostgreSQL last."""
    order = ("date_start", "pk") if forward else ("-date_start", "-pk")
    parts = [False, True] if forward else [True, False]
    if key is not None:
        parts = parts[parts.index(key[0] is None) :]
    rows: list[Document] = []
    for undated in parts:
        rows += found.filter(_within(key, undated, forward)).order_by(*order)[: limit - len(rows)]
        if len(rows) >= limit:
            break
    return rows


@dataclass
class DocumentPage:
    """One page of the list and the identifiers its neighbours start from ("": none)."""

    documents: list[Document]
    previous: str = ""
    next: str = ""


def read_page(found: QuerySet, after: str, before: str) -> DocumentPage:
    """PAGE_SIZE documents from the cursor (a public document's identifier), either way."""
    cursor = found.filter(identifier=after or before).first() if after or before else None
    forward = cursor is None or not before
    docs = walk(found, key_of(cursor) if cursor else None, forward, PAGE_SIZE + 1)
    more = len(docs) > PAGE_SIZE
    docs = docs[:PAGE_SIZE] if forward else docs[:PAGE_SIZE][::-1]
    if not docs:
        return DocumentPage([])
    if forward:
        has_next = more
        has_previous = cursor is not None and bool(walk(found, key_of(docs[0]), False, 1))
    else:
        has_next, has_previous = bool(walk(found, key_of(docs[-1]), True, 1)), more
    return DocumentPage(
        docs,
        previous=docs[0].identifier if has_previous else "",
        next=docs[-1].identifier if has_next else "",
    )


def _collection(key: str) -> tuple[Collection | None, int]:
    """The public collection of this key and its public documents, as the derived data
    counts them; (None, 0) for any other key."""
    found = public_collections().filter(key=key).first() if key else None
    if found is None:
        return None, 0
    rows = PublicCount.objects.filter(collection_id=found.pk)
    return found, rows.aggregate(n=Sum("documents"))["n"] or 0


def document_list(request: HttpRequest) -> HttpResponse:
    """Public documents, dated ones first in date order and undated last, of one collection
    if asked, a page at a time from a cursor: a page reads its rows by the date index (or a
    collection's own documents), never the whole archive, and the counts are the derived
    data's."""
    behind = request_follow()  # the counts are stored: queued if the log moved on
    key = request.GET.get("collection", "").strip()
    collection, count = _collection(key)
    found = Document.objects.public()
    if collection is not None:
        members = Document.collections.through.objects.filter(collection_id=collection.pk)
        found = found.filter(pk__in=members.values("document_id"))
    else:
        count = public_counts()[0]
    page = read_page(found, request.GET.get("after", ""), request.GET.get("before", ""))
    prefetch_related_objects(page.documents, "types")
    chosen = [("collection", collection.key)] if collection else []
    collections = first_collections(COLLECTION_LIMIT + 1)
    context = {
        "documents": page.documents,
        "count": count,
        "collection": collection,
        "unknown": bool(key) and collection is None,
        "collections": collections[:COLLECTION_LIMIT],
        "more_collections": len(collections) > COLLECTION_LIMIT,
        "previous": _link(chosen, "before", page.previous),
        "next": _link(chosen, "after", page.next),
        "paged": bool(request.GET.get("after") or request.GET.get("before")),
    }
    response = render(request, "web/documents.html", context)
    if behind:  # as on the home page: a cached copy would keep the old counts
        patch_cache_control(response, no_cache=True)
    return response


def _link(pairs: list[tuple[str, str]], name: str, cursor: str) -> str:
    return "?" + urlencode([*pairs, (name, cursor)]) if cursor else ""
