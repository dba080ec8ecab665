"""Who met whom: people present at the same public documents, narrowed by years and collection.

Nothing is counted per request: the pairs are read from counts kept per bucket of documents
(`authorities.meeting_counts`, kept current from the change log by `authorities.derived`), so
a page costs the pairs it shows, not the documents behind them. The drawing itself is laid
out by `readingroom.web.netdrawing`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Exists, Model, OuterRef, QuerySet, Sum

from readingroom.authorities.models import (
    MeetingBucket,
    MeetingCount,
    MeetingWeight,
    Person,
    PublicCount,
)
from readingroom.records.models import Collection

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
        found = public_collections().filter(key=key).first() if SLUG.fullmatch(key) else None
        if key and found is None:
            problems.append(
                f"There is no collection “{_shown(key, 60)}”, so all collections are shown."
            )
        return cls(low, high, found, tuple(problems))

    @property
    def active(self) -> bool:
        return bool(self.year_from or self.year_to or self.collection)

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


def buckets(filters: Filters) -> list[int]:
    """The stored buckets of meetings the filters choose (`authorities.meeting_counts`): a
    collection's or all (0); every year, or the spans of years overlapping the range."""
    years = bool(filters.year_from or filters.year_to)
    collection = filters.collection.pk if filters.collection else 0
    chosen = MeetingBucket.objects.filter(collection_id=collection, whole=not years)
    if filters.year_from:
        chosen = chosen.filter(last_year__gte=filters.year_from)
    if filters.year_to:
        chosen = chosen.filter(first_year__gte=1, first_year__lte=filters.year_to)
    return list(chosen.values_list("pk", flat=True))


def _summed(model: type[Model], chosen: list[int], fields: tuple[str, ...], total: str) -> QuerySet:
    """(fields…, total) added up over the chosen buckets, most first, then by the fields.

    One bucket is read in the order of its index, so a page costs what it shows."""
    rows = model.objects.filter(bucket_id__in=chosen)
    if len(chosen) == 1:
        return rows.order_by(f"-{total}", *fields).values_list(*fields, total)
    summed = rows.values(*fields).annotate(n=Sum(total)).order_by("-n", *fields)
    return summed.values_list(*fields, "n")


@dataclass
class Meetings:
    """Pairs of people and how many of the chosen public documents they were present at,
    read from the stored counts: the pairs with most meetings, and on demand the busiest
    people and the pairs among them."""

    chosen: list[int]  # bucket ids
    top: list[tuple[int, int, int]]  # (person, person, documents), most first
    weight: dict[int, int] = field(default_factory=dict)  # the busiest people's meetings
    _ranked: list[int] = field(default_factory=list)  # the busiest people, as far as read
    _read: int = 0  # how many of them were asked for
    _people: dict[int, Person] = field(default_factory=dict)

    def people(self, ids: set[int]) -> dict[int, Person]:
        """Load these people once (none merged away since the counts were made)."""
        missing = ids - self._people.keys()
        if missing:
            shown = Person.objects.filter(merged_into__isnull=True)
            self._people.update(shown.only("name", "slug", "sort_name").in_bulk(missing))
        return {pk: self._people[pk] for pk in ids if pk in self._people}

    def pairs(self) -> list[Edge]:
        """The pairs with most meetings, then by id so the order is stable."""
        people = self.people({pk for a, b, _ in self.top for pk in (a, b)})
        shown = [(a, b, n) for a, b, n in self.top if a in people and b in people]
        return [Edge(people[a], people[b], n) for a, b, n in shown]

    def busiest(self, limit: int) -> list[Person]:
        """The ``limit`` people with most meetings, the busiest first."""
        if limit > self._read:
            rows = _summed(MeetingWeight, self.chosen, ("person_id",), "meetings")[:limit]
            self.weight, self._read = dict(rows), limit
            self._ranked = list(self.weight)
        people = self.people(set(self._ranked[:limit]))
        return [people[pk] for pk in self._ranked[:limit] if pk in people]

    def among(self, people: list[Person]) -> list[Edge]:
        """Every pair within these people (for the drawing), by id."""
        by_id = {p.pk: p for p in people}
        rows = MeetingCount.objects.filter(
            bucket_id__in=self.chosen, person_a__in=list(by_id), person_b__in=list(by_id)
        )
        summed = rows.values("person_a", "person_b").annotate(n=Sum("documents"))
        found = sorted(summed.values_list("person_a", "person_b", "n"))
        return [Edge(by_id[a], by_id[b], n) for a, b, n in found]


def meetings(filters: Filters | None = None) -> Meetings:
    """Pairs of people not merged away, present together at public documents in the filters."""
    chosen = buckets(filters or Filters())
    fields = ("person_a", "person_b")
    top = list(_summed(MeetingCount, chosen, fields, "documents")[:TABLE_PAIRS]) if chosen else []
    return Meetings(chosen, top)


def public_collections() -> QuerySet:
    """Collections holding a public document (the rule of `Collection.objects.public`), as
    the derived data counts them, like the meetings: one indexed EXISTS per collection."""
    return Collection.objects.filter(
        Exists(PublicCount.objects.filter(collection_id=OuterRef("pk")))
    )
