"""The page cache: public pages and API answers, kept while what the public sees is unchanged.

A popular page costs one indexed query (`records.changelog.public_state`: the latest change
log entry, the embargoes ended by today) and a cache lookup. Entries are keyed by that state,
the full URL (scheme, host, path, query) and the request headers the response says it varies
on (Django's `learn_cache_key`), so a saved change or an embargo ending by the calendar moves
every page to a new key and nothing stale is looked up again. Each stored answer carries an
ETag made of the state and the URL, so `If-None-Match` is answered 304 from the state alone.

Only anonymous GETs of public addresses are looked up or stored: a request with a session
cookie (a curator, or a visitor with a message pending) passes by, and so does every answer
that is not a plain 200, sets a cookie (CSRF), varies by cookie or says it is private.
Pages that read the search index are stored only when the index had applied the log up to
that state (`index_is_current`), since the index follows the log a little behind.
See docs/architecture.md, Page cache.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from hashlib import md5

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import router
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import get_cache_key, has_vary_header, learn_cache_key
from django.utils.http import parse_etags

from readingroom.records.changelog import PublicState, public_state
from readingroom.records.models import Document
from readingroom.search import sync

# The public addresses: home, search, documents (list, page, JSON, citations), people,
# collections, events, the network, and the open API (not its description: it reads no records).
PUBLIC = re.compile(
    r"^/(?:$|search$|documents/|people/|collections/|events/|network/"
    r"|api/v1/(?!openapi\.json|docs))"
)
# Answers that read the search index.
FOLLOW_INDEX = frozenset({"/search", "/api/v1/search", "/api/v1/documents"})
MAX_BODY = 512_000  # bytes; a larger answer is served but not kept (memory stays bounded)
KEY_PREFIX = "pages"
# Headers a 304 repeats from the answer it stands for (CORS: a browser checks them).
REPEATED = ("Access-Control-Allow-Origin", "Access-Control-Expose-Headers", "Vary")
_UNSHARED = re.compile(r"\b(private|no-store|no-cache)\b", re.IGNORECASE)


def page_cache() -> BaseCache | None:
    """The cache alias `settings.PAGE_CACHE` names; None when it is empty (caching off)."""
    alias = settings.PAGE_CACHE
    return caches[alias] if alias else None


def looked_up(request: HttpRequest) -> bool:
    """Whether the cache may answer this request: an anonymous read of a public address."""
    return (
        request.method in ("GET", "HEAD")
        and PUBLIC.match(request.path_info) is not None
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def etag_of(state: PublicState, request: HttpRequest) -> str:
    """The ETag of this URL's answer in this state (an answer that varies by no header)."""
    digest = md5(f"{state.key()} {request.build_absolute_uri()}".encode(), usedforsecurity=False)
    return f'"{digest.hexdigest()}"'


def _matches(request: HttpRequest, etag: str) -> bool:
    """Whether If-None-Match names `etag` (compared weakly: a proxy may weaken it)."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return bool(header) and etag in {e.removeprefix("W/") for e in parse_etags(header)}


def index_is_current(state: PublicState) -> bool:
    """Whether the node's search index had applied the change log up to `state`, with no
    entry of it still missing and today's ended embargoes applied. Asked before the page is
    made, and followed by a reload of this process's reader, so the page saw that index."""
    applied = sync.read_state(sync.index_path())
    if not applied or applied.get("gaps") or applied.get("mark", -1) < state.version.change:
        return False
    synced = timezone.localdate(datetime.fromisoformat(applied["synced_at"]))
    return synced == state.day


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether an answer is the same for every anonymous reader and may be kept."""
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not _UNSHARED.search(response.get("Cache-Control", ""))
        and len(response.content) <= MAX_BODY
    )


def not_modified(etag: str, cached: HttpResponse | None) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    for header in REPEATED:
        if cached is not None and cached.has_header(header):
            response[header] = cached[header]
    return response


class PageCacheMiddleware:
    """Answers anonymous reads of public addresses from the page cache (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        store = page_cache()
        if store is None or not looked_up(request):
            return self.get_response(request)
        # The state is read where the page reads (a replica, if any), and before the page.
        state = public_state(router.db_for_read(Document))
        prefix = f"{KEY_PREFIX}.{state.key()}"
        key = get_cache_key(request, prefix, "GET", store)
        cached = store.get(key) if key else None
        etag = etag_of(state, request)
        if _matches(request, etag):
            return not_modified(etag, cached)
        if cached is not None and request.method == "GET":
            return cached
        follows = request.path_info in FOLLOW_INDEX
        current = follows and index_is_current(state)
        if current:
            sync.sync_index(wait=False)  # reload this process's reader: it sees that index
        response = self.get_response(request)
        if storable(request, response) and (current or not follows):
            if not response.has_header("Vary"):
                response["ETag"] = etag
            key = learn_cache_key(request, response, settings.PAGE_CACHE_SECONDS, prefix, store)
            store.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response
