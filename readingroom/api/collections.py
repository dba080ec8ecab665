"""REST endpoints for collections (a FRUS volume, a seed set): those with public documents."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Router

from readingroom.api.documents import base_url
from readingroom.api.schemas import CollectionOut, Message
from readingroom.records.contract import collection_fields
from readingroom.records.models import Collection, Document

router = Router(tags=["collections"])


def public_collections() -> QuerySet:
    """Collections holding at least one public document, each with how many it holds."""
    public = Document.objects.public().values("pk")
    counted = Collection.objects.annotate(
        public_count=Count("documents", filter=Q(documents__in=public), distinct=True)
    )
    return counted.filter(public_count__gt=0).order_by("key")


def collection_out(collection: Collection, base: str) -> dict:
    return {
        **collection_fields(collection),
        "documents": collection.public_count,
        "url": base + collection.get_absolute_url(),
        "api_url": f"{base}/api/v1/collections/{collection.key}",
    }


@router.get("/collections", response=list[CollectionOut])
def collections(request: HttpRequest):
    base = base_url(request)
    return [collection_out(c, base) for c in public_collections()]


@router.get("/collections/{key}", response={200: CollectionOut, 404: Message})
def collection(request: HttpRequest, key: str):
    found = public_collections().filter(key=key).first()
    if found is None:
        raise Http404("No collection with public documents has this key")
    return collection_out(found, base_url(request))
