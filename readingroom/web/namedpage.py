"""What place and organization pages read: counts, a page of documents, company, lists.

China is named in thousands of documents, so nothing here loads them all: counts and years are
read as the derived data keeps them (`authorities.named_counts`), a page of documents from the
authority's rows in date order after a cursor, and lists of places a page of names at a time
in the (name, id) index. Only public documents are ever counted or listed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from readingroom.authorities.derived_models import (
    ANY,
    MENTIONED,
    WRITTEN,
    AuthorityPerson,
    AuthorityTotal,
    AuthorityYear,
    DocumentAuthority,
)
from readingroom.authorities.models import Person
from readingroom.records.models import Document

PAGE_SIZE = 50
PREVIEW_SIZE = 10
COMPANY_LIMIT = 15
LIST_SIZE = 100
CURSOR_LENGTH = 140  # an order string: "date identifier"
RELATIONS = {"written": WRITTEN, "mentioned": MENTIONED}


def public(model: type[Model], kind: int) -> QuerySet:
    """The places or organizations a public document names (the derived data's totals)."""
    named = AuthorityTotal.objects.filter(
        kind=kind, authority_id=OuterRef("pk"), relation=ANY, documents__gt=0
    )
    return model.objects.filter(Exists(named))


@dataclass
class Counts:
    """An authority's public documents: in all and each way, and per year (dated ones)."""

    total: int = 0
    written: int = 0
    mentioned: int = 0
    years: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def of(cls, kind: int, authority_id: int) -> Counts:
        rows = AuthorityYear.objects.filter(authority_id=authority_id, kind=kind)
        counts, years = cls(), Counter()
        for relation, year, n in rows.values_list("relation", "year", "documents"):
            if relation == ANY:
                counts.total += n
                years[year] += n if year else 0
            elif relation == WRITTEN:
                counts.written += n
            elif relation == MENTIONED:
                counts.mentioned += n
        counts.years = sorted((y, n) for y, n in years.items() if n)
        return counts


@dataclass
class DocumentPage:
    """One page of an authority's documents named one way, and the cursors of its
    neighbours (the order strings the page ends after or starts before)."""

    documents: list[Document]
    after: str = ""  # the next page starts after this
    before: str = ""  # the previous page ends before this


def documents_page(
    kind: int,
    authority_id: int,
    relation: int,
    *,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> DocumentPage:
    """The documents after (or before) a cursor in date order: one indexed range read."""
    rows = DocumentAuthority.objects.filter(kind=kind, authority_id=authority_id, relation=relation)
    if before:
        found = list(
            rows.filter(order__lt=before)
            .order_by("-order")
            .values_list("document_id", "order")[: size + 1]
        )
        more_before, found = len(found) > size, found[:size][::-1]
        more_after = True
    else:
        rows = rows.filter(order__gt=after) if after else rows
        found = list(rows.order_by("order").values_list("document_id", "order")[: size + 1])
        more_after, found = len(found) > size, found[:size]
        more_before = bool(after)
    fields = ("identifier", "title", "date_text", "date_start")
    shown = Document.objects.public_in_bulk([pk for pk, _ in found], *fields)
    return DocumentPage(
        [shown[pk] for pk, _ in found if pk in shown],
        after=found[-1][1] if found and more_after else "",
        before=found[0][1] if found and more_before else "",
    )


def company(kind: int, authority_id: int, limit: int = COMPANY_LIMIT) -> list[tuple[Person, int]]:
    """The people named in most of the public documents that name this place or body."""
    rows = AuthorityPerson.objects.filter(kind=kind, authority_id=authority_id)
    top = list(
        rows.order_by("-documents", "person_id").values_list("person_id", "documents")[: limit * 2]
    )
    people = Person.objects.filter(pk__in=[pk for pk, _ in top], merged_into=None).in_bulk()
    return [(people[pk], n) for pk, n in top if pk in people][:limit]


def totals(kind: int, ids: list[int]) -> dict[int, dict[int, int]]:
    """Each authority's totals by relation (ANY, WRITTEN, MENTIONED)."""
    found: dict[int, dict[int, int]] = {}
    rows = AuthorityTotal.objects.filter(kind=kind, authority_id__in=ids)
    for pk, relation, n in rows.values_list("authority_id", "relation", "documents"):
        found.setdefault(pk, {})[relation] = n
    return found


@dataclass
class NamePage:
    """A page of a list in name order, and the names its neighbours start after or end
    before (a cursor "name|id", so equal names page correctly)."""

    rows: list
    after: str = ""
    before: str = ""


def name_page(
    listed: QuerySet, *, after: str = "", before: str = "", size: int = LIST_SIZE
) -> NamePage:
    """One page of `listed` (names and ids, the (name, id) index) after or before a cursor."""
    if before:
        name, pk = _cursor(before)
        earlier = Q(name__lt=name) | Q(name=name, pk__lt=pk)
        found = list(listed.filter(earlier).order_by("-name", "-pk")[: size + 1])
        more_before, found = len(found) > size, found[:size][::-1]
        more_after = True
    else:
        if after:
            name, pk = _cursor(after)
            listed = listed.filter(Q(name__gt=name) | Q(name=name, pk__gt=pk))
        found = list(listed.order_by("name", "pk")[: size + 1])
        more_after, found = len(found) > size, found[:size]
        more_before = bool(after)
    return NamePage(
        found,
        after=f"{found[-1].name}|{found[-1].pk}" if found and more_after else "",
        before=f"{found[0].name}|{found[0].pk}" if found and more_before else "",
    )


def _cursor(text: str) -> tuple[str, int]:
    name, _, pk = text.rpartition("|")
    return name, int(pk) if pk.isdigit() else 0
