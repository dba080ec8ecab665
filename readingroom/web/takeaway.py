"""The links a result list offers to take it away: CSV, RIS, BibTeX, CSL-JSON and an Atom feed.

Every list is a query of the search language (`citations.lists`), written as the search page's
own parameters, so a download and a feed take the same state the search page does: the search
page passes its state, a person page `person=<name>`, a collection `collection=<title>`, a
place `place=<name>` and an event `q=event:<slug>` (the last four in date order).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from readingroom.citations.lists import FORMATS, cap
from readingroom.web.searchstate import SearchState


@dataclass(frozen=True)
class Takeaway:
    """What the partial `web/_takeaway.html` shows."""

    downloads: list[tuple[str, str]]  # (label, URL)
    feed: str  # the Atom feed's URL
    search: str  # the same list on the search page
    note: str  # "the first 1,000 of 4,312" when the list is longer than the cap


def params_of(
    state: SearchState | None = None, q: str = "", **filters: str
) -> list[tuple[str, str]]:
    """The search parameters of a list: the search page's state without its page, or a
    query and filters (person, collection, place) in date order."""
    if state is not None:
        return [(name, value) for name, value in state.params() if name != "page"]
    pairs = [("q", q)] if q else []
    pairs += [(name, value) for name, value in filters.items() if value]
    return [*pairs, ("sort", "date_asc")]


def takeaway(params: list[tuple[str, str]], total: int | None = None) -> Takeaway:
    """The links for a list with these parameters; `total`, when the page knows it, tells
    whether the cap cuts the list."""
    query = "?" + urlencode(params) if params else ""
    downloads = [
        (label, reverse("search-export", args=[ext]) + query)
        for ext, (label, _, _) in FORMATS.items()
    ]
    most = cap()
    note = f"the first {most:,} of {total:,}" if total is not None and total > most else ""
    return Takeaway(downloads, reverse("search-feed") + query, reverse("search") + query, note)
