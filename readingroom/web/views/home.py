"""The home page and the list of all documents."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet, Sum
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


def document_list(request: HttpRequest) -> HttpResponse:
    documents = Document.objects.public().prefetch_related("types")
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    return render(request, "web/documents.html", {"page": page})
