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

from readingroom.authorities.derived_sql import add
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
    add(
        MeetingCount,
        ("bucket_id", "person_a", "person_b"),
        "documents",
        Counter({(bucket[key], a, b): n for (key, a, b), n in pairs.items()}),
    )
    add(
        MeetingWeight,
        ("bucket_id", "person_id"),
        "meetings",
        Counter({(bucket[key], person): n for (key, person), n in weights.items()}),
    )


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
