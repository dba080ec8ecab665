"""/declassification/: what is still withheld, and what later releases opened, in the
documents a query finds (the search's query language: "Berlin date:1961" is one address).
Each figure is an SVG chart, its table, and a CSV download of the table."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from readingroom.ingest.csvrows import FORMULA_STARTS
from readingroom.search.declassification import Figures, Row
from readingroom.search.service import declassification as figures_for
from readingroom.web import charts

log = logging.getLogger(__name__)
QUERY_LENGTH = 500
FAILED = "These figures could not be counted. Try fewer or simpler words."


@dataclass(frozen=True)
class Figure:
    key: str  # its address: /declassification/<key>.csv
    title: str
    group: str  # `search.declassification.GROUPS`
    heading: str  # the table's first column
    measure: str  # "lines" or "share"


FIGURES = (
    Figure("lines-by-year", "Withheld lines by year of the documents", "year", "Year", "lines"),
    Figure(
        "share-by-year", "Documents with withheld passages, by year (%)", "year", "Year", "share"
    ),
    Figure("by-collection", "Withheld lines by collection", "collection", "Collection", "lines"),
    Figure(
        "by-agency", "Withheld lines by agency or archive", "agency", "Agency or archive", "lines"
    ),
    Figure(
        "by-classification",
        "Documents with withheld passages, by classification (%)",
        "classification",
        "Classification",
        "share",
    ),
)
COLUMNS = ("documents", "with withheld passages", "share (%)", "passages", "lines", "opened")


def _figures(query: str) -> Figures:
    try:
        return figures_for(query)
    except Exception:
        log.exception("declassification figures failed for %r", query)
        return Figures(Row("all"), warnings=[FAILED])


def _chart(figure: Figure, rows: list[Row]) -> str:
    values = [(row.key, row.lines if figure.measure == "lines" else row.share) for row in rows]
    unit = "lines" if figure.measure == "lines" else "%"
    draw = charts.columns if figure.group == "year" else charts.bars
    return draw(figure.key, figure.title, values, unit)


def page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:QUERY_LENGTH]
    found = _figures(query)
    shown = []
    for figure in FIGURES:
        rows = found.groups.get(figure.group, [])
        table = [(row.key, cells(row)) for row in rows]
        shown.append({"figure": figure, "table": table, "chart": _chart(figure, rows)})
    context = {"query": query, "total": found.total, "warnings": found.warnings, "figures": shown}
    context["columns"] = COLUMNS
    return render(request, "web/declassification.html", context)


def table(request: HttpRequest, key: str) -> HttpResponse:
    """One figure's table as CSV."""
    figure = next((f for f in FIGURES if f.key == key), None)
    if figure is None:
        raise Http404("No such figure")
    query = request.GET.get("q", "").strip()[:QUERY_LENGTH]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([figure.heading.lower(), *COLUMNS])
    for row in _figures(query).groups.get(figure.group, []):
        key = "'" + row.key if row.key.startswith(FORMULA_STARTS) else row.key  # as exports do
        writer.writerow([key, *cells(row)])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{key}.csv")
    return response


def cells(row: Row) -> list[str]:
    """A row's figures as the table and the CSV show them."""
    share = f"{row.share:.1f}"
    return [
        str(row.documents),
        str(row.withheld),
        share,
        str(row.passages),
        f"{row.lines:.1f}",
        str(row.opened),
    ]
