"""The search page: results with snippets, facets, a year histogram, sorting and pages."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import strip_tags

from readingroom.records.languages import language_label
from readingroom.records.shorttitles import is_repeated, repeated
from readingroom.search.results import SearchPage
from readingroom.search.service import search as run_search
from readingroom.web.histogram import bars
from readingroom.web.searchstate import FACETS, PAGE_SIZE, SORT_LABELS, SearchState
from readingroom.web.suggest import suggestions

log = logging.getLogger(__name__)
FAILED = "This search could not be run. Try fewer or simpler words."


def _run(state: SearchState) -> SearchPage:
    """The results, or an empty page with a message: the reader never sees a server error."""
    try:
        return run_search(
            state.query(), page=state.page, sort=state.sort, page_size=PAGE_SIZE, exact=state.exact
        )
    except Exception:
        log.exception("search failed for %r", state.query())
        return SearchPage(0, state.page, PAGE_SIZE, state.sort, [], {}, [], [FAILED])


def _facets(state: SearchState, result: SearchPage) -> list[dict]:
    """Each facet with its values, counts and the link that adds (or removes) the value."""
    out = []
    for name, (param, heading) in FACETS.items():
        values = []
        for value, count in result.facets.get(name, []):
            chosen = state.has_filter(param, value)
            link = (
                state.without_filter((param, value)) if chosen else state.with_filter(param, value)
            )
            values.append({"value": value, "count": count, "chosen": chosen, "url": link})
        if values:
            out.append({"name": name, "heading": heading, "values": values})
    return out


def _rows(result: SearchPage) -> list[dict]:
    """Each hit with its snippets (the speaker named unless the passage already starts so),
    and its detail when another hit of the page has the same title."""
    same = repeated(hit.title for hit in result.hits)
    return [
        {
            "hit": hit,
            "detail": hit.detail if is_repeated(hit.title, same) else "",
            "passages": [
                {"snippet": s, "who": "" if strip_tags(s.html).startswith(s.speaker) else s.speaker}
                for s in hit.snippets
            ],
        }
        for hit in result.hits
    ]


def _pages(state: SearchState, result: SearchPage) -> list[tuple[int, str]]:
    last = result.last_page
    window = range(max(1, state.page - 3), min(last, state.page + 3) + 1)
    return [(n, state.url(page=n)) for n in window]


def _chips(state: SearchState) -> list[tuple[str, str]]:
    """(label, removal link) for each filter in force."""
    labels = dict(FACETS.values())
    chips = [
        (f"{labels[p]}: {language_label(v) if p == 'lang' else v}", state.without_filter((p, v)))
        for p, v in state.filters
    ]
    if state.year_from or state.year_to:
        span = f"{state.year_from or '…'}–{state.year_to or '…'}"
        if state.year_from == state.year_to:
            span = str(state.year_from)
        chips.append((f"Years: {span}", state.url(year_from=None, year_to=None)))
    return chips


def _readings(state: SearchState, result: SearchPage) -> dict:
    """Which names were read as which people, and the links that turn reading off and on."""
    readings = [
        {
            "text": r.text,
            "people": r.people,
            "label": "person" if len(r.people) == 1 else f"{len(r.people)} people",
            "excluded": r.excluded,
        }
        for r in result.readings
    ]
    return {
        "list": readings,
        "exact_url": state.url(exact=True),
        "read_url": state.url(exact=False),
    }


def search(request: HttpRequest) -> HttpResponse:
    state = SearchState.from_params(request.GET)
    result = _run(state)
    first = (result.page - 1) * result.page_size + 1
    context = {
        "state": state,
        "query": state.q,
        "result": result,
        "first": first,
        "facets": _facets(state, result),
        "rows": _rows(result),
        "chips": _chips(state),
        "readings": _readings(state, result),
        "histogram": bars(result.years, lambda y: state.url(year_from=y, year_to=y)),
        "sorts": [(key, label, state.url(sort=key)) for key, label in SORT_LABELS.items()],
        "pages": _pages(state, result),
        "previous": state.url(page=state.page - 1) if state.page > 1 else "",
        "next": state.url(page=state.page + 1) if state.page < result.last_page else "",
        "suggestions": [],
    }
    if not result.hits and state.q:
        context["suggestions"] = [(s, state.url(q=s)) for s in suggestions(state.q)]
    return render(request, "web/search.html", context)
