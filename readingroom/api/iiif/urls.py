"""IIIF addresses under /iiif/: a scan's image service and a record's manifest.

A page is numbered from 1 (`Scan.page`); identifiers match the document pages' own rule.
"""

from __future__ import annotations

from django.urls import path

from readingroom.api.iiif import search, views

IMAGE = (
    "<slug:identifier>/<int:page>/<str:region>/<str:size>/<str:rotation>/<str:quality>.<str:format>"
)

urlpatterns = [
    path("<slug:identifier>/manifest", views.manifest, name="iiif-manifest"),
    path("<slug:identifier>/<int:page>", views.service, name="iiif-service"),
    path("<slug:identifier>/<int:page>/info.json", views.info, name="iiif-info"),
    path(IMAGE, views.image, name="iiif-image"),
    # ---- Content Search 2.0 (a colleague's): add `<slug:identifier>/search`, name
    # "iiif-search", here. `addresses.search_url` and the manifest's `service` find it by name.
    path("<slug:identifier>/search", search.search, name="iiif-search"),
]
