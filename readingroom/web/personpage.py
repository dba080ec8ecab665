"""What a person page shows beyond the names: roles with evidence, company kept, a timeline."""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import groupby

from readingroom.authorities.models import Person
from readingroom.records.models import Annotation, Document
from readingroom.web.appearances import links, people_by_document

ROLE_LIMIT = 40
COMPANY_LIMIT = 20


def bracket_roles(names: list[str]) -> list[Annotation]:
    """Editors' role insertions naming one of these names, each with its document."""
    found = (
        Annotation.objects.filter(kind="role", target__in=names)
        .filter(block__document__in=Document.objects.public())
        .select_related("block__document")
        .order_by("block__document__date_start", "block__document_id", "start")
    )
    return list(found[:ROLE_LIMIT])


def appearances(person: Person) -> dict[int, list[str]]:
    """document id -> how the person appears in it, in the order speaker, participant, mentioned."""
    order = {"speaker": 0, "participant": 1, "mentioned": 2}
    how: dict[int, set[str]] = {}
    for doc_id, _, kind in links(person_ids=[person.pk]):
        how.setdefault(doc_id, set()).add(kind)
    return {doc_id: sorted(kinds, key=order.__getitem__) for doc_id, kinds in how.items()}


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
