"""REST endpoints for collections (a FRUS volume, a seed set): those with public documents."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router

from readingroom.api.http import base_url
from readingroom.api.schemas import CollectionDetail, CollectionOut, Message
from readingroom.records import contents
from readingroom.records.contract import collection_fields
from readingroom.records.models import Collection

router = Router(tags=["collections"])


def collection_out(collection: Collection, base: str) -> dict:
    fields = collection_fields(collection)
    fields.pop("contents", None)  # the detail's, pruned to what the public may see
    return {
        **fields,
        "documents": collection.public_count,
        "url": base + collection.get_absolute_url(),
        "api_url": f"{base}/api/v1/collections/{collection.key}",
    }


@router.get("/collections", response=list[CollectionOut])
def collections(request: HttpRequest):
    base = base_url(request)
    return [collection_out(c, base) for c in Collection.objects.public()]


@router.get("/collections/{key}", response={200: CollectionDetail, 404: Message})
def collection(request: HttpRequest, key: str):
    found = Collection.objects.public().defer(None).filter(key=key).first()
    if found is None:
        raise Http404("No collection with public documents has this key")
    return {**collection_out(found, base_url(request)), "contents": public_contents(found)}


def public_contents(collection: Collection) -> list[dict]:
    """The table of contents with its public documents alone (a volume's, so bounded)."""
    if not collection.contents:
        return []
    public = collection.documents.public().values_list("identifier", flat=True)
    return contents.pruned(collection.contents, set(public))
