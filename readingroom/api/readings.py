"""Whom a search read a typed name as, with each person as the API links them.

The search service names the people (`search.names.people_named`: unmerged, with a name of
the typed name's key, in at least one public document) by their display names; here the
same people are found again by the same test to give their slugs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from readingroom.authorities.models import Name, Person
from readingroom.enrich.namekeys import key_string
from readingroom.search.names import appearing
from readingroom.search.results import Reading


def readings_out(readings: Iterable[Reading], base: str) -> list[dict[str, Any]]:
    """Each name typed as free text that was read as people, and those people."""
    return [
        {
            "text": reading.text,
            "excluded": reading.excluded,
            "people": [_person(p, base) for p in people_read(reading)],
        }
        for reading in readings
    ]


def people_read(reading: Reading) -> list[Person]:
    """The people ``reading`` names, by name then slug; only those in a public document."""
    key = key_string(reading.text)
    spelled = Name.objects.filter(key=key).values("person_id")
    candidates = Person.objects.filter(Q(pk__in=spelled) | Q(key=key), merged_into=None)
    named = set(reading.people)
    found = [p for p in candidates.order_by("name", "slug") if p.name.strip() in named]
    public = appearing([p.pk for p in found]) if found else set()
    return [p for p in found if p.pk in public]


def _person(person: Person, base: str) -> dict[str, str]:
    return {
        "name": person.name.strip(),
        "slug": person.slug,
        "url": base + person.get_absolute_url(),
        "api_url": f"{base}/api/v1/persons/{person.slug}",
    }
