"""A collection: its table of contents (or its documents, in pages) and its years."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from readingroom.citations.citable import imprint
from readingroom.records.models import Collection
from readingroom.web.contents import in_reading_order, table_of_contents
from readingroom.web.histogram import bars, years_of
from readingroom.web.paging import CountedPaginator
from readingroom.web.views.common import year_link

PAGE_SIZE = 50


def collection(request: HttpRequest, key: str) -> HttpResponse:
    """A collection holding a public document (`Collection.objects.public`'s rule, asked of
    this collection's documents alone); any other key answers as a missing one.

    A volume is shown as its table of contents (its public documents, a bounded number);
    a collection without one, and any documents its contents do not hold, as a list in
    reading order a page at a time. The counts and the years are one query each."""
    coll = Collection.objects.defer(None).filter(key=key).first()  # with its contents
    documents = coll.documents.public() if coll is not None else None
    count = documents.count() if documents is not None else 0
    if not count:
        raise Http404("No collection with this key holds a public document")
    toc = table_of_contents(coll)
    rest, rest_count = documents, count
    if toc is not None:
        rest = documents.exclude(identifier__in=toc.listed)
        rest_count = rest.count() if len(toc.listed) < count else 0
    page = CountedPaginator(in_reading_order(rest).prefetch_related("types"), PAGE_SIZE, rest_count)
    histogram = bars(years_of(documents), lambda y: year_link(y, ("collection", coll.title)))
    context = {
        "collection": coll,
        "imprint": imprint(coll.publication_place, coll.publisher, coll.publication_year),
        "count": count,
        "toc": toc,
        "page": page.get_page(request.GET.get("page")) if rest_count else None,
        "histogram": histogram,
    }
    return render(request, "web/collection.html", context)
