"""What a person page shows beyond the names: roles with evidence, company kept, a timeline."""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import groupby

from django.db.models import Q, QuerySet

from readingroom.authorities.appearances import KINDS, links, people_by_document
from readingroom.authorities.models import Person, PersonRole
from readingroom.records.models import Block, Document

ROLE_LIMIT = 40
COMPANY_LIMIT = 20


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


def public_descriptions(person: Person) -> QuerySet:
    """The descriptions sources give, but only those of no collection or a public one: a
    persons list of an unpublished volume would name the volume and what it says."""
    public = Document.objects.public().values("pk")
    shown = Q(collection__isnull=True) | Q(collection__documents__in=public)
    return person.descriptions.filter(shown).distinct().select_related("collection")


def appearances(person: Person) -> dict[int, list[str]]:
    """document id -> how the person appears in it, in the order of `appearances.KINDS`."""
    how: dict[int, set[str]] = {}
    for doc_id, _, kind in links(person_ids=[person.pk]):
        how.setdefault(doc_id, set()).add(kind)
    return {doc_id: [k for k in KINDS if k in kinds] for doc_id, kinds in how.items()}


def company(person: Person, doc_ids: set[int]) -> list[tuple[Person, int]]:
    """People who appear in the same documents, most shared documents first."""
    counts: Counter[int] = Counter()
    for people in people_by_document(links(doc_ids=doc_ids)).values():
        counts.update(p for p in people if p != person.pk)
    top = counts.most_common(COMPANY_LIMIT)
    found = Person.objects.in_bulk([pid for pid, _ in top])
    return [(found[pid], n) for pid, n in top if pid in found]


def timeline(documents: list[Document]) -> list[tuple[str, list[Document]]]:
    """Documents grouped by year, oldest first; undated ones last."""
    ordered = sorted(documents, key=lambda d: (d.date_start or date.max, d.identifier))

    def year(doc: Document) -> str:
        return str(doc.date_start.year) if doc.date_start else "Undated"

    return [(label, list(group)) for label, group in groupby(ordered, key=year)]
