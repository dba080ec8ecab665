"""The network of who met whom, as a drawing and as a table, narrowed by years and collection."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from readingroom.authorities.derived_tasks import request_follow
from readingroom.web.netdrawing import COMPACT, FULL, Style, svg
from readingroom.web.network import Filters, Meetings, meetings, public_collections

# Wide screens get the busiest 40; narrow ones a separate, smaller drawing of the busiest 12,
# laid out for a tall, thin screen (which one shows is the stylesheet's choice).
DRAWN = ((FULL, 40), (COMPACT, 12))


def _drawing(found: Meetings, style: Style, limit: int, filters: Filters) -> SafeString:
    people = found.busiest(limit)
    edges = found.among(people)
    scope = f" ({filters.describe()})" if filters.active else ""
    label = (
        f"Who met whom{scope}: the {len(people)} people with the most meetings and "
        f"{len(edges)} links between them; the table below lists every pair"
    )
    return svg(people, edges, found.weight, style, label)


def _options(filters: Filters) -> SafeString:
    """The collections to narrow to, as <option>s, each value and title escaped: a thousand
    volumes through the template language cost the page more than its counts."""
    chosen = filters.collection.key if filters.collection else None
    found = public_collections().order_by("title", "key").values_list("key", "title")
    return mark_safe(  # every value in it is escaped here
        "".join(
            f'<option value="{escape(key)}"{" selected" if key == chosen else ""}>'
            f"{escape(title)}</option>"
            for key, title in found
        )
    )


def network(request: HttpRequest) -> HttpResponse:
    filters = Filters.from_params(request.GET)
    behind = request_follow()  # the counts are stored: queued if the log moved on
    found = meetings(filters)
    table = Paginator(found.pairs(), 50).get_page(request.GET.get("page"))
    drawings = (
        [_drawing(found, style, limit, filters) for style, limit in DRAWN] if found.top else []
    )
    context = {
        "drawings": drawings,
        "table": table,
        "drawn": [limit for _, limit in DRAWN],
        "filters": filters,
        "collection_options": _options(filters),
        "filter_query": filters.query(),
        "search_query": filters.search_query(),
    }
    response = render(request, "web/network.html", context)
    if behind:  # a cached copy would keep the old counts after the update, which logs nothing
        patch_cache_control(response, no_cache=True)
    return response
