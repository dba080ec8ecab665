"""What every read-only open-data response gets: an ETag (304 on a match) and open CORS;
what every API error gets: a JSON body, never a server error for a NUL character."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import conditional_page

View = Callable[..., HttpResponse]


def base_url(request: HttpRequest) -> str:
    """Scheme and host of the request, for the absolute links an answer holds."""
    return request.build_absolute_uri("/").rstrip("/")


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


def _nul_in(request: HttpRequest) -> str:
    """Which part of the request holds a NUL character (PostgreSQL refuses it in any text
    it is asked to compare), or "" when none does."""
    if "\x00" in request.path:
        return "the address"
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return "the parameter " + repr(key.replace("\x00", "\\x00"))
    return ""


def json_errors(view: View) -> View:
    """Every error an API address gives is JSON with a `message`: a NUL character anywhere in
    the request is a 400 before any query runs, and an error answer django-ninja makes
    outside the handlers (405 for a method the API does not offer) or a view outside
    django-ninja raises (404) is rewritten."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        where = _nul_in(request)
        if where:
            message = f"{where} holds a NUL character (%00), which nothing here contains"
            return JsonResponse({"message": message}, status=400)
        try:
            response = view(request, *args, **kwargs)
        except Http404 as exc:  # from a view outside django-ninja (the docs' assets)
            return JsonResponse({"message": str(exc) or "Not found"}, status=404)
        if response.status_code < 400 or "json" in response.get("Content-Type", ""):
            return response
        message = f"{response.status_code} {response.reason_phrase}"
        if response.has_header("Allow"):
            message += f": this address answers {response['Allow']}"
        answer = JsonResponse({"message": message}, status=response.status_code)
        if response.has_header("Allow"):
            answer["Allow"] = response["Allow"]
        return answer

    return wrapped
