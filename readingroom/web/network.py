"""Who met whom: people present at the same public documents, narrowed by years and collection.

Pairs are counted once per request from one bounded read of who was present (never a query
per person); the drawing itself is laid out by `readingroom.web.netdrawing`.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from urllib.parse import urlencode

from django.db.models import Q, QuerySet

from readingroom.authorities.appearances import PRESENT, links, people_by_document
from readingroom.authorities.models import Person
from readingroom.records.models import Collection, Document

# Up to this many documents, their links are read by document id (the document index);
# beyond it, one read of all links filtered here, so a query never carries thousands of ids.
BY_ID_LIMIT = 900
TABLE_PAIRS = 300
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")  # a collection key; anything else is not looked up


@dataclass(frozen=True)
class Edge:
    a: Person
    b: Person
    documents: int


def _shown(text: str, most: int) -> str:
    """What the reader typed, fit to be quoted back: printable characters, not too many."""
    return "".join(ch for ch in text if ch.isprintable())[:most]


def _year(value: str) -> int | None:
    text = value.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        return None
    year = int(text)
    return year if 1 <= year <= 9999 else None


@dataclass(frozen=True)
class Filters:
    """The reader's year range and collection; what could not be read is told, not raised."""

    year_from: int | None = None
    year_to: int | None = None
    collection: Collection | None = None
    problems: tuple[str, ...] = field(default=())

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Filters:
        problems: list[str] = []
        years: dict[str, int | None] = {}
        for name, label in (("from", "From"), ("to", "To")):
            raw = (params.get(name) or "").strip()
            years[name] = _year(raw) if raw else None
            if raw and years[name] is None:
                problems.append(f"“{_shown(raw, 40)}” is not a year, so “{label}” was left out.")
        low, high = years["from"], years["to"]
        if low and high and low > high:
            low, high = high, low
            problems.append(f"The years were the wrong way round: showing {low}–{high}.")
        key = (params.get("collection") or "").strip()
        found = Collection.objects.public().filter(key=key).first() if SLUG.fullmatch(key) else None
        if key and found is None:
            problems.append(
                f"There is no collection “{_shown(key, 60)}”, so all collections are shown."
            )
        return cls(low, high, found, tuple(problems))

    @property
    def active(self) -> bool:
        return bool(self.year_from or self.year_to or self.collection)

    def documents(self) -> QuerySet:
        """Public documents whose dates overlap the range (as search's `date:` does)."""
        docs = Document.objects.public()
        if self.year_from:
            start = date(self.year_from, 1, 1)
            ends = Q(date_end__gte=start) | Q(date_end__isnull=True, date_start__gte=start)
            docs = docs.filter(ends)
        if self.year_to:
            docs = docs.filter(date_start__lte=date(self.year_to, 12, 31))
        if self.collection:
            docs = docs.filter(collections=self.collection)
        return docs

    def query(self) -> str:
        """The filters as URL parameters, for the pager's links."""
        pairs = [("from", self.year_from), ("to", self.year_to)]
        pairs.append(("collection", self.collection.key if self.collection else None))
        return urlencode([(k, v) for k, v in pairs if v])

    def search_query(self) -> str:
        """The same narrowing as search-page parameters (its collection facet takes titles)."""
        pairs = [("from", self.year_from), ("to", self.year_to)]
        pairs.append(("collection", self.collection.title if self.collection else None))
        return urlencode([(k, v) for k, v in pairs if v])

    def describe(self) -> str:
        """The filters in words, for the drawing's label."""
        parts = []
        if self.year_from or self.year_to:
            parts.append(f"{self.year_from or '…'}–{self.year_to or '…'}")
        if self.collection:
            parts.append(f"in {self.collection.title}")
        return ", ".join(parts)


def _present(doc_ids: set[int]) -> dict[int, set[int]]:
    """The people present at each of these documents, in one bounded read."""
    if not doc_ids:
        return {}
    if len(doc_ids) <= BY_ID_LIMIT:
        return people_by_document(links(doc_ids=doc_ids, kinds=PRESENT))
    found = {row for row in links(kinds=PRESENT) if row[0] in doc_ids}
    return people_by_document(found)


@dataclass
class Meetings:
    """Every pair of resolved people and how many of the chosen documents they share."""

    counts: Counter[tuple[int, int]]
    weight: Counter[int]  # a person's meetings, summed over pairs: who is drawn first
    _people: dict[int, Person] = field(default_factory=dict)

    def people(self, ids: set[int]) -> dict[int, Person]:
        """Load these people once; later calls reuse them."""
        missing = ids - self._people.keys()
        if missing:
            self._people.update(Person.objects.only("name", "slug", "sort_name").in_bulk(missing))
        return {pk: self._people[pk] for pk in ids if pk in self._people}

    def pairs(self, limit: int = TABLE_PAIRS) -> list[Edge]:
        """The pairs with most meetings, then by id so the order is stable."""
        top = heapq.nsmallest(limit, self.counts.items(), key=lambda item: (-item[1], item[0]))
        people = self.people({pk for pair, _ in top for pk in pair})
        return [Edge(people[a], people[b], n) for (a, b), n in top if a in people and b in people]

    def busiest(self, limit: int) -> list[Person]:
        """The ``limit`` people with most meetings, the busiest first."""
        ranked = heapq.nsmallest(limit, self.weight.items(), key=lambda item: (-item[1], item[0]))
        people = self.people({pk for pk, _ in ranked})
        return [people[pk] for pk, _ in ranked if pk in people]

    def among(self, people: list[Person]) -> list[Edge]:
        """Every pair within these people (for the drawing), from all counted pairs."""
        by_id = {p.pk: p for p in people}
        within = sorted((a, b, n) for (a, b), n in self.counts.items() if a in by_id and b in by_id)
        return [Edge(by_id[a], by_id[b], n) for a, b, n in within]


def meetings(filters: Filters | None = None) -> Meetings:
    """Pairs of people not merged away, present together at public documents in the filters."""
    chosen = set((filters or Filters()).documents().values_list("pk", flat=True))
    present = _present(chosen)
    merged = set(Person.objects.filter(merged_into__isnull=False).values_list("pk", flat=True))
    counts: Counter[tuple[int, int]] = Counter()
    for people in present.values():
        counts.update(combinations(sorted(people - merged), 2))
    weight: Counter[int] = Counter()
    for (a, b), n in counts.items():
        weight[a] += n
        weight[b] += n
    return Meetings(counts, weight)


def collections_with_documents() -> list[Collection]:
    """The collections a reader may narrow to: those holding public documents."""
    return list(Collection.objects.public().order_by("title"))
