"""What every read-only open-data response gets: an ETag (304 on a match) and open CORS."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import conditional_page

View = Callable[..., HttpResponse]


def open_read(view: View) -> View:
    """ETag / If-None-Match for GET and HEAD, plus `Access-Control-Allow-Origin: *`.

    Anyone may read from anywhere, so the CORS answer needs no list of origins; nothing the
    API serves depends on cookies, so no credentials are allowed.
    """
    conditional = conditional_page(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":  # a CORS preflight: answered here, never by the view
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method == "HEAD":  # the GET answer; the server drops the body
            request.method = "GET"
            response = conditional(request, *args, **kwargs)
            request.method = "HEAD"
        else:
            response = conditional(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag"
        return response

    return wrapped


def wrap_patterns(patterns: list, decorator: Callable[[View], View]) -> list:
    """Apply `decorator` to every view of a URL pattern list (nested includes too)."""
    for entry in patterns:
        if hasattr(entry, "url_patterns"):
            wrap_patterns(entry.url_patterns, decorator)
        else:
            entry.callback = decorator(entry.callback)
    return patterns
