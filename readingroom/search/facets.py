"""Facet counts and the year histogram over a whole result set.

Counted from fast fields in one aggregation pass, so the sidebar costs the same
whether a search matches ten documents or ten thousand.
"""

from __future__ import annotations

import tantivy
from tantivy import Query

from readingroom.search import schema as s

Facets = dict[str, list[tuple[str, int]]]  # facet name -> [(value, count)], most first
Years = list[tuple[int, int]]  # (year, count) by start year, ascending


def facet_request(size: int) -> dict:
    """The aggregation that counts every facet and the years."""
    aggs = {
        name: {"terms": {"field": raw, "size": size}} for _, raw, name in s.FILTERS.values() if name
    }
    aggs["years"] = {"terms": {"field": s.YEAR, "size": 5000}}
    return aggs


def facet_counts(searcher: tantivy.Searcher, query: Query, size: int) -> tuple[Facets, Years]:
    """Counts over the whole result set, from fast fields in one aggregation pass."""
    result = searcher.aggregate(query, facet_request(size))
    facets = {
        name: [(b["key"], b["doc_count"]) for b in result[name]["buckets"]]
        for _, _, name in s.FILTERS.values()
        if name
    }
    years = sorted((int(b["key"]), b["doc_count"]) for b in result["years"]["buckets"])
    return facets, years
