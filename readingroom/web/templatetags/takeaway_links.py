"""`{% takeaway_links … as links %}`: the download and feed links of a result list
(`web.takeaway`), for the partial `web/_takeaway.html`."""

from __future__ import annotations

from django import template

from readingroom.web.searchstate import SearchState
from readingroom.web.takeaway import Takeaway, params_of, takeaway

register = template.Library()


@register.simple_tag
def takeaway_links(
    state: SearchState | str = "",
    q: str = "",
    person: str = "",
    collection: str = "",
    place: str = "",
    total: int | str = "",
) -> Takeaway:
    """A variable the include does not pass arrives as "": the search page passes `state`,
    other lists a query or one filter, and `total` when the page counted the list."""
    chosen = state if isinstance(state, SearchState) else None
    filters = {"person": person, "collection": collection, "place": place}
    count = total if isinstance(total, int) else None
    return takeaway(params_of(chosen, q, **filters), count)
