"""A map of places for a page: the drawing (`web.mapdrawing`) and the same places as a table.

The place page, the list of places and the search page (its results' place facet, through the
`placemaps` template tag) show one. Places the gazetteers could not locate are listed under
the table, so the table always holds every place the page counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.safestring import SafeString
from django.utils.text import slugify

from readingroom.authorities.derived_models import PLACE
from readingroom.authorities.models import Place
from readingroom.enrich.gazetteer import key_for
from readingroom.web.mapdrawing import Pin, svg
from readingroom.web.namedpage import public

MOST_PLACES = 60  # a facet's values at most: a map of more is a blur of dots


@dataclass
class PlaceMap:
    key: str  # unique on the page: the ids of its parts
    drawing: SafeString | str = ""  # for a wide screen (or only `compact`, in a sidebar)
    compact: SafeString | str = ""  # for a small screen: larger names on fewer pixels
    rows: list[dict] = field(default_factory=list)  # located places, most documents first
    unlocated: list[dict] = field(default_factory=list)
    folded: bool = False  # the table folded away (a sidebar, whose facets list the places)


def coordinates(latitude: float, longitude: float) -> str:
    """48.21° N, 16.37° E."""
    ns = "N" if latitude >= 0 else "S"
    ew = "E" if longitude >= 0 else "W"
    return f"{abs(latitude):.2f}° {ns}, {abs(longitude):.2f}° {ew}"


def place_map(
    places: Iterable[tuple[Place, int]], key: str, subject: str, sidebar: bool = False
) -> PlaceMap | None:
    """The map of these (place, documents) pairs, or None when there are none: drawn twice,
    for wide and small screens (the page's stylesheet shows one), or for a sidebar once."""
    places = sorted(places, key=lambda pair: (-pair[1], pair[0].name))
    if not places:
        return None
    found = PlaceMap(key, folded=sidebar)
    for place, documents in places:
        row = {"place": place, "documents": documents}
        if place.located:
            row["coordinates"] = coordinates(place.latitude, place.longitude)
            found.rows.append(row)
        else:
            found.unlocated.append(row)
    if found.rows:
        pins = [
            Pin(r["place"].name, r["place"].latitude, r["place"].longitude, r["documents"])
            for r in found.rows
        ]
        title = f"Map of {subject}"
        names = ", ".join(r["place"].name for r in found.rows[:10])
        more = len(found.rows) - 10
        description = f"{len(found.rows)} place{'s' if len(pins) != 1 else ''}: {names}"
        description += f" and {more} more" if more > 0 else ""
        description += ". The table below lists them."
        if sidebar:
            found.compact = svg(pins, key, title, description, small=True)
        else:
            found.drawing = svg(pins, key, title, description, css="network-full")
            found.compact = svg(pins, f"{key}-s", title, description, True, "network-compact")
    return found


def results_map(facets: list[dict], key: str = "map-results") -> PlaceMap | None:
    """The map of a search's place facet: its values are the places as documents label
    them ("Washington", "Kyoto, Japan"), read as place records by name or gazetteer key."""
    values = next((f["values"] for f in facets if f.get("name") == "place"), [])[:MOST_PLACES]
    counts = {v["value"]: v["count"] for v in values}
    if not counts:
        return None
    slugs = {slugify(key_for("place", name)): name for name in counts}
    found = public(Place, PLACE).filter(Q(slug__in=list(slugs)) | Q(name__in=list(counts)))
    pairs = {}  # one query: by gazetteer key first, else by the name as written
    for place in found:
        count = counts.get(slugs.get(place.slug, ""), 0) or counts.get(place.name, 0)
        pairs[place.pk] = (place, count)
    return place_map(pairs.values(), key, "the places of these results", sidebar=True)
