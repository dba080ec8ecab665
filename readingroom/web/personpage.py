"""What a person page shows: roles with evidence, the documents in pages, counts, company.

A popular person appears in tens of thousands of documents, so nothing here loads them all:
counts, the years and the company are read as the derived data keeps them, and one page of
documents is read from the person's rows in date order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.core.paginator import Page
from django.db.models import Exists, OuterRef, Q, QuerySet

from readingroom.authorities.appearances import KINDS, mask
from readingroom.authorities.models import (
    DocumentPerson,
    Person,
    PersonCompany,
    PersonDescription,
    PersonRole,
    PersonYear,
)
from readingroom.events.models import Event
from readingroom.events.public import events_of_person
from readingroom.records.models import Block, Document
from readingroom.web.paging import CountedPaginator

ROLE_LIMIT = 40
DESCRIPTION_LIMIT = 30
COMPANY_LIMIT = 20
PAGE_SIZE = 50
PREVIEW_SIZE = 10  # documents of each kind on the overview
MEETING_LIMIT = 50  # events on the page; the events list has them all


def dated_roles(person: Person) -> list[PersonRole]:
    """Posts the person held on documents' dates (the enrichment's facts), with evidence."""
    found = (
        PersonRole.objects.filter(person=person, document__in=Document.objects.public())
        .select_related("document")
        .order_by("date_start", "document_id", "start")[:ROLE_LIMIT]
    )
    roles = list(found)
    wanted = {(r.document_id, r.block_order) for r in roles}
    blocks = Block.objects.filter(
        document_id__in={d for d, _ in wanted}, order__in={o for _, o in wanted if o is not None}
    ).values_list("document_id", "order", "pk")
    ids = {(doc, order): pk for doc, order, pk in blocks}
    for role in roles:
        role.block_id = ids.get((role.document_id, role.block_order))
    return roles


def public_descriptions(person: Person) -> list[PersonDescription]:
    """The descriptions sources give, but only those of no collection or a public one: a
    persons list of an unpublished volume would name the volume and what it says. The first
    DESCRIPTION_LIMIT: every volume's list may describe the same person again."""
    public = Document.objects.public().filter(collections=OuterRef("collection_id"))
    shown = Q(collection__isnull=True) | Q(Exists(public))
    found = person.descriptions.filter(shown).select_related("collection").order_by("pk")
    return list(found[:DESCRIPTION_LIMIT])


def _with_kind(kind: str) -> list[int]:
    """Every mask of KINDS (`DocumentPerson.kinds`) that holds this kind."""
    bit = mask([kind])
    return [m for m in range(1 << len(KINDS)) if m & bit]


class _Listed:
    """A person's documents read a page at a time from their rows, in the rows' order."""

    def __init__(self, rows: QuerySet) -> None:
        self.rows = rows

    def __getitem__(self, part: slice) -> list[Document]:
        return documents(list(self.rows.values_list("document_id", "kinds")[part]))


def documents(rows: list[tuple[int, int]]) -> list[Document]:
    """The public documents of these (id, kinds) rows in their order, each with `appears_as`:
    how the person appears in it, in KINDS order."""
    fields = ("identifier", "title", "date_text", "date_start")
    by_id = Document.objects.public_in_bulk([doc_id for doc_id, _ in rows], *fields)
    shown = []
    for doc_id, kinds in rows:
        if doc_id in by_id:
            doc = by_id[doc_id]
            doc.appears_as = [k for i, k in enumerate(KINDS) if kinds & (1 << i)]
            shown.append(doc)
    return shown


@dataclass(frozen=True)
class Appearances:
    """The public documents a person appears in, as the derived data lists and counts them
    (`authorities.person_counts`): a page reads its counts, one page of documents and its
    company, never every document the person appears in."""

    person: Person
    counted: list[tuple[int, int, int]]  # (year, mask of KINDS, documents); year 0: undated

    @classmethod
    def of(cls, person: Person) -> Appearances:
        rows = PersonYear.objects.filter(person_id=person.pk)
        return cls(person, list(rows.values_list("year", "kinds", "documents")))

    def tally(self) -> tuple[dict[str, int], list[tuple[int, int]]]:
        """The number of documents in all ("total") and by each kind, and (year, documents)
        for the dated ones."""
        counts = dict.fromkeys(("total", *KINDS), 0)
        years: Counter[int] = Counter()
        for year, kinds, n in self.counted:
            counts["total"] += n
            for kind in KINDS:
                counts[kind] += n if kinds & mask([kind]) else 0
            if year:
                years[year] += n
        return counts, sorted(years.items())

    def ordered(self, kind: str = "") -> QuerySet:
        """The person's rows, oldest document first, undated last; of one kind, from the
        first year the kind counts in (the rows before it need not be read)."""
        rows = DocumentPerson.objects.filter(person_id=self.person.pk)
        if kind:
            wanted = _with_kind(kind)
            years = [year or 9999 for year, kinds, _ in self.counted if kinds in wanted]
            if not years:  # none of this kind: nothing to read
                return rows.none()
            rows = rows.filter(kinds__in=wanted, order__gte=f"{min(years):04d}")
        return rows.order_by("order")

    def first(self, kind: str, count: int = PREVIEW_SIZE) -> list[Document]:
        """The oldest few of one kind, for the overview."""
        return _Listed(self.ordered(kind))[:count]

    def page(self, number: str | None, kind: str, count: int) -> Page:
        """One page of the documents (all, or of one kind); `count` is how many there are."""
        return CountedPaginator(_Listed(self.ordered(kind)), PAGE_SIZE, count).get_page(number)

    def company(self, limit: int = COMPANY_LIMIT) -> list[tuple[Person, int]]:
        """People linked to the most public documents the person is linked to."""
        rows = PersonCompany.objects.filter(person_id=self.person.pk)
        top = list(
            rows.order_by("-documents", "other_id").values_list("other_id", "documents")[:limit]
        )
        found = Person.objects.in_bulk([pid for pid, _ in top])
        return [(found[pid], n) for pid, n in top if pid in found]


def timeline(documents: list[Document]) -> list[tuple[str, list[Document]]]:
    """Documents grouped by year, oldest first; undated ones last."""
    ordered = sorted(documents, key=lambda d: (d.date_start or date.max, d.identifier))

    def year(doc: Document) -> str:
        return str(doc.date_start.year) if doc.date_start else "Undated"

    return [(label, list(group)) for label, group in groupby(ordered, key=year)]


def meetings(person: Person, limit: int = MEETING_LIMIT) -> tuple[list[Event], bool]:
    """The first public events the person took part in, oldest first, and whether there are
    more: one bounded read, however many meetings the person had."""
    found = list(events_of_person(person.pk)[: limit + 1])
    return found[:limit], len(found) > limit
