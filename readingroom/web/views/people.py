"""A person: names, roles with their evidence, documents by how the person appears (the first
few of each kind, or one kind in pages), the years in pages, company. Counts, years and company
are read as the derived data keeps them; only the documents shown are read."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control

from readingroom.authorities.appearances import HEADINGS, public_people
from readingroom.authorities.derived_tasks import request_follow
from readingroom.authorities.models import Person
from readingroom.web.histogram import bars
from readingroom.web.personpage import (
    Appearances,
    dated_roles,
    meetings,
    public_descriptions,
    timeline,
)
from readingroom.web.views.common import year_link

ALWAYS = ("speaker", "participant", "mentioned")  # note-taking and translating: only if done


def page_link(kind: str, number: int) -> str:
    return "?" + urlencode([*([("as", kind)] if kind else []), ("page", number)])


def pages(page: Page, kind: str = "") -> dict[str, object]:
    """The page and the links to its neighbours."""
    return {
        "page": page,
        "previous": page_link(kind, page.previous_page_number()) if page.has_previous() else "",
        "next": page_link(kind, page.next_page_number()) if page.has_next() else "",
    }


def overview(seen: Appearances, counts: dict[str, int], number: str | None) -> dict:
    """Each way of appearing with its first documents, and every document by year, in pages."""
    groups = [
        {"kind": kind, "heading": heading, "count": counts[kind], "docs": seen.first(kind)}
        for kind, heading in HEADINGS.items()
        if counts[kind] or kind in ALWAYS
    ]
    for group in groups:
        group["more"] = "?" + urlencode({"as": group["kind"]})
    page = seen.page(number, "", counts["total"])
    return {"groups": groups, "timeline": timeline(page.object_list), **pages(page)}


def one_kind(seen: Appearances, counts: dict[str, int], kind: str, number: str | None) -> dict:
    """The documents of one way of appearing, in pages."""
    page = seen.page(number, kind, counts[kind])
    group = {"kind": kind, "heading": HEADINGS[kind], "count": counts[kind], "docs": page}
    return {"groups": [group], "kind": kind, **pages(page, kind)}


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
    behind = request_follow()  # counts and lists are stored: queued if the log moved on
    seen = Appearances.of(found)
    counts, years = seen.tally()
    events, more_events = meetings(found)
    kind, number = request.GET.get("as", ""), request.GET.get("page")
    listed = (
        one_kind(seen, counts, kind, number) if kind in HEADINGS else overview(seen, counts, number)
    )
    context = {
        "person": found,
        "names": list(found.names.order_by("-primary", "text")),
        "descriptions": public_descriptions(found),
        "roles": dated_roles(found),
        "company": seen.company(),
        "histogram": bars(years, lambda y: year_link(y, ("person", found.name))),
        "total": counts["total"],
        "meetings": events,
        "more_meetings": more_events,
        **listed,
    }
    response = render(request, "web/person.html", context)
    if behind:  # a cached copy would keep the old counts after the update, which logs nothing
        patch_cache_control(response, no_cache=True)
    return response
