"""A result list to take away: `/search/export.<csv|ris|bib|csl.json>` and `/search/feed.atom`,
with the search page's own parameters (`web.takeaway` writes the links every list shows)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from readingroom.citations import feed, lists
from readingroom.web.searchstate import SearchState

BUILDING = "The search index is being built: try again in a minute."


def base_of(request: HttpRequest) -> str:
    """Scheme and host: the lists' links are absolute (a citation manager or a feed reader
    opens them away from this site)."""
    return request.build_absolute_uri("/").rstrip("/")


def file_name(state: SearchState, ext: str) -> str:
    """ "readingroom-person-kim-il-sung.csv": the query in the name, as far as a name can."""
    words = slugify(state.query())[:60].strip("-")
    return f"readingroom-{words or 'all'}.{ext}"


def unavailable() -> HttpResponse:
    response = HttpResponse(BUILDING, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "60"
    return response


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The whole list (up to the cap, said in the headers and, for BibTeX, in the file)."""
    if fmt not in lists.FORMATS:
        raise Http404("No such format")
    state = SearchState.from_params(request.GET)
    try:
        found = lists.result_list(
            state.query(), base=base_of(request), sort=state.sort, exact=state.exact
        )
    except lists.Rebuilding:
        return unavailable()
    _, media_type, write = lists.FORMATS[fmt]
    response = HttpResponse(write(found), content_type=f"{media_type}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, file_name(state, fmt))
    for name, value in lists.headers(found).items():
        response[name] = value
    return response


def atom_feed(request: HttpRequest) -> HttpResponse:
    """The newest documents the list holds, newest first, for a feed reader."""
    state = SearchState.from_params(request.GET)
    base = base_of(request)
    try:
        entries = feed.newest(state.query(), base=base, exact=state.exact)
    except lists.Rebuilding:
        return unavailable()
    query = state.query()
    info = feed.FeedInfo(
        title=f"readingroom: {query}" if query else "readingroom: all documents",
        self_url=request.build_absolute_uri(),
        page_url=base + state.url(),
        subtitle="New documents in this list, newest first.",
    )
    return HttpResponse(feed.atom(info, entries), content_type="application/atom+xml")
