"""A Content-Security-Policy on every response: scripts only from this site, no plugins,
no framing, no <base> hijacking.

Two additions to the base policy, both about looks, not code: styles keep 'unsafe-inline'
(the search histogram sizes its bars with a style attribute and the curation pages carry a
<style> block; without it both lose their layout), and images may be data: URIs (the API
docs' Swagger UI stylesheet draws its icons with them).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

BASE_POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'"
)
EXTRA = "style-src 'self' 'unsafe-inline'; img-src 'self' data:"
POLICY = f"{BASE_POLICY}; {EXTRA}"


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
