"""A person: names, roles with their evidence, documents by how the person appears, company."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from readingroom.authorities.appearances import HEADINGS, public_people
from readingroom.authorities.models import Person
from readingroom.records.models import Document
from readingroom.web.histogram import bars
from readingroom.web.personpage import (
    appearances,
    company,
    dated_roles,
    public_descriptions,
    timeline,
)
from readingroom.web.views.common import year_link


def groups(documents: list[Document]) -> list[tuple[str, str, list[Document]]]:
    """The person's documents under each way of appearing; note-taking and translating only
    where the person did either, which few do."""
    found = [
        (k, heading, [d for d in documents if k in d.appears_as]) for k, heading in HEADINGS.items()
    ]
    return [g for g in found if g[2] or g[0] in ("speaker", "participant", "mentioned")]


def merged_target(slug: str) -> Person | None:
    """The public person a merged-away slug now belongs to (following merges of merges)."""
    person = Person.objects.filter(slug=slug, merged_into__isnull=False).first()
    seen: set[int] = set()
    while person is not None and person.merged_into_id and person.pk not in seen:
        seen.add(person.pk)
        person = person.merged_into
    return public_people().filter(pk=person.pk).first() if person is not None else None


def person(request: HttpRequest, slug: str) -> HttpResponse:
    """A person a public record names; anyone else answers as a missing one (404)."""
    found = public_people().filter(slug=slug).first()
    if found is None:
        target = merged_target(slug)
        if target is None:
            raise Http404("No person with this slug appears in a public document")
        return redirect(target)  # 302: a merge can be undone
    names = list(found.names.order_by("-primary", "text"))
    how = appearances(found)
    docs = list(Document.objects.public().filter(pk__in=how).prefetch_related("types"))
    for doc in docs:
        doc.appears_as = how[doc.pk]
    ordered = [doc for _, group in timeline(docs) for doc in group]
    years: dict[int, int] = {}
    for doc in docs:
        if doc.date_start:
            years[doc.date_start.year] = years.get(doc.date_start.year, 0) + 1
    context = {
        "person": found,
        "names": names,
        "descriptions": public_descriptions(found),
        "roles": dated_roles(found),
        "groups": groups(ordered),
        "company": company(found, {d.pk for d in docs}),
        "timeline": timeline(docs),
        "histogram": bars(sorted(years.items()), lambda y: year_link(y, ("person", found.name))),
        "total": len(docs),
    }
    return render(request, "web/person.html", context)
