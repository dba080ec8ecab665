"""IIIF Content Search 2.0 inside one record: the OCR words on its scans that match a query,
each an annotation highlighting the word's box on its canvas.

Which words match is `search.scanwords`' to say.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.http import HttpRequest, JsonResponse

from readingroom.api.http import open_read
from readingroom.api.iiif.addresses import canvas_url
from readingroom.records.models import Document
from readingroom.search.scanwords import Hit, record_hits

CONTEXT = "http://iiif.io/api/search/2/context.json"
CONTENT_TYPE = f'application/ld+json;profile="{CONTEXT}"'
PAGE_SIZE = 1000  # annotations an answer holds; more are paged ("next")
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


def annotation(request: HttpRequest, identifier: str, hit: Hit) -> dict[str, object]:
    page, index, word, (x, y, w, h) = hit
    base = request.build_absolute_uri(request.path)
    return {
        "id": f"{base}/annotation/{page}-{index}",
        "type": "Annotation",
        "motivation": "highlighting",
        "body": {"type": "TextualBody", "value": word, "format": "text/plain"},
        "target": f"{canvas_url(request, identifier, page)}#xywh={x},{y},{w},{h}",
    }


def paged(request: HttpRequest, number: int) -> str:
    """The address of page `number` of this search's answer."""
    query = {k: v for k, v in request.GET.items() if k != "page"}
    query |= {"page": str(number)} if number > 1 else {}
    return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")


def paging(request: HttpRequest, number: int, total: int) -> dict[str, object]:
    """What an answer of more than one page says of the others (Content Search 2.0, 4.3)."""
    last = max(1, -(-total // PAGE_SIZE))
    out: dict[str, object] = {
        "partOf": {
            "id": paged(request, 1),
            "type": "AnnotationCollection",
            "total": total,
            "first": {"id": paged(request, 1), "type": "AnnotationPage"},
            "last": {"id": paged(request, last), "type": "AnnotationPage"},
        },
        "startIndex": (number - 1) * PAGE_SIZE,
    }
    if number < last:
        out["next"] = {"id": paged(request, number + 1), "type": "AnnotationPage"}
    if number > 1:
        out["prev"] = {"id": paged(request, number - 1), "type": "AnnotationPage"}
    return out


@open_read
def search(request: HttpRequest, identifier: str) -> JsonResponse:
    """GET /iiif/<identifier>/search?q=WORDS: the matching OCR words of a public record; a
    draft, embargoed or unknown record answers alike, 404."""
    doc = Document.objects.public().filter(identifier=identifier).first()
    if doc is None:
        return JsonResponse({"message": "No such record"}, status=404)
    hits = record_hits(doc, request.GET.get("q", ""))
    asked = request.GET.get("page", "")
    number = int(asked) if PAGE_NUMBER.fullmatch(asked) else 1
    shown = hits[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    body: dict[str, object] = {
        "@context": CONTEXT,
        "id": request.build_absolute_uri(),
        "type": "AnnotationPage",
        "items": [annotation(request, identifier, hit) for hit in shown],
    }
    if len(hits) > PAGE_SIZE:
        body |= paging(request, number, len(hits))
    return JsonResponse(body, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
