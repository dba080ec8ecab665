"""REST endpoints for places, organizations and the vocabularies, as public documents use them."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Router

from readingroom.api.schemas import AuthorityOut, Message, VocabulariesOut
from readingroom.authorities.models import Organization, Place
from readingroom.records.models import Document, DocumentType, Funder, Language, Subject

router = Router(tags=["vocabularies"])


def mentioned(model: type[Place] | type[Organization]) -> QuerySet:
    """Places or organizations named in at least one public document, with how many."""
    public = Document.objects.public().values("pk")
    counted = model.objects.annotate(
        public_count=Count(
            "mention__document", filter=Q(mention__document__in=public), distinct=True
        )
    )
    return counted.filter(public_count__gt=0).order_by("name")


def authority_out(item: Place | Organization) -> dict:
    return {"slug": item.slug, "name": item.name, "documents": item.public_count}


@router.get("/places", response=list[AuthorityOut])
def places(request: HttpRequest):
    return [authority_out(p) for p in mentioned(Place)]


@router.get("/places/{slug}", response={200: AuthorityOut, 404: Message})
def place(request: HttpRequest, slug: str):
    found = mentioned(Place).filter(slug=slug).first()
    if found is None:
        raise Http404("No place named in a public document has this slug")
    return authority_out(found)


@router.get("/organizations", response=list[AuthorityOut])
def organizations(request: HttpRequest):
    return [authority_out(o) for o in mentioned(Organization)]


@router.get("/organizations/{slug}", response={200: AuthorityOut, 404: Message})
def organization(request: HttpRequest, slug: str):
    found = mentioned(Organization).filter(slug=slug).first()
    if found is None:
        raise Http404("No organization named in a public document has this slug")
    return authority_out(found)


def terms(model) -> list[dict]:
    public = Document.objects.public().values("pk")
    counted = model.objects.annotate(
        public_count=Count("document", filter=Q(document__in=public), distinct=True)
    ).filter(public_count__gt=0)
    return [{"name": t.name, "documents": t.public_count} for t in counted.order_by("name")]


@router.get("/vocabularies", response=VocabulariesOut)
def vocabularies(request: HttpRequest):
    """Types, languages, subjects and funders, each with its count of public documents."""
    return {
        "types": terms(DocumentType),
        "languages": terms(Language),
        "subjects": terms(Subject),
        "funders": terms(Funder),
    }
