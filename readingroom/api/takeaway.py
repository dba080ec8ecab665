"""A search's whole result list as a file (CSV, RIS, BibTeX, CSL-JSON) and as an Atom feed:
what the pages' download links give (`citations.lists`, `citations.feed`), for programs.

The answers carry `Cache-Control: no-cache`: they read the search index, which follows the
change log a little behind, so the page cache must not keep one for the archive's version
(a client still revalidates with the ETag every open-data answer carries).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router

from readingroom.api.documents import EXACT
from readingroom.api.http import base_url
from readingroom.api.schemas import Message
from readingroom.citations import feed, lists

router = Router(tags=["search"])
BUILDING = "the search index is being built: try again in a minute"
FORMAT_PATTERN = "^(" + "|".join(lists.API_NAMES) + ")$"
SORT_PATTERN = "^(relevance|date|date_asc|date_desc)$"
MEDIA = {name: lists.FORMATS[ext][1] for name, ext in lists.API_NAMES.items()}
RESULT_HEADERS = {
    "X-Result-Total": "every document the query finds",
    "X-Result-Count": "the documents in this answer",
    "X-Result-Cap": "the most an answer holds",
    "X-Result-Note": "present when the list was cut: which part of it this is",
}


def _content(types: list[str]) -> dict:
    """Files are text, but CSL-JSON is JSON: an array of CSL items."""
    items = {"type": "array", "items": {"type": "object"}}
    return {t: {"schema": items if t.endswith("json") else {"type": "string"}} for t in types}


EXPORT_DOC = {
    "responses": {
        200: {
            "description": "the list as a file",
            "content": _content(sorted(set(MEDIA.values()))),
            "headers": {
                k: {"description": v, "schema": {"type": "string"}}
                for k, v in RESULT_HEADERS.items()
            },
        },
    }
}
FEED_DOC = {
    "responses": {
        200: {"description": "an Atom feed", "content": _content(["application/atom+xml"])}
    }
}


def _unavailable() -> HttpResponse:
    response = JsonResponse({"message": BUILDING}, status=503)
    response["Retry-After"] = "60"
    return response


def _fresh(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-cache"
    return response


@router.get(
    "/search/export",
    response={200: None, 400: Message, 503: Message},
    openapi_extra=EXPORT_DOC,
)
def export(
    request: HttpRequest,
    format: str = Query("csv", pattern=FORMAT_PATTERN, description="csv, ris, bibtex or csl-json"),
    q: str = "",
    sort: str = Query(
        "date_asc", pattern=SORT_PATTERN, description="date_asc (also date), date_desc or relevance"
    ),
    limit: int = Query(0, ge=0, description=f"at most this many (0: the cap, {lists.DEFAULT_CAP})"),
    exact: bool = Query(False, description=EXACT),
):
    """Every document `q` finds (the query language), up to the cap, in one file: the headers
    say how many there are and whether the file holds them all."""
    sort = "date_asc" if sort == "date" else sort
    try:
        found = lists.result_list(q, base=base_url(request), sort=sort, exact=exact, limit=limit)
    except lists.Rebuilding:
        return _unavailable()
    ext = lists.API_NAMES[format]
    _, media_type, write = lists.FORMATS[ext]
    response = HttpResponse(write(found), content_type=f"{media_type}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"readingroom.{ext}")
    for name, value in lists.headers(found).items():
        response[name] = value
    return _fresh(response)


@router.get(
    "/search/feed.atom",
    response={200: None, 400: Message, 503: Message},
    openapi_extra=FEED_DOC,
)
def atom_feed(request: HttpRequest, q: str = "", exact: bool = Query(False, description=EXACT)):
    """The newest documents `q` finds, by when they were published to the archive (a draft
    published later is new then), as Atom for a feed reader."""
    base = base_url(request)
    try:
        entries = feed.newest(q, base=base, exact=exact)
    except lists.Rebuilding:
        return _unavailable()
    info = feed.FeedInfo(
        title=f"readingroom: {q}" if q else "readingroom: all documents",
        self_url=request.build_absolute_uri(),
        page_url=f"{base}/search?" + urlencode([("q", q), *([("exact", "1")] if exact else [])]),
        subtitle="New documents in this list, newest first.",
    )
    return _fresh(HttpResponse(feed.atom(info, entries), content_type="application/atom+xml"))
