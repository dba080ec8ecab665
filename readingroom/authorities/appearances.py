"""The people of a document: the one definition of how a person appears in a record.

Speakers (turn labels), participants (the publisher's lists and prefaces), note-takers and
translators (closers and credits), and people mentioned. The document page, its JSON, the
search index (`person:`), merges, related documents, a person's page and the network all
read these links from here, so they count alike.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from readingroom.authorities.models import Attendance, Mention, Person
from readingroom.records.links import hide_unpublished_links
from readingroom.records.models import Block, Document, Participant
from readingroom.records.serialize import document_snapshot

KINDS = ("speaker", "participant", "note-taker", "translator", "mentioned")
PRESENT = ("speaker", "participant", "note-taker")  # at the meeting: who met whom
# How each kind reads on a page ("Speaks in …").
HEADINGS = {
    "speaker": "Speaks in",
    "participant": "Takes part in",
    "note-taker": "Took the notes of",
    "translator": "Translated",
    "mentioned": "Mentioned in",
}


def mask(kinds: Iterable[str]) -> int:
    """Kinds of link as the bits of one number, as the derived data stores them: bit i is
    KINDS[i]."""
    return sum(1 << KINDS.index(kind) for kind in set(kinds))


# Attendance (enrichment's findings) holds three kinds, told apart by its `part`.
ATTENDANCE_KINDS = {
    "participant": "participant",
    "note_taker": "note-taker",
    "translator": "translator",
}


@dataclass(frozen=True)
class Source:
    """One table that links people to documents: the kinds it holds and how to read them."""

    queryset: QuerySet
    field: str  # the column holding the person
    kind: str = ""  # the one kind of link it holds, or "" when `part` tells (attendance)

    def holds(self, kinds: Iterable[str]) -> bool:
        if self.kind:
            return self.kind in kinds
        return any(kind in kinds for kind in ATTENDANCE_KINDS.values())

    def narrowed(self, kinds: Iterable[str]) -> QuerySet:
        if self.kind:
            return self.queryset
        parts = [part for part, kind in ATTENDANCE_KINDS.items() if kind in kinds]
        return self.queryset.filter(part__in=parts)

    def kind_of(self, part: str) -> str:
        return self.kind or ATTENDANCE_KINDS[part]


def _sources(kinds: tuple[str, ...]) -> list[Source]:
    """The tables holding any of these kinds of link.

    Participants come from the publisher's lists and from enrichment (prefaces); note-takers
    and translators from enrichment of closers and credits; speakers from the turns' labels.
    """
    table = [
        Source(Block.objects.exclude(speaker=""), "speaker_person_id", "speaker"),
        Source(Participant.objects.all(), "person_id", "participant"),
        Source(Attendance.objects.all(), "person_id"),
        Source(Mention.objects.all(), "person_id", "mentioned"),
    ]
    return [source for source in table if source.holds(kinds)]


def link_sources() -> list[tuple[QuerySet, str]]:
    """(queryset, person field) for every kind of link, for callers that aggregate."""
    return [(source.narrowed(KINDS).order_by(), source.field) for source in _sources(KINDS)]


def links(
    *,
    doc_ids: Iterable[int] | None = None,
    person_ids: Iterable[int] | None = None,
    kinds: Iterable[str] = KINDS,
) -> set[tuple[int, int, str]]:
    """(document id, person id, kind) for the given documents and/or people."""
    kinds = tuple(kinds)
    found: set[tuple[int, int, str]] = set()
    for source in _sources(kinds):
        condition = Q()
        if doc_ids is not None:
            condition &= Q(document_id__in=list(doc_ids))
        if person_ids is not None:
            condition &= Q(**{f"{source.field}__in": list(person_ids)})
        if doc_ids is None and person_ids is None:
            condition = Q(**{f"{source.field}__isnull": False})
        # Nulls are dropped here rather than in SQL: an IS NOT NULL test leads SQLite to
        # scan the person index instead of using the document index (15 ms against 1 ms).
        columns = ("document_id", source.field, *(() if source.kind else ("part",)))
        rows = source.narrowed(kinds).filter(condition).order_by().values_list(*columns)
        found |= {
            (doc_id, person_id, source.kind_of(part[0] if part else ""))
            for doc_id, person_id, *part in rows.distinct()
            if person_id
        }
    return found


def public_people() -> QuerySet:
    """People a reader may meet: linked in any way (KINDS) to a public document, not merged
    away. The one rule for every public channel: a person only drafts or embargoed records
    name has no page, no API entry and no sitemap line, exactly like one never recorded.

    One EXISTS per kind of link, each answered from its table's person index, and each link
    found asks its document's row whether it is public: asking about one person never reads
    every link or every document. (`document IN (public documents)` read every document per
    query and, after ANALYZE, led SQLite through the mentions of every public document: 79 s
    for all people of the ten-fold set, 0.2 s this way.)"""
    public = Exists(Document.objects.public().filter(pk=OuterRef("document_id")))
    linked = [
        Exists(source.narrowed(KINDS).filter(public, **{source.field: OuterRef("pk")}).order_by())
        for source in _sources(KINDS)
    ]
    return Person.objects.filter(reduce(operator.or_, linked), merged_into__isnull=True)


def people_by_document(found: set[tuple[int, int, str]]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for doc_id, person_id, _ in found:
        out.setdefault(doc_id, set()).add(person_id)
    return out


def people_in(doc_id: int) -> list[dict]:
    """Each person linked to a document once, with how they appear (in KINDS order), by name."""
    how: dict[int, set[str]] = {}
    for _, person_id, kind in links(doc_ids=[doc_id]):
        how.setdefault(person_id, set()).add(kind)
    people = Person.objects.only("name", "slug").in_bulk(list(how))
    entries = [
        {"id": pk, "name": p.name, "slug": p.slug, "appears_as": [k for k in KINDS if k in how[pk]]}
        for pk, p in people.items()
    ]
    return sorted(entries, key=lambda e: e["name"])


def documents_of(person_ids: Iterable[int]) -> set[int]:
    """Every document in which any of these people appears (one query)."""
    ids = list(person_ids)
    parts = [
        source.narrowed(KINDS)
        .filter(**{f"{source.field}__in": ids})
        .order_by()
        .values_list("document_id", flat=True)
        for source in _sources(KINDS)
    ]
    return set(parts[0].union(*parts[1:]))


def public_view(doc: Document) -> dict[str, Any]:
    """The record as a reader gets it (page JSON, API, TEI, `show`): the snapshot and its
    people, without the identifiers that only this database knows."""
    people = [{k: v for k, v in p.items() if k != "id"} for p in people_in(doc.pk)]
    return {**hide_unpublished_links(document_snapshot(doc)), "people": people}
