"""URLs of the open-data channels: /api/v1/, /oai, /data, /robots.txt, /sitemap.xml."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from readingroom.api import data, docs, oaiview, sitemaps
from readingroom.api.http import open_read, wrap_patterns
from readingroom.api.rest import api


def api_not_found(request: HttpRequest, rest: str) -> JsonResponse:
    return JsonResponse({"message": f"No API endpoint at /api/v1/{rest}"}, status=404)


ninja_patterns, app_name_, namespace = api.urls
urlpatterns = [
    path("api/v1/docs/assets/<str:name>", docs.asset),
    path("api/v1/", include((wrap_patterns(ninja_patterns, open_read), app_name_), namespace)),
    path("api/v1/<path:rest>", open_read(api_not_found)),
    path("oai", open_read(oaiview.oai), name="oai"),
    path("data", data.page, name="data"),
    path("data/<str:name>", data.download, name="data-download"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemaps/documents-<int:number>.xml", sitemaps.documents_sitemap),
    path("sitemaps/pages.xml", sitemaps.pages_sitemap),
]
