"""A collection: its documents, in pages, and their spread over the years."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from readingroom.citations.citable import imprint
from readingroom.records.models import Collection
from readingroom.web.histogram import bars, years_of
from readingroom.web.paging import CountedPaginator
from readingroom.web.views.common import year_link

PAGE_SIZE = 50


def collection(request: HttpRequest, key: str) -> HttpResponse:
    """A collection holding a public document (`Collection.objects.public`'s rule, asked of
    this collection's documents alone); any other key answers as a missing one. The count,
    the years (one GROUP BY) and one page of documents are all the page reads."""
    coll = Collection.objects.filter(key=key).first()
    documents = coll.documents.public() if coll is not None else None
    count = documents.count() if documents is not None else 0
    if not count:
        raise Http404("No collection with this key holds a public document")
    page = CountedPaginator(documents.prefetch_related("types"), PAGE_SIZE, count)
    histogram = bars(years_of(documents), lambda y: year_link(y, ("collection", coll.title)))
    published = imprint(coll.publication_place, coll.publisher, coll.publication_year)
    context = {
        "collection": coll,
        "imprint": published,
        "page": page.get_page(request.GET.get("page")),
        "histogram": histogram,
    }
    return render(request, "web/collection.html", context)
