"""REST endpoints for people: only those who appear in at least one public document
(`authorities.appearances.public_people`, the rule the person pages follow too)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Query, Router

from readingroom.api import cursor, listing
from readingroom.api.http import base_url
from readingroom.api.schemas import Message, PersonOut, PersonPage
from readingroom.authorities.appearances import public_people
from readingroom.authorities.models import Person

router = Router(tags=["people"])


def person_out(person: Person, base: str) -> dict:
    names = sorted(person.names.all(), key=lambda n: (not n.primary, n.text))
    return {
        "slug": person.slug,
        "name": person.name,
        "sort_name": person.sort_name,
        "names": [
            {"text": n.text, "language": n.language, "system": n.system, "primary": n.primary}
            for n in names
        ],
        "url": base + person.get_absolute_url(),
        "api_url": f"{base}/api/v1/persons/{person.slug}",
    }


@router.get("/persons", response={200: PersonPage, 400: Message})
def persons(
    request: HttpRequest,
    name: str = Query("", description="part of any of the person's names"),
    limit: int = Query(listing.DEFAULT_SIZE, description=f"capped at {listing.MAX_SIZE}"),
    cursor_: str | None = Query(None, alias="cursor"),
):
    """People with every recorded form of their names, by slug."""
    size = listing.clamp(limit)
    key = f"persons:{name}:{size}"
    after = cursor.decode(cursor_, query=key)["after"] if cursor_ else ""
    people = public_people().filter(slug__gt=after)
    if name:
        people = people.filter(names__text__icontains=name)
    page = list(people.distinct().order_by("slug").prefetch_related("names")[: size + 1])
    token = (
        cursor.encode({"query": key, "after": page[size - 1].slug}) if len(page) > size else None
    )
    base = base_url(request)
    return {"items": [person_out(p, base) for p in page[:size]], "next_cursor": token}


@router.get("/persons/{slug}", response={200: PersonOut, 404: Message})
def person(request: HttpRequest, slug: str):
    found = public_people().filter(slug=slug).prefetch_related("names").first()
    if found is None:
        raise Http404("No person with this identifier appears in a public document")
    return person_out(found, base_url(request))
