"""The IIIF addresses: an Image API 3.0 service per scan of a public record, and the record's
Presentation 3.0 manifest.

Each answer costs one indexed lookup (the record by identifier, the scan by record and page)
and, for an image, a file: a derivative is rendered once and then served from the disk cache
(`derivatives`). A draft, embargoed or withdrawn record answers 404 like one never stored,
the rule `Document.is_public` gives every other channel.
"""

from __future__ import annotations

import json

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from readingroom.api.http import open_read
from readingroom.api.iiif import addresses, derivatives, imaging
from readingroom.records import identifiers
from readingroom.records.models import Document
from readingroom.records.originals import Scan

IMAGE_CONTEXT = "http://iiif.io/api/image/3/context.json"
PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
# A page's address may come to show other bytes (a re-import, a record withdrawn), so shared
# caches keep an image a day and then ask again; the ETag makes asking cheap (304).
IMAGE_CACHE = "public, max-age=86400"
JSON_CACHE = "public, max-age=300"
MAX_PAGE = 2**31 - 1  # beyond any column value; a longer number is no page (never a 500)
NOT_FOUND = "No such image"


def public_scan(identifier: str, page: int) -> Scan:
    """The scan of a public record's page, in one query; 404 for anything else."""
    if not identifiers.is_valid(identifier) or not 1 <= page <= MAX_PAGE:
        raise Http404(NOT_FOUND)
    rows = (
        Scan.objects.select_related("document")
        .only("sha256", "width", "height", "document__status", "document__embargo_until")
        .filter(document__identifier=identifier, order=page - 1)
        .order_by()
    )
    scan = next(iter(rows[:1]), None)
    if scan is None or not scan.document.is_public():
        raise Http404(NOT_FOUND)
    return scan


def ld_json(request: HttpRequest, body: str, context: str) -> HttpResponse:
    """JSON-LD with the API's context as its profile; plain JSON to a client that asks for
    plain JSON alone (the IIIF APIs' content negotiation)."""
    plain = request.accepts("application/json") and not request.accepts("application/ld+json")
    kind = "application/json" if plain else f'application/ld+json;profile="{context}"'
    response = HttpResponse(body, content_type=kind)
    response["Cache-Control"] = JSON_CACHE
    patch_vary_headers(response, ["Accept"])
    return response


def info_json(request: HttpRequest, identifier: str, page: int, width: int, height: int) -> dict:
    """The image service's description (Image API 3.0, 5)."""
    described = {
        "@context": IMAGE_CONTEXT,
        "id": addresses.service_url(request, identifier, page),
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": imaging.PROFILE,
        "width": width,
        "height": height,
        **imaging.LIMITS.info(),
        "tiles": [{"width": imaging.TILE, "scaleFactors": imaging.scale_factors(width, height)}],
        "extraQualities": [q for q in imaging.QUALITIES if q != "default"],
        "extraFormats": [f for f in imaging.FORMATS if f != "jpg"],
        "extraFeatures": imaging.EXTRA_FEATURES,
        "preferredFormats": ["jpg"],
    }
    if sizes := imaging.sizes(width, height):
        described["sizes"] = sizes
    return described


@open_read
def service(request: HttpRequest, identifier: str, page: int) -> HttpResponse:
    """The service's base address sends the client to its description (303, as the API asks);
    only a public record's page has one."""
    public_scan(identifier, page)
    response = HttpResponse(status=303)
    response["Location"] = addresses.info_url(request, identifier, page)
    return response


@open_read
def info(request: HttpRequest, identifier: str, page: int) -> HttpResponse:
    scan = public_scan(identifier, page)
    described = info_json(request, identifier, page, scan.width, scan.height)
    return ld_json(request, json.dumps(described), IMAGE_CONTEXT)


def bad_request(error: imaging.BadRequest) -> HttpResponse:
    return HttpResponse(f"{error}\n", status=400, content_type="text/plain; charset=utf-8")


@open_read
def image(
    request: HttpRequest,
    identifier: str,
    page: int,
    region: str,
    size: str,
    rotation: str,
    quality: str,
    format: str,  # the URL's name for it (urls.IMAGE)
) -> HttpResponse:
    """The scan cut, scaled, turned and encoded as asked; 304 when the client has it."""
    try:
        wanted = imaging.parse(region, size, rotation, quality, format)
        scan = public_scan(identifier, page)
        plan = imaging.plan(wanted, scan.width, scan.height)
    except imaging.BadRequest as error:
        return bad_request(error)
    etag = f'"{derivatives.key_of(scan.sha256, plan)}"'
    canonical = f"{addresses.service_url(request, identifier, page)}/{plan.canonical()}"
    profile = f"http://iiif.io/api/image/3/{imaging.PROFILE}.json"
    headers = {
        "ETag": etag,
        "Cache-Control": IMAGE_CACHE,
        "Link": f'<{canonical}>;rel="canonical",<{profile}>;rel="profile"',
    }
    held = {tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))}
    if etag in held:
        return HttpResponse(status=304, headers=headers)
    path = derivatives.derivative(scan.sha256, plan)
    name = f"{identifier}-{page}.{format}"
    response = FileResponse(path.open("rb"), content_type=plan.media_type, filename=name)
    for header, value in headers.items():
        response[header] = value
    return response


@open_read
def manifest(request: HttpRequest, identifier: str) -> HttpResponse:
    """The record's scans as a Presentation 3.0 manifest; 404 for a record without scans."""
    if not identifiers.is_valid(identifier):
        raise Http404("No such record")
    doc = Document.objects.public().filter(identifier=identifier).first()
    scans = list(doc.scans.only("order", "label", "width", "height")) if doc else []
    if not scans:
        raise Http404("No scans of such a record")
    # iiif-prezi3's models take a tenth of a second to import: only a manifest pays it.
    from readingroom.api.iiif import manifests

    return ld_json(request, manifests.manifest_json(request, doc, scans), PRESENTATION_CONTEXT)
