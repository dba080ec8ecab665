"""Places and organizations as authorities, and the glossary of abbreviations.

A place or organization page shows what a public document names of it: counts, a timeline, the
documents written there and those mentioning it (each a page at a time after a cursor), the
people named with it, and for a place its coordinates and a map. The lists and counts are the
derived data's (`web.namedpage`), so a page reads the same few rows for a place named in ten
documents or ten thousand. A place or organization no public document names is a 404.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from readingroom.authorities.derived_models import MENTIONED, ORGANIZATION, PLACE, WRITTEN
from readingroom.authorities.derived_tasks import request_follow
from readingroom.authorities.models import Organization, Place
from readingroom.enrich.geonames import country
from readingroom.web import namedpage
from readingroom.web.histogram import bars
from readingroom.web.placemaps import place_map
from readingroom.web.views.common import search_link, year_link

CURSOR_LENGTH = 400


def _param(request: HttpRequest, name: str) -> str:
    return request.GET.get(name, "")[:CURSOR_LENGTH]


def _sections(request: HttpRequest, kind: int, pk: int, relations: dict[str, int]) -> list[dict]:
    """Each way of being named with its documents: the first few, or (`?as=written`) one
    way a page at a time after (or before) a cursor."""
    chosen = request.GET.get("as", "")
    sections = []
    for name, relation in relations.items():
        if chosen and chosen != name:
            continue
        if chosen:
            page = namedpage.documents_page(
                kind, pk, relation, after=_param(request, "after"), before=_param(request, "before")
            )
        else:
            page = namedpage.documents_page(kind, pk, relation, size=namedpage.PREVIEW_SIZE)
        sections.append(
            {
                "name": name,
                "documents": page.documents,
                "next": "?" + urlencode({"as": name, "after": page.after}) if page.after else "",
                "previous": "?" + urlencode({"as": name, "before": page.before})
                if chosen and page.before
                else "",
                "all": "" if chosen else "?" + urlencode({"as": name}),
            }
        )
    return sections


def _respond(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    behind = request_follow()  # counts and lists are stored: queued if the log moved on
    response = render(request, template, context)
    if behind:  # a cached copy would keep the old counts after the update, which logs nothing
        patch_cache_control(response, no_cache=True)
    return response


def place(request: HttpRequest, slug: str) -> HttpResponse:
    """A place a public document names; any other slug answers as a missing one (404)."""
    found = namedpage.public(Place, PLACE).filter(slug=slug).first()
    if found is None:
        raise Http404("No place with this address is named in a public document")
    counts = namedpage.Counts.of(PLACE, found.pk)
    quoted = f'"{found.name}"'
    relations = {"written": WRITTEN, "mentioned": MENTIONED}
    context = {
        "place": found,
        "counts": counts,
        "country": country(found.country_code) if found.country_code else None,
        "country_place": _country_place(found),
        "sections": _sections(request, PLACE, found.pk, relations),
        "chosen": request.GET.get("as", ""),
        "company": namedpage.company(PLACE, found.pk),
        "histogram": bars(counts.years, lambda y: year_link(y, ("q", f"place:{quoted}"))),
        "search_place": search_link(("q", f"place:{quoted}")),
        "search_written": search_link(("q", f"written:{quoted}")),
        "place_map": place_map([(found, counts.total)], f"map-{found.slug}", found.name),
    }
    return _respond(request, "web/place.html", context)


def _country_place(found: Place) -> Place | None:
    """The page of the country a city lies in, when a public document names that country."""
    if found.kind == "country" or not found.country_code:
        return None
    countries = namedpage.public(Place, PLACE).filter(
        kind="country", country_code=found.country_code
    )
    return countries.order_by("name", "pk").first()


def place_list(request: HttpRequest) -> HttpResponse:
    """Every place a public document names, by name, a page at a time, with its counts and
    the page's places on a map."""
    page = namedpage.name_page(
        namedpage.public(Place, PLACE),
        after=_param(request, "after"),
        before=_param(request, "before"),
    )
    counted = namedpage.totals(PLACE, [p.pk for p in page.rows])
    rows = [(p, counted.get(p.pk, {})) for p in page.rows]
    pins = [(p, counts.get(0, 0)) for p, counts in rows]
    context = {
        "rows": [{"place": p, "total": c.get(0, 0), "written": c.get(WRITTEN, 0)} for p, c in rows],
        "next": "?" + urlencode({"after": page.after}) if page.after else "",
        "previous": "?" + urlencode({"before": page.before}) if page.before else "",
        "place_map": place_map(pins, "map-places", "the places of this page"),
    }
    return _respond(request, "web/places.html", context)


def organization(request: HttpRequest, slug: str) -> HttpResponse:
    """An organization a public document names; any other slug answers as a missing one."""
    found = namedpage.public(Organization, ORGANIZATION).filter(slug=slug).first()
    if found is None:
        raise Http404("No organization with this address is named in a public document")
    counts = namedpage.Counts.of(ORGANIZATION, found.pk)
    quoted = f'"{found.name}"'
    context = {
        "organization": found,
        "counts": counts,
        "sections": _sections(request, ORGANIZATION, found.pk, {"mentioned": MENTIONED}),
        "chosen": request.GET.get("as", ""),
        "company": namedpage.company(ORGANIZATION, found.pk),
        "histogram": bars(counts.years, lambda y: year_link(y, ("q", quoted))),
        "search_name": search_link(("q", quoted)),
        "searches": [(a, search_link(("q", a))) for a in found.abbreviations],
    }
    return _respond(request, "web/organization.html", context)


def organization_list(request: HttpRequest) -> HttpResponse:
    """Every organization a public document names, by name, a page at a time."""
    page = namedpage.name_page(
        namedpage.public(Organization, ORGANIZATION),
        after=_param(request, "after"),
        before=_param(request, "before"),
    )
    counted = namedpage.totals(ORGANIZATION, [o.pk for o in page.rows])
    context = {
        "rows": [{"organization": o, "total": counted.get(o.pk, {}).get(0, 0)} for o in page.rows],
        "next": "?" + urlencode({"after": page.after}) if page.after else "",
        "previous": "?" + urlencode({"before": page.before}) if page.before else "",
    }
    return _respond(request, "web/organizations.html", context)
