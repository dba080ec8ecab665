"""The reading room's pages. Every page reads status from the database before showing a record."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from readingroom.authorities.models import Mention, Person
from readingroom.records.models import Block, Collection, Document
from readingroom.records.serialize import people_of, public_view
from readingroom.web.rendering import Span, render_text


def public_document(identifier: str) -> Document:
    """The document if the public may see it; a 404 otherwise, the same as for a missing one."""
    return get_object_or_404(Document.objects.public(), identifier=identifier)


def home(request: HttpRequest) -> HttpResponse:
    public = Document.objects.public()
    collections = Collection.objects.annotate(
        public_count=Count("documents", filter=Q(documents__in=public))
    ).filter(public_count__gt=0)
    context = {
        "total": public.count(),
        "collections": collections,
        "loose": public.filter(collections=None).prefetch_related("types")[:50],
        "recent": public.order_by("-created", "-pk").prefetch_related("types")[:10],
    }
    return render(request, "web/home.html", context)


def document_list(request: HttpRequest) -> HttpResponse:
    documents = Document.objects.public().prefetch_related("types")
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    return render(request, "web/documents.html", {"page": page})


def block_spans(block: Block) -> list[Span]:
    spans = [Span(a.start, a.end, a.kind, a.text) for a in block.annotations.all()]
    for m in block.mentions.all():
        if m.person_id:
            spans.append(Span(m.start, m.end, "person", href=m.person.get_absolute_url()))
        elif m.term_id:
            spans.append(Span(m.start, m.end, "term", title=m.term.expansion))
    return spans


def rendered_blocks(doc: Document) -> list[dict]:
    mentions = Mention.objects.select_related("person", "term")
    blocks = doc.blocks.prefetch_related("annotations", Prefetch("mentions", queryset=mentions))
    rendered = []
    for block in blocks.select_related("speaker_person"):
        offset = 0
        if block.speaker and block.text.startswith(block.speaker):
            offset = len(block.speaker) + 1  # the label and its colon are shown apart
        html = render_text(block.text, block_spans(block), offset)
        rendered.append({"block": block, "html": html})
    return rendered


def document(request: HttpRequest, identifier: str) -> HttpResponse:
    doc = public_document(identifier)
    context = {
        "doc": doc,
        "blocks": rendered_blocks(doc),
        "people": people_of(doc),
        "credits": doc.credits.all(),
        "participants": doc.participants.select_related("person"),
    }
    return render(request, "web/document.html", context)


def document_json(request: HttpRequest, identifier: str) -> JsonResponse:
    doc = public_document(identifier)
    return JsonResponse(public_view(doc), json_dumps_params={"ensure_ascii": False, "indent": 2})


def collection(request: HttpRequest, key: str) -> HttpResponse:
    coll = get_object_or_404(Collection, key=key)
    documents = coll.documents.public().prefetch_related("types")
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    return render(request, "web/collection.html", {"collection": coll, "page": page})


def person(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Person, slug=slug)
    public = Document.objects.public()
    context = {
        "person": found,
        "names": found.names.all(),
        "descriptions": found.descriptions.select_related("collection"),
        "spoke": public.filter(blocks__speaker_person=found).distinct(),
        "attended": public.filter(participants__person=found).distinct(),
        "mentioned": public.filter(mentions__person=found).distinct(),
    }
    return render(request, "web/person.html", context)
