"""The home page and the list of all documents."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from readingroom.records.models import Collection, Document, is_public
from readingroom.web.histogram import bars, years_of
from readingroom.web.views.common import year_link

COLLECTION_LIMIT = 100  # listed on the home page, by title; each document page names its own
LOOSE_LIMIT = 50
RECENT_LIMIT = 10
BATCH = 200  # ids read at a time, newest first, to find the recent public documents


def first_collections(limit: int) -> list[Collection]:
    """The first collections by title that hold a public document, each with `public_count`:
    an EXISTS per collection until enough are found, then one count over those alone."""
    public = Document.objects.public()
    holding = Exists(public.filter(collections=OuterRef("pk")))
    found = list(Collection.objects.filter(holding).order_by("title", "key")[:limit])
    memberships = Document.collections.through.objects.filter(collection__in=found)
    counts = dict(
        memberships.filter(Exists(public.filter(pk=OuterRef("document_id"))))
        .order_by()
        .values_list("collection_id")
        .annotate(n=Count("document_id"))
    )
    for collection in found:
        collection.public_count = counts.get(collection.pk, 0)
    return found


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
    """Counts and years are aggregates and every list is bounded."""
    public = Document.objects.public()
    collections = first_collections(COLLECTION_LIMIT + 1)
    context = {
        "total": public.count(),
        "collections": collections[:COLLECTION_LIMIT],
        "more_collections": len(collections) > COLLECTION_LIMIT,
        "loose": public.filter(collections=None).prefetch_related("types")[:LOOSE_LIMIT],
        "recent": newest_public(RECENT_LIMIT).prefetch_related("types"),
        "histogram": bars(years_of(public), year_link),
    }
    return render(request, "web/home.html", context)


def document_list(request: HttpRequest) -> HttpResponse:
    documents = Document.objects.public().prefetch_related("types")
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    return render(request, "web/documents.html", {"page": page})
