"""REST endpoints for collections (a FRUS volume, a seed set): those with public documents."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router

from readingroom.api.http import base_url
from readingroom.api.schemas import CollectionOut, Message
from readingroom.records.contract import collection_fields
from readingroom.records.models import Collection

router = Router(tags=["collections"])


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
    return [collection_out(c, base) for c in Collection.objects.public()]


@router.get("/collections/{key}", response={200: CollectionOut, 404: Message})
def collection(request: HttpRequest, key: str):
    found = Collection.objects.public().filter(key=key).first()
    if found is None:
        raise Http404("No collection with public documents has this key")
    return collection_out(found, base_url(request))
