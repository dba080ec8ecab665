"""A collection: its documents, in pages, and their spread over the years."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from readingroom.citations.citable import imprint
from readingroom.records.models import Collection
from readingroom.web.histogram import bars, years_of
from readingroom.web.views.common import year_link


def collection(request: HttpRequest, key: str) -> HttpResponse:
    """A collection holding a public document; any other key answers as a missing one."""
    coll = get_object_or_404(Collection.objects.public(), key=key)
    documents = coll.documents.public().prefetch_related("types")
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    histogram = bars(years_of(documents), lambda y: year_link(y, ("collection", coll.title)))
    published = imprint(coll.publication_place, coll.publisher, coll.publication_year)
    context = {"collection": coll, "imprint": published, "page": page, "histogram": histogram}
    return render(request, "web/collection.html", context)
