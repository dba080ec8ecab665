"""The IIIF addresses of a record, absolute (viewers fetch them from other sites).

Kept apart from the views so that pages and other channels can link a record's manifest or a
scan's image without importing the views (or iiif-prezi3, which only the manifest needs).
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from readingroom.records.models import Document


def _identifier(doc: Document | str) -> str:
    return doc if isinstance(doc, str) else doc.identifier


def manifest_url(request: HttpRequest, doc: Document | str) -> str:
    """The record's Presentation 3.0 manifest."""
    return request.build_absolute_uri(reverse("iiif-manifest", args=[_identifier(doc)]))


def service_url(request: HttpRequest, doc: Document | str, page: int) -> str:
    """The image service of the record's page (from 1): its `id` in info.json."""
    return request.build_absolute_uri(reverse("iiif-service", args=[_identifier(doc), page]))


def info_url(request: HttpRequest, doc: Document | str, page: int) -> str:
    return request.build_absolute_uri(reverse("iiif-info", args=[_identifier(doc), page]))


def image_url(
    request: HttpRequest, doc: Document | str, page: int, size: str = "max", fmt: str = "jpg"
) -> str:
    """The whole page at an Image API size: "max", "!400,400" (fits in 400 × 400, never
    enlarged), "800," (800 pixels wide; refused if the scan is narrower)."""
    return f"{service_url(request, doc, page)}/full/{quote(size, safe='!,:')}/0/default.{fmt}"


def canvas_url(request: HttpRequest, doc: Document | str, page: int) -> str:
    """The canvas of the record's page in its manifest (a name for annotations to target,
    not an address that answers): <manifest's folder>/canvas/<page>."""
    return manifest_url(request, doc).rsplit("/", 1)[0] + f"/canvas/{page}"


def search_url(request: HttpRequest, doc: Document | str) -> str:
    """The record's Content Search 2.0 service: `iiif-search` once it is routed, else the
    address it will have (beside the manifest)."""
    identifier = _identifier(doc)
    try:
        return request.build_absolute_uri(reverse("iiif-search", args=[identifier]))
    except NoReverseMatch:
        return manifest_url(request, identifier).rsplit("/", 1)[0] + "/search"
