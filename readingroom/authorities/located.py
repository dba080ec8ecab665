"""What a place or organization record holds beyond its name: where a place lies (GeoNames,
countries) and which abbreviations an organization goes by (the glossaries).

Filled when enrichment creates the record (`enrichment.Resolver`) and, for records made before
these fields, by the migration that added them (`fill_places`, `fill_organizations`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import models

from readingroom.enrich.gazetteer import Authority, organizations, place_hints, places
from readingroom.enrich.geonames import locate, locate_known, place_names
from readingroom.enrich.glossary import abbreviations_of

ALTERNATES_SHOWN = 40


@cache
def _shipped(kind: str) -> dict[str, Authority]:
    return {a.key: a for a in (places() if kind == "place" else organizations())}


def place_fields(key: str, name: str) -> dict[str, Any]:
    """A place's location fields: the shipped entry's, else what the gazetteers find for the
    name ("Kyoto, Japan"); a name nobody knows keeps empty ones."""
    shipped = _shipped("place").get(key)
    hint = place_hints().get(key, {})
    variants = shipped.variants if shipped else ()
    found = locate_known(shipped.name, variants, hint) if shipped else locate(name)
    if found is None:
        return {"kind": "", "alternate_names": []}
    # a former state drawn where its successor is: the successor's names are not its own
    other = list(variants) if "successor" in hint else place_names(found, name, variants)
    return {
        "kind": found.kind,
        "latitude": found.latitude,
        "longitude": found.longitude,
        "country_code": found.country_code,
        "geonames_id": found.geonames_id,
        "located_as": found.name if found.name != name else "",
        "alternate_names": other[:ALTERNATES_SHOWN],
    }


def organization_fields(key: str, name: str, terms: type[models.Model]) -> dict[str, Any]:
    """An organization's abbreviations: the shipped list's and glossary's, and those of every
    stored glossary entry (a volume's list) whose expansion is one of its names."""
    shipped = _shipped("organization").get(key)
    found = abbreviations_of(shipped) if shipped else []
    names = {n.casefold() for n in (shipped.names if shipped else (name,))}
    stored = terms.objects.filter(expansion__in=_spellings(names)).values_list(
        "abbreviation", flat=True
    )
    found += list(stored)
    return {"abbreviations": list(dict.fromkeys(found))}


def _spellings(names: set[str]) -> list[str]:
    """The names as a glossary may write them: as given, and with each word capitalized."""
    return sorted({form for n in names for form in (n, n.title(), n.capitalize())})


def fill_places(place_model: type[models.Model]) -> int:
    """Locate every place not looked up yet (its kind empty); how many were found."""
    located = 0
    for place in place_model.objects.filter(kind="").iterator():
        fields = place_fields(place.slug, place.name)
        if fields["kind"]:
            for field, value in fields.items():
                setattr(place, field, value)
            place.save(update_fields=list(fields))
            located += 1
    return located


def fill_organizations(organization_model: type[models.Model], terms: type[models.Model]) -> int:
    """Give every organization without abbreviations the ones the glossaries know."""
    filled = 0
    for organization in organization_model.objects.filter(abbreviations=[]).iterator():
        fields = organization_fields(organization.slug, organization.name, terms)
        if fields["abbreviations"]:
            organization.abbreviations = fields["abbreviations"]
            organization.save(update_fields=["abbreviations"])
            filled += 1
    return filled
