"""The search page's whole state, read from and written back to its URL.

The reader's words stay in ``q``; facet choices and the year range are separate
parameters so each can be removed with one link. All are joined into one query
in the search language, which the search service parses (and never rejects).
``exact=1`` searches the words as typed: names are not read as other spellings or people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.urls import reverse

from readingroom.search.results import MAX_DEPTH, SORTS

# facet name in SearchPage.facets -> (URL parameter / query-language field, heading)
FACETS = {
    "type": ("type", "Type"),
    "collection": ("collection", "Collection"),
    "language": ("lang", "Language"),
    "person": ("person", "Person"),
    "place": ("place", "Place, written or mentioned"),
    "written": ("written", "Written at"),
    "classification": ("classification", "Classification"),
    "withheld": ("withheld", "Withheld"),
    "agency": ("agency", "Agency or archive"),
}
SORT_LABELS = {"relevance": "Relevance", "date_asc": "Date, oldest first"}
SORT_LABELS["date_desc"] = "Date, newest first"
PAGE_SIZE = 10
MAX_VALUE_CHARS = 200
MAX_FILTERS = 20


def _year(value: str | None) -> int | None:
    """A year between 1 and 9999, or None for anything else."""
    text = (value or "").strip()
    if not text.isdecimal() or len(text) > 4:
        return None
    year = int(text)
    return year if 1 <= year <= 9999 else None


def _page(value: str | None) -> int:
    text = (value or "").strip()
    if not text.isdecimal() or len(text) > 6:
        return 1
    return min(max(1, int(text)), MAX_DEPTH // PAGE_SIZE + 1)


def _printable(value: str) -> str:
    """Control characters (NUL among them) become spaces: no query needs them, no page shows
    them."""
    return "".join(c if c.isprintable() or c.isspace() else " " for c in value)


def _clean(value: str) -> str:
    """A facet value safe to put in quotes: the language has no escape for a quotation mark."""
    return " ".join(_printable(value).replace('"', " ").split())[:MAX_VALUE_CHARS]


@dataclass(frozen=True)
class SearchState:
    q: str = ""
    filters: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (param, value)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    exact: bool = False  # the words as typed: no other spellings, no people's documents

    @classmethod
    def from_params(cls, params: Mapping) -> SearchState:
        filters: list[tuple[str, str]] = []
        for param, _ in FACETS.values():
            for value in params.getlist(param) if hasattr(params, "getlist") else []:
                cleaned = _clean(value)
                if cleaned and (param, cleaned) not in filters:
                    filters.append((param, cleaned))
        sort = params.get("sort", "relevance")
        return cls(
            q=_printable(params.get("q") or "").strip()[:1000],
            filters=tuple(filters[:MAX_FILTERS]),
            year_from=_year(params.get("from")),
            year_to=_year(params.get("to")),
            sort=sort if sort in SORTS else "relevance",
            page=_page(params.get("page")),
            exact=params.get("exact") == "1",
        )

    @property
    def active(self) -> bool:
        return bool(self.q or self.filters or self.year_from or self.year_to)

    def query(self) -> str:
        """The whole state as one query in the search language."""
        parts = [f"({self.q})"] if self.q else []
        parts += [f'{param}:"{value}"' for param, value in self.filters]
        if self.year_from or self.year_to:
            low, high = self.year_from or "", self.year_to or ""
            parts.append(f"date:{low}..{high}" if low != high else f"date:{low}")
        return " AND ".join(parts)

    def params(self) -> list[tuple[str, str]]:
        out = [("q", self.q)] if self.q else []
        out += list(self.filters)
        if self.year_from:
            out.append(("from", str(self.year_from)))
        if self.year_to:
            out.append(("to", str(self.year_to)))
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.page > 1:
            out.append(("page", str(self.page)))
        if self.exact:
            out.append(("exact", "1"))
        return out

    def url(self, **changes) -> str:
        """/search?… for this state with ``changes`` applied (page resets unless given)."""
        changes.setdefault("page", 1)
        return reverse("search") + "?" + urlencode(replace(self, **changes).params())

    def with_filter(self, param: str, value: str) -> str:
        pair = (param, _clean(value))
        filters = self.filters if pair in self.filters else (*self.filters, pair)
        return self.url(filters=filters)

    def without_filter(self, pair: tuple[str, str]) -> str:
        return self.url(filters=tuple(f for f in self.filters if f != pair))

    def has_filter(self, param: str, value: str) -> bool:
        return (param, _clean(value)) in self.filters
