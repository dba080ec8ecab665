"""What the derived data holds of each document, and bringing changed documents up to date.

A public document is counted once (`DerivedDocument`, `DocumentPerson`): its people and how each
appears, the people present (not merged away) for the network, its years and collections, and
where it ranks among documents sharing as many people. A change compares the document as it is
now with that record, so the network and the people's counts (`person_counts`) take back
exactly what they added and only the related lists it can change are marked for recomputing
(`related_lists`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from readingroom.authorities import meeting_counts, named_counts, person_counts
from readingroom.authorities.appearances import PRESENT, links, mask
from readingroom.authorities.derived_sql import chunks, insert
from readingroom.authorities.models import (
    DerivedDocument,
    DocumentAuthority,
    DocumentPerson,
    Person,
    RelatedDocument,
)
from readingroom.records.models import Document, is_public

# A document's related list: up to date; to recompute; to recompute and offer to the lists of
# the documents it shares people with (its people or its rank among equals changed).
FRESH, OWN, SPREAD = 0, 1, 2


@dataclass(frozen=True)
class Counted:
    """A public document as the derived data counts it."""

    order: str
    first_year: int
    last_year: int
    collections: tuple[int, ...]
    met: tuple[int, ...]  # sorted ids of the people present, not merged away
    kinds: tuple[tuple[int, int], ...]  # (person, how: a mask of KINDS) for everyone linked
    named: tuple[tuple[int, int, int], ...] = ()  # places, organizations: named_counts.Named

    @property
    def people(self) -> frozenset[int]:
        return frozenset(person for person, _ in self.kinds)

    def ranks(self) -> tuple:
        """What related lists read of it."""
        return (self.order, self.people)

    def meets(self) -> tuple:
        """What the network reads of it."""
        return (self.first_year, self.last_year, self.collections, self.met)

    def lists(self) -> tuple:
        """What a person's page reads of it."""
        return (self.order, self.first_year, self.kinds)

    def names(self) -> tuple:
        """What place and organization pages read of it."""
        return (self.order, self.first_year, self.named, self.people)


def order_of(date_start: date | None, identifier: str) -> str:
    """How documents sharing as many people rank: by date, undated last, then identifier.

    One string compares as the (date, identifier) pair does: ISO dates sort as dates and the
    space sorts before every character an identifier may hold."""
    return f"{(date_start or date.max).isoformat()} {identifier}"


def current(ids: list[int]) -> dict[int, Counted]:
    """The public ones of these documents as they are now."""
    rows = Document.objects.filter(pk__in=ids).order_by()  # told public here: see public_in_bulk
    columns = ("pk", "date_start", "date_end", "identifier", "status", "embargo_until")
    today = timezone.localdate()
    dates = {
        pk: (start, end, i)
        for pk, start, end, i, status, until in rows.values_list(*columns)
        if is_public(status, until, today)
    }
    through = Document.collections.through.objects.filter(document_id__in=list(dates))
    volumes: dict[int, list[int]] = {}
    for doc_id, collection_id in through.values_list("document_id", "collection_id"):
        volumes.setdefault(doc_id, []).append(collection_id)
    how: dict[int, dict[int, int]] = {}
    present: dict[int, set[int]] = {}
    for doc_id, person_id, kind in links(doc_ids=list(dates)):
        mine = how.setdefault(doc_id, {})
        mine[person_id] = mine.get(person_id, 0) | mask([kind])
        if kind in PRESENT:
            present.setdefault(doc_id, set()).add(person_id)
    everyone = set().union(*present.values())
    merged = set(
        Person.objects.filter(pk__in=everyone, merged_into__isnull=False).values_list(
            "pk", flat=True
        )
    )
    named = named_counts.named_in(list(dates))
    found = {}
    for pk, (start, end, identifier) in dates.items():
        found[pk] = Counted(
            order=order_of(start, identifier),
            first_year=start.year if start else 0,
            last_year=(end or start).year if (end or start) else 0,
            collections=tuple(sorted(volumes.get(pk, ()))),
            met=tuple(sorted(present.get(pk, set()) - merged)),
            kinds=tuple(sorted(how.get(pk, {}).items())),
            named=named.get(pk, ()),
        )
    return found


def stored(ids: list[int]) -> tuple[dict[int, Counted], dict[int, int]]:
    """These documents as last counted, and how stale each one's related list is."""
    how: dict[int, list[tuple[int, int]]] = {}
    rows = DocumentPerson.objects.filter(document_id__in=ids)
    for doc_id, person_id, kinds in rows.values_list("document_id", "person_id", "kinds"):
        how.setdefault(doc_id, []).append((person_id, kinds))
    named: dict[int, list[tuple[int, int, int]]] = {}
    columns = ("document_id", "kind", "authority_id", "relation")
    for doc_id, *row in DocumentAuthority.objects.filter(document_id__in=ids).values_list(*columns):
        named.setdefault(doc_id, []).append(tuple(row))
    found, stale = {}, {}
    for row in DerivedDocument.objects.filter(pk__in=ids):
        found[row.pk] = Counted(
            order=row.order,
            first_year=row.first_year,
            last_year=row.last_year,
            collections=tuple(row.collections),
            met=tuple(row.met),
            kinds=tuple(sorted(how.get(row.pk, ()))),
            named=tuple(sorted(named.get(row.pk, ()))),
        )
        stale[row.pk] = row.stale
    return found, stale


def apply(ids: list[int]) -> int:
    """Count these documents as they are now (inside the caller's transaction, holding the
    derived data's mark); returns how many changed."""
    now = current(ids)
    before, stale = stored(ids)
    moved = [pk for pk in ids if _meets(now.get(pk)) != _meets(before.get(pk))]
    reranked = [pk for pk in ids if _ranks(now.get(pk)) != _ranks(before.get(pk))]
    listed = [pk for pk in ids if _lists(now.get(pk)) != _lists(before.get(pk))]
    renamed = [pk for pk in ids if _names(now.get(pk)) != _names(before.get(pk))]
    meeting_counts.update(before, now, moved)
    person_counts.update_public(before, now, moved)
    person_counts.update(before, now, listed)
    named_counts.update(before, now, renamed)
    _people(now, listed)
    changed = set(moved) | set(listed)
    _documents(now, before, stale, changed, set(reranked))
    _unlist(reranked)
    return len(changed)


def _meets(doc: Counted | None) -> tuple | None:
    return doc.meets() if doc else None


def _ranks(doc: Counted | None) -> tuple | None:
    return doc.ranks() if doc else None


def _lists(doc: Counted | None) -> tuple | None:
    return doc.lists() if doc else None


def _names(doc: Counted | None) -> tuple | None:
    return doc.names() if doc else None


def _people(now: dict[int, Counted], changed: list[int]) -> None:
    """Replace the people of the changed documents."""
    for part in chunks(changed):
        DocumentPerson.objects.filter(document_id__in=part).delete()
    rows = (
        (pk, person, kinds, now[pk].order)
        for pk in changed
        if pk in now
        for person, kinds in now[pk].kinds
    )
    insert(DocumentPerson, ("document_id", "person_id", "kinds", "order"), rows)


def _documents(
    now: dict[int, Counted],
    before: dict[int, Counted],
    stale: dict[int, int],
    changed: set[int],
    reranked: set[int],
) -> None:
    """Write the changed documents' records; forget those that left the public."""
    gone = [pk for pk in changed if pk in before and pk not in now]
    DerivedDocument.objects.filter(pk__in=gone).delete()
    RelatedDocument.objects.filter(document_id__in=gone).delete()
    rows = [
        DerivedDocument(
            document_id=pk,
            order=doc.order,
            first_year=doc.first_year,
            last_year=doc.last_year,
            collections=list(doc.collections),
            loose=not doc.collections,
            met=list(doc.met),
            stale=max(stale.get(pk, FRESH), SPREAD if pk in reranked else FRESH),
        )
        for pk, doc in now.items()
        if pk in changed
    ]
    fields = ["order", "first_year", "last_year", "collections", "loose", "met", "stale"]
    DerivedDocument.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["document_id"],
        update_fields=fields,
    )


def _unlist(changed: list[int]) -> None:
    """Lists holding a changed document are recomputed: it may have fallen or left."""
    holders: set[int] = set()
    for part in chunks(changed):
        rows = RelatedDocument.objects.filter(related_id__in=part)
        holders |= set(rows.values_list("document_id", flat=True))
    for part in chunks(holders):
        DerivedDocument.objects.filter(pk__in=part, stale=FRESH).update(stale=OWN)
