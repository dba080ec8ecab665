"""Places and organizations counted ahead: each one's documents in date order, per year and
way of being named, in total, and the people named with it.

China is named in thousands of documents: a place page that read its mentions per request
would grow with the archive. As a person's counts do (`person_counts`), each change takes back
what a document was counted with and adds it as it is now, so a place or organization page
reads a few dozen rows, and one page of its documents in index order, however many there are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q

from readingroom.authorities.derived_models import (
    ANY,
    MENTIONED,
    ORGANIZATION,
    PLACE,
    WRITTEN,
    AuthorityPerson,
    AuthorityTotal,
    AuthorityYear,
    DocumentAuthority,
)
from readingroom.authorities.derived_sql import add, chunks, insert
from readingroom.authorities.models import Mention

if TYPE_CHECKING:
    from readingroom.authorities.derived_state import Counted

Named = tuple[int, int, int]  # (kind, authority id, relation)


def named_in(ids: list[int]) -> dict[int, tuple[Named, ...]]:
    """The places and organizations each document names, and how: a place the record is
    labelled with (no block) is where it was written; everything else is mentioned."""
    found: dict[int, set[Named]] = {}
    linked = Q(place_id__isnull=False) | Q(organization_id__isnull=False)
    for part in chunks(ids):
        rows = Mention.objects.filter(linked, document_id__in=part).order_by()
        columns = ("document_id", "block_id", "place_id", "organization_id")
        for doc_id, block_id, place_id, organization_id in rows.values_list(*columns):
            mine = found.setdefault(doc_id, set())
            if place_id:
                mine.add((PLACE, place_id, MENTIONED if block_id else WRITTEN))
            if organization_id:
                mine.add((ORGANIZATION, organization_id, MENTIONED))
    return {pk: tuple(sorted(named)) for pk, named in found.items()}


def update(before: dict[int, Counted], now: dict[int, Counted], ids: Iterable[int]) -> None:
    """Take back what these documents were counted with and count them as they are now."""
    ids = list(ids)
    # keyed authority first: `add` then drops the rows come to nothing through the unique index
    years: Counter[tuple[int, int, int, int]] = Counter()
    totals: Counter[tuple[int, int, int]] = Counter()
    people: Counter[tuple[int, int, int]] = Counter()
    for pk in ids:
        for sign, doc in ((-1, before.get(pk)), (1, now.get(pk))):
            if doc is None:
                continue
            authorities = {(kind, authority) for kind, authority, _ in doc.named}
            for kind, authority, relation in doc.named:
                years[(authority, kind, relation, doc.first_year)] += sign
                totals[(authority, kind, relation)] += sign
            for kind, authority in authorities:
                years[(authority, kind, ANY, doc.first_year)] += sign
                totals[(authority, kind, ANY)] += sign
                for person in doc.people:
                    people[(authority, kind, person)] += sign
    add(AuthorityYear, ("authority_id", "kind", "relation", "year"), "documents", years)
    add(AuthorityTotal, ("authority_id", "kind", "relation"), "documents", totals)
    add(AuthorityPerson, ("authority_id", "kind", "person_id"), "documents", people)
    _rows(now, ids)


def _rows(now: dict[int, Counted], ids: list[int]) -> None:
    """Replace the listed rows of these documents."""
    for part in chunks(ids):
        DocumentAuthority.objects.filter(document_id__in=part).delete()
    rows = (
        (pk, kind, authority, relation, now[pk].order)
        for pk in ids
        if pk in now
        for kind, authority, relation in now[pk].named
    )
    columns = ("document_id", "kind", "authority_id", "relation", "order")
    insert(DocumentAuthority, columns, rows)
