"""Each public document's most related documents, recomputed for those a change marked stale.

Related means sharing the most people (any kind of link), then the earlier date, then the
identifier. A list keeps KEPT documents, more than a page shows, so one that has since left
the public can be skipped when read. A document whose people changed (SPREAD) is also offered
to the lists of every document it shares people with: where it now ranks above a list's last
entry (its floor), that list is recomputed too; lists holding a changed document were marked
when the change was applied (`derived_state`).

The counting is vectorized (numpy): for one document, the ids of every document each of its
people appears in, concatenated and counted; its cost is the number of those appearances.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import connection

from readingroom.authorities.derived_sql import chunks, insert
from readingroom.authorities.derived_state import FRESH, OWN, SPREAD
from readingroom.authorities.models import DerivedDocument, DocumentPerson, RelatedDocument

KEPT = 10
LOAD_ALL = 20_000  # beyond this many documents, one read of the table beats many IN lists


@dataclass
class Universe:
    """The documents sharing someone with the ones computed, ranked by (date, identifier)."""

    ids: np.ndarray  # document ids, ascending
    rank: np.ndarray  # rank of ids[i] among them by order
    by_rank: np.ndarray  # the document id of each rank
    orders: np.ndarray  # the order string of each rank (objects)
    floor_shared: np.ndarray  # by rank
    floor_order: np.ndarray  # by rank (objects)
    fresh: np.ndarray  # by rank: the list was up to date when loaded

    def ranks(self, doc_ids: np.ndarray) -> np.ndarray:
        return self.rank[np.searchsorted(self.ids, doc_ids)]


def _people(ids: list[int]) -> dict[int, list[int]]:
    """The people of each of these documents."""
    found: dict[int, list[int]] = {}
    for part in chunks(ids):
        rows = DocumentPerson.objects.filter(document_id__in=part)
        for doc_id, person_id in rows.values_list("document_id", "person_id"):
            found.setdefault(doc_id, []).append(person_id)
    return found


def _holders(people: set[int]) -> dict[int, np.ndarray]:
    """The documents each of these people is linked to."""
    found: dict[int, list[int]] = {}
    for part in chunks(people):
        rows = DocumentPerson.objects.filter(person_id__in=part)
        for doc_id, person_id in rows.values_list("document_id", "person_id"):
            found.setdefault(person_id, []).append(doc_id)
    return {p: np.array(docs, dtype=np.int64) for p, docs in found.items()}


def _universe(doc_ids: np.ndarray, whole: bool) -> Universe:
    """These documents (every counted one if `whole` or past LOAD_ALL), ranked."""
    columns = ("pk", "order", "floor_shared", "floor_order", "stale")
    if whole or len(doc_ids) > LOAD_ALL:
        rows = list(DerivedDocument.objects.values_list(*columns))
    else:
        rows = []
        for part in chunks(doc_ids.tolist()):
            rows += DerivedDocument.objects.filter(pk__in=part).values_list(*columns)
    rows.sort(key=lambda row: row[1])
    by_rank = np.array([row[0] for row in rows], dtype=np.int64)
    order = np.argsort(by_rank)  # ids ascending: order[i] is the rank of the i-th smallest
    return Universe(
        ids=by_rank[order],
        rank=order,
        by_rank=by_rank,
        orders=np.array([row[1] for row in rows], dtype=object),
        floor_shared=np.array([row[2] for row in rows], dtype=np.int64),
        floor_order=np.array([row[3] for row in rows], dtype=object),
        fresh=np.array([row[4] == FRESH for row in rows], dtype=bool),
    )


def _counted(
    me: int, people: list[int], ranked: dict[int, np.ndarray], u: Universe
) -> tuple[np.ndarray, np.ndarray]:
    """(ranks, shared counts) of every other document sharing someone with document `me`."""
    parts = [ranked[p] for p in people if p in ranked]
    if not parts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    others, shared = np.unique(np.concatenate(parts), return_counts=True)
    keep = others != u.ranks(np.array([me]))[0]
    return others[keep], shared[keep]


def _top(others: np.ndarray, shared: np.ndarray, size: int) -> np.ndarray:
    """Indexes of the best `KEPT`, best first: most shared, then lowest rank."""
    key = -shared * (size + 1) + others
    if len(key) > KEPT:
        best = np.argpartition(key, KEPT - 1)[:KEPT]
        return best[np.argsort(key[best])]
    return np.argsort(key)


def _beaten(order: str, others: np.ndarray, shared: np.ndarray, u: Universe) -> np.ndarray:
    """The documents whose up-to-date list this one now belongs in (ranks)."""
    fresh = u.fresh[others]
    floor = u.floor_shared[others]
    above = fresh & ((floor == 0) | (shared > floor))
    tied = fresh & (floor > 0) & (shared == floor)
    if tied.any():
        tied[tied] = u.floor_order[others[tied]] > order
    return others[above | tied]


@dataclass
class Counts:
    """What counting reads besides the documents' own people: every person's documents (as
    ranks) and the ranked documents. Loaded whole once for a long run of lists, valid while
    no change is applied (`generation`); a few lists load only what they need."""

    universe: Universe
    ranked: dict[int, np.ndarray]
    generation: int = -1


def load(ids: list[int], people: dict[int, list[int]]) -> Counts:
    """What counting these documents reads, and no more."""
    holders = _holders(set().union(*people.values()) if people else set())
    everyone = np.unique(np.concatenate([*holders.values(), np.array(ids, dtype=np.int64)]))
    u = _universe(everyone, whole=False)
    return Counts(u, {p: u.ranks(docs) for p, docs in holders.items()})


def load_all(generation: int) -> Counts:
    """Everything counting reads, for every list."""
    found: dict[int, list[int]] = {}
    for doc_id, person_id in DocumentPerson.objects.values_list("document_id", "person_id"):
        found.setdefault(person_id, []).append(doc_id)
    u = _universe(np.empty(0, dtype=np.int64), whole=True)
    ranked = {p: u.ranks(np.array(docs, dtype=np.int64)) for p, docs in found.items()}
    return Counts(u, ranked, generation)


def refresh(ids: list[int], stale: dict[int, int], counts: Counts | None = None) -> set[int]:
    """Recompute these documents' lists (inside the caller's transaction); returns the
    documents whose lists must be recomputed next, because one of these now belongs there."""
    people = _people(ids)
    counts = counts or load(ids, people)
    u = counts.universe
    rows, floors, beaten = [], {}, set()
    for me in ids:
        others, shared = _counted(me, people.get(me, []), counts.ranked, u)
        best = _top(others, shared, len(u.ids))
        for position, i in enumerate(best):
            rows.append((me, position, int(u.by_rank[others[i]]), int(shared[i])))
        last = best[-1] if len(best) == KEPT else None
        floors[me] = (int(shared[last]), u.orders[others[last]]) if last is not None else (0, "")
        if stale.get(me) == SPREAD and u.fresh.any():
            order = u.orders[u.ranks(np.array([me]))[0]]
            beaten |= set(u.by_rank[_beaten(order, others, shared, u)].tolist())
    _write(ids, rows, floors)
    return beaten - set(ids)


def _write(ids: list[int], rows: list[tuple], floors: dict) -> None:
    """Replace the lists, and note each one's floor: its last entry when it is full."""
    for part in chunks(ids):
        RelatedDocument.objects.filter(document_id__in=part).delete()
    insert(RelatedDocument, ("document_id", "rank", "related_id", "shared"), rows)
    table = connection.ops.quote_name(DerivedDocument._meta.db_table)
    sql = (
        f"UPDATE {table} SET floor_shared = %s, floor_order = %s, stale = {FRESH} "
        "WHERE document_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(n, order, pk) for pk, (n, order) in floors.items()])


def mark(documents: set[int]) -> None:
    """These documents' lists are to be recomputed."""
    for part in chunks(documents):
        DerivedDocument.objects.filter(pk__in=part, stale=FRESH).update(stale=OWN)
