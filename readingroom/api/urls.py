"""URLs of the open-data channels: /api/v1/, /oai, /data, /robots.txt, /sitemap.xml."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path

from readingroom.api import data, docs, oaiview, sitemaps
from readingroom.api.http import View, json_errors, open_read, wrap_patterns
from readingroom.api.rest import api


def api_not_found(request: HttpRequest, rest: str) -> JsonResponse:
    return JsonResponse({"message": f"No API endpoint at /api/v1/{rest}"}, status=404)


ninja_patterns, app_name_, namespace = api.urls


def api_view(view: View) -> View:
    """An API address: open to read from anywhere, and every error in JSON."""
    return open_read(json_errors(view))


urlpatterns = [
    path("api/v1/docs/assets/<str:name>", json_errors(docs.asset)),
    path("api/v1/", include((wrap_patterns(ninja_patterns, api_view), app_name_), namespace)),
    path("api/v1/<path:rest>", api_view(api_not_found)),
    path("iiif/", include("readingroom.api.iiif.urls")),
    path("oai", open_read(oaiview.oai), name="oai"),
    path("data", data.page, name="data"),
    path("data/<str:name>", data.download, name="data-download"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    # N as the index writes it: 1, 2, … (no sign, no leading zero, no 30-digit number)
    re_path(r"^sitemaps/documents-(?P<number>[1-9][0-9]{0,8})\.xml$", sitemaps.documents_sitemap),
    path("sitemaps/pages.xml", sitemaps.pages_sitemap),
]
