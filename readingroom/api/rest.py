"""The REST API (django-ninja): routers, JSON errors with a message, local docs."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from readingroom.api import collections, documents, events, people, takeaway, vocabularies
from readingroom.api.cursor import BadCursor
from readingroom.api.docs import LocalSwagger
from readingroom.api.http import base_url

api = NinjaAPI(
    title="readingroom open data API",
    version="1",
    description=(
        "Read-only access to the published documents, people, collections and events of the "
        "archive. "
        "Lists page with an opaque `next_cursor`; pass it back as `cursor`."
    ),
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api-v1",
)
api.add_router("", documents.router)
api.add_router("", takeaway.router)
api.add_router("", people.router)
api.add_router("", collections.router)
api.add_router("", events.router)
api.add_router("", vocabularies.router)
log = logging.getLogger("django.request")  # where Django reports its own server errors
# The API's front door: what a client can start from, each an absolute address.
ENTRY_POINTS = (
    "documents",
    "search",
    "persons",
    "collections",
    "events",
    "places",
    "organizations",
    "vocabularies",
    "openapi.json",
    "docs",
)


@api.get("/", response=dict[str, str], summary="Where to start: the API's lists and its docs")
def root(request: HttpRequest) -> dict[str, str]:
    base = f"{base_url(request)}/api/v1/"
    return {name.removesuffix(".json"): base + name for name in ENTRY_POINTS}


def error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"message": message}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(str(exc) or "Not found", 404)


@api.exception_handler(BadCursor)
def bad_cursor(request: HttpRequest, exc: BadCursor) -> HttpResponse:
    return error(str(exc), 400)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = "; ".join(_describe(e) for e in exc.errors)
    return error(f"invalid request: {details}", 400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(str(exc), exc.status_code)


@api.exception_handler(Exception)
def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A fault of ours still answers JSON, as every other API error does; the traceback goes
    to the log (and to the admins, as Django's own 500s do), never to the client."""
    log.error("Internal Server Error: %s", request.path, exc_info=exc)
    return error("internal error: the server could not answer this request", 500)


def _describe(item: dict) -> str:
    where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path"))
    return f"{where}: {item.get('msg', 'invalid')}" if where else item.get("msg", "invalid")
