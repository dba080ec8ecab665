"""What a person page shows: roles with evidence, the documents in pages, counts, company.

A popular person appears in thousands of documents, so nothing here loads them all: counts,
the years and the company are aggregate queries over the links' person and document
indexes, and only one page of documents (and their links to the person) is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import reduce
from itertools import groupby
from operator import or_

from django.core.paginator import Page
from django.db import connections, router
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from readingroom.authorities.appearances import ATTENDANCE_KINDS, KINDS, link_sources, links
from readingroom.authorities.models import Attendance, Person, PersonDescription, PersonRole
from readingroom.records.models import Block, Document
from readingroom.web.histogram import StartYear
from readingroom.web.paging import CountedPaginator

ROLE_LIMIT = 40
DESCRIPTION_LIMIT = 30
COMPANY_LIMIT = 20
PAGE_SIZE = 50
PREVIEW_SIZE = 10  # documents of each kind on the overview
# The kind of link each single-kind table holds (attendance tells by its `part`); checked
# against `appearances.KINDS` by tests/web/test_person_pages.py.
SINGLE_KIND = {
    "records.Block": "speaker",
    "records.Participant": "participant",
    "authorities.Mention": "mentioned",
}


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


def _by_kind(person_id: int) -> dict[str, Q]:
    """kind -> a condition on Document.pk: the documents linked to the person that way."""
    subqueries: dict[str, list[QuerySet]] = {kind: [] for kind in KINDS}
    for queryset, field in link_sources():
        mine = queryset.filter(**{field: person_id})
        if queryset.model is Attendance:
            for part, kind in ATTENDANCE_KINDS.items():
                subqueries[kind].append(mine.filter(part=part).values("document_id"))
        else:
            subqueries[SINGLE_KIND[queryset.model._meta.label]].append(mine.values("document_id"))
    return {
        kind: reduce(or_, [Q(pk__in=q) for q in found]) if found else Q(pk__in=[])
        for kind, found in subqueries.items()
    }


@dataclass(frozen=True)
class Appearances:
    """The public documents a person appears in, as queries: nothing is read until asked."""

    person: Person
    by_kind: dict[str, Q]

    @classmethod
    def of(cls, person: Person) -> Appearances:
        return cls(person, _by_kind(person.pk))

    def documents(self, kind: str = "") -> QuerySet:
        """The public documents, all or those of one kind of link."""
        condition = self.by_kind[kind] if kind else reduce(or_, self.by_kind.values())
        return Document.objects.public().filter(condition)

    def tally(self) -> tuple[dict[str, int], list[tuple[int, int]]]:
        """The number of documents in all ("total") and by each kind, and (year, documents)
        for the dated ones: one GROUP BY year over the person's public documents."""
        each = {kind: Count("pk", filter=q) for kind, q in self.by_kind.items()}
        rows = list(
            self.documents()
            .order_by()
            .annotate(year=StartYear("date_start"))
            .values("year")
            .annotate(total=Count("pk"), **each)
        )
        counts = {key: sum(row[key] for row in rows) for key in ("total", *KINDS)}
        years = sorted((row["year"], row["total"]) for row in rows if row["year"] is not None)
        return counts, years

    def ordered(self, kind: str = "") -> QuerySet:
        """The documents oldest first, undated last, with what a list shows of them."""
        by_date = self.documents(kind).order_by(F("date_start").asc(nulls_last=True), "identifier")
        return by_date.only("identifier", "title", "date_text", "date_start")

    def first(self, kind: str, count: int = PREVIEW_SIZE) -> list[Document]:
        """The oldest few of one kind, for the overview."""
        return list(self.ordered(kind)[:count])

    def page(self, number: str | None, kind: str, count: int) -> Page:
        """One page of the documents (all, or of one kind); `count` is how many there are."""
        return CountedPaginator(self.ordered(kind), PAGE_SIZE, count).get_page(number)

    def mark_kinds(self, docs: list[Document]) -> None:
        """Set `appears_as` on each document: how the person appears in it, in KINDS order."""
        how: dict[int, set[str]] = {}
        for doc_id, _, link in links(doc_ids=[d.pk for d in docs], person_ids=[self.person.pk]):
            how.setdefault(doc_id, set()).add(link)
        for doc in docs:
            doc.appears_as = [k for k in KINDS if k in how.get(doc.pk, ())]

    def company(self, limit: int = COMPANY_LIMIT) -> list[tuple[Person, int]]:
        """People who appear in the same public documents, most shared documents first: one
        GROUP BY over the links of the person's documents, which are found once (`mine`)."""
        alias = router.db_for_read(Document)
        mine, mine_params = self.documents().values("pk").query.get_compiler(alias).as_sql()
        mine_ids = RawSQL("SELECT id FROM mine", ())
        parts = [
            queryset.filter(document_id__in=mine_ids).values(d=F("document_id"), p=F(field))
            for queryset, field in link_sources()
        ]
        union, params = parts[0].union(*parts[1:]).query.get_compiler(alias).as_sql()
        sql = (
            f"WITH mine(id) AS ({mine}) SELECT u.p, COUNT(*) AS n FROM ({union}) u "
            "WHERE u.p IS NOT NULL AND u.p <> %s GROUP BY u.p ORDER BY n DESC, u.p LIMIT %s"
        )
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, (*mine_params, *params, self.person.pk, limit))
            top = cursor.fetchall()
        found = Person.objects.in_bulk([pid for pid, _ in top])
        return [(found[pid], n) for pid, n in top if pid in found]


def timeline(documents: list[Document]) -> list[tuple[str, list[Document]]]:
    """Documents grouped by year, oldest first; undated ones last."""
    ordered = sorted(documents, key=lambda d: (d.date_start or date.max, d.identifier))

    def year(doc: Document) -> str:
        return str(doc.date_start.year) if doc.date_start else "Undated"

    return [(label, list(group)) for label, group in groupby(ordered, key=year)]
