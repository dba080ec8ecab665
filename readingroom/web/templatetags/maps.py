"""`{% results_map facets as place_map %}`: the search page's map, from its place facet.

A tag, so that the search template gains the map by one include (`web/_map.html`) and its
view need not change."""

from __future__ import annotations

from django import template

from readingroom.web.placemaps import PlaceMap, results_map

register = template.Library()


@register.simple_tag
def facet_map(facets: list[dict] | None) -> PlaceMap | None:
    return results_map(facets or [])
