"""A Content-Security-Policy on every response: scripts only from this site, no plugins,
no framing, no <base> hijacking.

Styles come only from this site's stylesheets too (no style attributes or <style> blocks:
the search histogram sizes its bars with classes), but for one <style> the scans' viewer adds,
allowed by its hash. Images may also be data: URIs, because
the API docs' Swagger UI stylesheet draws its icons with them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# The one inline stylesheet allowed, by its hash: the focus rule the vendored OpenSeadragon
# (the scans' viewer) adds to the page. A new release changes it: the browser tests say so.
VIEWER_STYLE = "'sha256-9xTiqzfwFaL2SGb1rmr8gysEwVVjIvqWAgmZgqFqpEE='"
POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
    f"frame-ancestors 'none'; img-src 'self' data:; style-src 'self' {VIEWER_STYLE}"
)


def policy() -> str:
    """The header value: settings.CONTENT_SECURITY_POLICY when set, else POLICY."""
    return getattr(settings, "CONTENT_SECURITY_POLICY", POLICY)


class ContentSecurityPolicyMiddleware:
    """Adds the policy to responses that do not set their own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy())
        return response
