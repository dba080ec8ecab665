"""What the derived data holds of each document, and bringing changed documents up to date.

A public document is counted once (`DerivedDocument`, `DocumentPerson`): its people, the people
present (not merged away) for the network, its years and collections, and where it ranks among
documents sharing as many people. A change compares the document as it is now with that record,
so the network takes back exactly what it added and only the related lists it can change are
marked for recomputing (`related_lists`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Model

from readingroom.authorities import meeting_counts
from readingroom.authorities.appearances import PRESENT, links
from readingroom.authorities.models import (
    DerivedDocument,
    DocumentPerson,
    Person,
    RelatedDocument,
)
from readingroom.records.models import Document

# A document's related list: up to date; to recompute; to recompute and offer to the lists of
# the documents it shares people with (its people or its rank among equals changed).
FRESH, OWN, SPREAD = 0, 1, 2
IDS_PER_QUERY = 500  # ids in one IN (...): far below every database's limit


@dataclass(frozen=True)
class Counted:
    """A public document as the derived data counts it."""

    order: str
    first_year: int
    last_year: int
    collections: tuple[int, ...]
    met: tuple[int, ...]  # sorted ids of the people present, not merged away
    people: frozenset[int]  # everyone linked in any way

    def ranks(self) -> tuple:
        """What related lists read of it."""
        return (self.order, self.people)

    def meets(self) -> tuple:
        """What the network reads of it."""
        return (self.first_year, self.last_year, self.collections, self.met)


def order_of(date_start: date | None, identifier: str) -> str:
    """How documents sharing as many people rank: by date, undated last, then identifier.

    One string compares as the (date, identifier) pair does: ISO dates sort as dates and the
    space sorts before every character an identifier may hold."""
    return f"{(date_start or date.max).isoformat()} {identifier}"


def chunks(ids: Iterable[int], size: int = IDS_PER_QUERY) -> Iterator[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def insert(model: type[Model], columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Insert plain rows in one statement run many times: a rebuild writes hundreds of
    thousands, which as model instances cost more than all the counting."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))


def current(ids: list[int]) -> dict[int, Counted]:
    """The public ones of these documents as they are now."""
    rows = Document.objects.public().filter(pk__in=ids)
    columns = ("pk", "date_start", "date_end", "identifier")
    dates = {pk: (start, end, i) for pk, start, end, i in rows.values_list(*columns)}
    through = Document.collections.through.objects.filter(document_id__in=list(dates))
    volumes: dict[int, list[int]] = {}
    for doc_id, collection_id in through.values_list("document_id", "collection_id"):
        volumes.setdefault(doc_id, []).append(collection_id)
    people: dict[int, set[int]] = {}
    present: dict[int, set[int]] = {}
    for doc_id, person_id, kind in links(doc_ids=list(dates)):
        people.setdefault(doc_id, set()).add(person_id)
        if kind in PRESENT:
            present.setdefault(doc_id, set()).add(person_id)
    everyone = set().union(*present.values())
    merged = set(
        Person.objects.filter(pk__in=everyone, merged_into__isnull=False).values_list(
            "pk", flat=True
        )
    )
    found = {}
    for pk, (start, end, identifier) in dates.items():
        found[pk] = Counted(
            order=order_of(start, identifier),
            first_year=start.year if start else 0,
            last_year=(end or start).year if (end or start) else 0,
            collections=tuple(sorted(volumes.get(pk, ()))),
            met=tuple(sorted(present.get(pk, set()) - merged)),
            people=frozenset(people.get(pk, ())),
        )
    return found


def stored(ids: list[int]) -> tuple[dict[int, Counted], dict[int, int]]:
    """These documents as last counted, and how stale each one's related list is."""
    people: dict[int, set[int]] = {}
    for doc_id, person_id in DocumentPerson.objects.filter(document_id__in=ids).values_list(
        "document_id", "person_id"
    ):
        people.setdefault(doc_id, set()).add(person_id)
    found, stale = {}, {}
    for row in DerivedDocument.objects.filter(pk__in=ids):
        found[row.pk] = Counted(
            order=row.order,
            first_year=row.first_year,
            last_year=row.last_year,
            collections=tuple(row.collections),
            met=tuple(row.met),
            people=frozenset(people.get(row.pk, ())),
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
    meeting_counts.update(before, now, moved)
    _people(now, reranked)
    _documents(now, before, stale, set(moved) | set(reranked), set(reranked))
    _unlist(reranked)
    return len(set(moved) | set(reranked))


def _meets(doc: Counted | None) -> tuple | None:
    return doc.meets() if doc else None


def _ranks(doc: Counted | None) -> tuple | None:
    return doc.ranks() if doc else None


def _people(now: dict[int, Counted], changed: list[int]) -> None:
    """Replace the people of the changed documents."""
    for part in chunks(changed):
        DocumentPerson.objects.filter(document_id__in=part).delete()
    rows = ((pk, person) for pk in changed if pk in now for person in now[pk].people)
    insert(DocumentPerson, ("document_id", "person_id"), rows)


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
            met=list(doc.met),
            stale=max(stale.get(pk, FRESH), SPREAD if pk in reranked else FRESH),
        )
        for pk, doc in now.items()
        if pk in changed
    ]
    fields = ["order", "first_year", "last_year", "collections", "met", "stale"]
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
