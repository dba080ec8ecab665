"""The home page and the list of all documents."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from readingroom.records.models import Collection, Document
from readingroom.web.histogram import bars, years_of
from readingroom.web.views.common import year_link


def home(request: HttpRequest) -> HttpResponse:
    public = Document.objects.public()
    collections = Collection.objects.public()
    context = {
        "total": public.count(),
        "collections": collections,
        "loose": public.filter(collections=None).prefetch_related("types")[:50],
        "recent": public.order_by("-created", "-pk").prefetch_related("types")[:10],
        "histogram": bars(years_of(public), year_link),
    }
    return render(request, "web/home.html", context)


def document_list(request: HttpRequest) -> HttpResponse:
    documents = Document.objects.public().prefetch_related("types")
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    return render(request, "web/documents.html", {"page": page})
