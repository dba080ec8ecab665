"""The document page, its JSON, and its citation downloads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe

from readingroom.authorities.appearances import people_in, public_view
from readingroom.authorities.derived_tasks import request_follow
from readingroom.citations import crosswalk
from readingroom.citations import styles as citations
from readingroom.citations.citing import citable_document
from readingroom.enrich.meetings import RELATIONS
from readingroom.events.public import events_of_document
from readingroom.records.models import Document, Status
from readingroom.search import service as search_service
from readingroom.search import similar_lists
from readingroom.web.contents import places
from readingroom.web.reading import rendered_blocks
from readingroom.web.related import related
from readingroom.web.versions import main_label, scan_views, text_panels
from readingroom.web.views.common import public_document

PAGE_PREFETCH = ("types", "languages", "subjects", "funders", "collections", "credits")
FIND_LENGTH = 200  # characters of a search inside the document


def withdrawn(request: HttpRequest, identifier: str) -> HttpResponse | None:
    """A withdrawn record answers 410 Gone, still citable: citations made before stay valid."""
    doc = Document.objects.filter(identifier=identifier, status=Status.WITHDRAWN).first()
    if doc is None:
        return None
    item = citable_document(doc, request)
    context = {"doc": doc, "citations": citations.all_styles(item)}
    return render(request, "web/withdrawn.html", context, status=410)


def document(request: HttpRequest, identifier: str) -> HttpResponse:
    gone = withdrawn(request, identifier)
    if gone is not None:
        return gone
    doc = public_document(identifier, prefetch=PAGE_PREFETCH)
    # related documents and the network are stored: runs queued if the log moved on
    behind = request_follow() | similar_lists.request_follow()
    people = people_in(doc.pk)
    item = citable_document(doc, request, people)
    collections = list(doc.collections.all())
    find = request.GET.get("find", "").strip()[:FIND_LENGTH]
    found, find_warnings = search_service.find_in(doc.pk, find) if find else ([], [])
    context = {
        "doc": doc,
        "find": find,
        "found": found,
        "find_warnings": find_warnings,
        "blocks": rendered_blocks(doc),
        **versions(doc, find),
        "people": people,
        "credits": doc.credits.all(),
        "subjects": doc.subjects.all(),
        "participants": doc.participants.select_related("person"),
        "opened": doc.opened.select_related("revision"),
        "collections": collections,
        "contents_nav": places(doc, collections),
        "events": [(RELATIONS.get(r, r), e) for e, r in events_of_document(doc)],
        "related": related(doc),
        "citations": citations.all_styles(item),
        "meta_tags": crosswalk.meta_tags(item),
        "coins": crosswalk.coins(item),
        "json_ld": mark_safe(crosswalk.json_ld_script(item)),  # "<", ">", "&" escaped
        "downloads": [(ext, label) for ext, (label, _, _) in crosswalk.DOWNLOADS.items()],
    }
    response = render(request, "web/document.html", context)
    if behind:  # a cached copy would keep the old list after the update, which logs nothing
        patch_cache_control(response, no_cache=True)
    return response


def versions(doc: Document, find: str) -> dict:
    """The further texts and scans shown beside the main text (`web.versions`), the words
    `find` matches on the scans boxed."""
    scans = scan_views(doc, find)
    languages = [language.name for language in doc.languages.all()]
    return {
        "main_label": main_label(languages),
        "panels": text_panels(doc),
        "scans": scans,
        "manifest": reverse("iiif-manifest", args=[doc.identifier]) if scans else "",
        "found_on_scans": [s for s in scans if s.boxes],
    }


def document_json(request: HttpRequest, identifier: str) -> JsonResponse:
    doc = public_document(identifier)
    return JsonResponse(public_view(doc), json_dumps_params={"ensure_ascii": False, "indent": 2})


def document_cite(request: HttpRequest, identifier: str, fmt: str) -> HttpResponse:
    """The citation as a file to download: BibTeX, RIS or CSL-JSON (the crosswalk keeps each
    field on one line, so no text of the record can add a record or a field of its own)."""
    if fmt not in crosswalk.DOWNLOADS:
        raise Http404("No such citation format")
    doc = public_document(identifier)
    _, content_type, build = crosswalk.DOWNLOADS[fmt]
    body = build(citable_document(doc, request))
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{doc.identifier}.{fmt}")
    return response
