"""The network of who met whom, as a drawing and as a table."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from readingroom.web.network import busiest, meetings, svg

DRAWN = 40


def network(request: HttpRequest) -> HttpResponse:
    edges = meetings()
    people = busiest(edges, DRAWN)
    table = Paginator(edges, 50).get_page(request.GET.get("page"))
    context = {"drawing": svg(edges, people), "table": table, "drawn": len(people)}
    return render(request, "web/network.html", context)
