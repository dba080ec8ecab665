"""Who met whom, counted ahead: pairs of people present together, per bucket of documents.

A document counts in the buckets of its collections and of all collections (0), once for its
span of years and once for every year (`whole`). The network's filters then add up a few
buckets instead of reading every document: a span overlaps the reader's years exactly when a
document's dates do, and each document sits in one span, so nothing is counted twice.
Each change adds the document's pairs as it is now and takes back the ones it was counted with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from typing import TYPE_CHECKING

from django.db import connection

from readingroom.authorities.models import MeetingBucket, MeetingCount, MeetingWeight

if TYPE_CHECKING:
    from readingroom.authorities.derived_state import Counted

BucketKey = tuple[int, bool, int, int]  # collection (0: all), whole, first year, last year
ALL = 0


def buckets_of(doc: Counted) -> list[BucketKey]:
    """The buckets a document counts in."""
    keys = []
    for collection in (ALL, *doc.collections):
        keys.append((collection, True, 0, 0))
        keys.append((collection, False, doc.first_year, doc.last_year))
    return keys


def update(before: dict[int, Counted], now: dict[int, Counted], ids: Iterable[int]) -> None:
    """Take back what these documents were counted with and count them as they are now."""
    pairs: Counter[tuple[BucketKey, int, int]] = Counter()
    weights: Counter[tuple[BucketKey, int]] = Counter()
    for pk in ids:
        for sign, doc in ((-1, before.get(pk)), (1, now.get(pk))):
            if doc is None or len(doc.met) < 2:
                continue
            for key in buckets_of(doc):
                for a, b in combinations(doc.met, 2):
                    pairs[(key, a, b)] += sign
                for person in doc.met:
                    weights[(key, person)] += sign * (len(doc.met) - 1)
    pairs = Counter({k: n for k, n in pairs.items() if n})
    weights = Counter({k: n for k, n in weights.items() if n})
    if not pairs and not weights:
        return
    bucket = _bucket_ids({key for key, *_ in pairs} | {key for key, _ in weights})
    _add(MeetingCount, ("person_a", "person_b"), "documents", bucket, pairs)
    _add(MeetingWeight, ("person_id",), "meetings", bucket, weights)


def _bucket_ids(keys: set[BucketKey]) -> dict[BucketKey, int]:
    """The id of each bucket, made when first needed."""
    collections = {key[0] for key in keys}
    found = {
        (b.collection_id, b.whole, b.first_year, b.last_year): b.pk
        for b in MeetingBucket.objects.filter(collection_id__in=collections)
    }
    missing = [
        MeetingBucket(collection_id=c, whole=w, first_year=f, last_year=last)
        for c, w, f, last in keys - found.keys()
    ]
    for b in MeetingBucket.objects.bulk_create(missing):
        found[(b.collection_id, b.whole, b.first_year, b.last_year)] = b.pk
    return found


def _add(model, people: tuple[str, ...], total: str, bucket: dict, deltas: Counter) -> None:
    """Add each delta to its row (made when missing), then drop the rows come to nothing.

    One upsert statement for every row, the same on SQLite and PostgreSQL: reading each
    row first would cost a query per pair."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ("bucket_id", *people, total)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    keys = ", ".join(connection.ops.quote_name(c) for c in columns[:-1])
    value = connection.ops.quote_name(total)
    sql = (
        f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({keys}) DO UPDATE SET {value} = {table}.{value} + excluded.{value}"
    )
    rows = [(bucket[key], *who, n) for (key, *who), n in deltas.items()]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    touched = sorted({row[0] for row in rows})
    model.objects.filter(bucket_id__in=touched, **{f"{total}__lte": 0}).delete()
