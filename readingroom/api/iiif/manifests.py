"""A public record's scans as a IIIF Presentation 3.0 manifest.

Built with iiif-prezi3's models, which check every property as it is set, so a manifest that
breaks the specification fails here, in the tests, rather than in somebody's viewer. Each
page is a Canvas of the scan's size painted by one Image, the whole page at `max` with its
image service; the manifest names the record's Content Search service too.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from iiif_prezi3 import (
    Annotation,
    AnnotationBody,
    AnnotationPage,
    Canvas,
    Homepage,
    KeyValueString,
    Manifest,
    ServiceV3,
)

from readingroom.api.iiif import addresses, imaging
from readingroom.records.models import Document
from readingroom.records.originals import Scan

THUMBNAIL = "!200,200"  # fits in 200 × 200 and is never enlarged, whatever the scan's size
# Presentation 3.0 takes `rights` only from these (as http), other statements as text.
RIGHTS_HOSTS = ("creativecommons.org/", "rightsstatements.org/")


def _text(value: str, language: str = "none") -> dict[str, list[str]]:
    return {language: [value]}


def _pair(label: str, values: list[str]) -> KeyValueString:
    return KeyValueString(label=_text(label, "en"), value={"none": values})


def manifest_json(request: HttpRequest, doc: Document, scans: Sequence[Scan]) -> str:
    """The manifest as JSON-LD text (`scans` in page order, at least one)."""
    title = doc.title or doc.identifier
    rights, statement = _rights(doc.rights)
    manifest = Manifest(
        id=addresses.manifest_url(request, doc),
        label=_text(title, "en"),
        metadata=_metadata(doc) or None,
        summary=_text(doc.summary, "en") if doc.summary else None,
        rights=rights,
        requiredStatement=statement,
        homepage=[
            Homepage(
                id=request.build_absolute_uri(doc.get_absolute_url()),
                type="Text",
                label=_text(title, "en"),
                format="text/html",
            )
        ],
        thumbnail=[_image(request, doc, scans[0], THUMBNAIL)],
        service=[ServiceV3(id=addresses.search_url(request, doc), type="SearchService2")],
        items=[_canvas(request, doc, scan) for scan in scans],
    )
    return manifest.jsonld()


def _metadata(doc: Document) -> list[KeyValueString]:
    """What a viewer shows beside the pages: date, collections, languages, source."""
    pairs = [
        ("Identifier", [doc.identifier]),
        ("Date", [doc.date_text] if doc.date_text else []),
        ("Collection", [c.title for c in doc.collections.all()]),
        ("Language", [language.name for language in doc.languages.all()]),
        ("Source", [doc.source_text] if doc.source_text else []),
    ]
    return [_pair(label, values) for label, values in pairs if values]


def _rights(text: str) -> tuple[str | None, KeyValueString | None]:
    """A licence or rights statement URI as `rights`; any other statement as text."""
    text = text.strip()
    if not text:
        return None, None
    address = text.replace("https://", "http://", 1)
    if address.startswith(tuple(f"http://{host}" for host in RIGHTS_HOSTS)) and " " not in text:
        return address, None
    return None, _pair("Rights", [text])


def _image(request: HttpRequest, doc: Document, scan: Scan, size: str) -> AnnotationBody:
    """The whole page at an Image API size, with its image service."""
    width, height = imaging.plan(
        imaging.parse("full", size, "0", "default", "jpg"), scan.width, scan.height
    ).output
    return AnnotationBody(
        id=addresses.image_url(request, doc, scan.page, size),
        type="Image",
        format="image/jpeg",
        width=width,
        height=height,
        service=[
            ServiceV3(
                id=addresses.service_url(request, doc, scan.page),
                type="ImageService3",
                profile=imaging.PROFILE,
            )
        ],
    )


def _canvas(request: HttpRequest, doc: Document, scan: Scan) -> Canvas:
    """One page: a canvas of the scan's size, painted by the scan."""
    canvas = addresses.canvas_url(request, doc, scan.page)
    painting = Annotation(
        id=f"{canvas}/annotation",
        motivation="painting",
        target=canvas,
        body=_image(request, doc, scan, "max"),
    )
    return Canvas(
        id=canvas,
        label=_text(scan.label or str(scan.page)),
        width=scan.width,
        height=scan.height,
        items=[AnnotationPage(id=f"{canvas}/page", items=[painting])],
    )
