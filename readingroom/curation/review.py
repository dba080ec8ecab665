"""A curator's decision on a possible name link the automatic matching would not make.

Enrichment queues one item per name, candidate and place in a document, so one written name
can fill the list hundreds of times. A curator decides per group instead: every pending item
pairing one name key (`ReviewItem.key`: "Kim Il-sung" and "Mr. Kim Il Sung" are one) with
one candidate. A rejected pair stays rejected:
the list hides its pending items when enrichment queues them again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from readingroom.authorities.models import Mention, ReviewItem
from readingroom.records.changelog import log_change
from readingroom.records.models import Block

Decision = ReviewItem.Decision
log = logging.getLogger(__name__)

CHUNK = 500  # ids per IN (...): well under every backend's limit on parameters
Place = tuple[int, int | None, int]  # document, block order, start: where a name was read
Pair = tuple[str, int | None]  # name key, candidate


class AlreadyDecided(Exception):
    pass


@dataclass
class Outcome:
    """What a decision on groups did, for the curator's message and the log."""

    groups: int = 0
    items: int = 0
    documents: set[int] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)  # why a chosen group was left alone


def chunked(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def decide(item: ReviewItem, decision: str) -> ReviewItem:
    """Accept (link the evidence's mention to the candidate) or reject; either is final.

    An accepted link is marked as the curator's, so re-enrichment keeps it.
    """
    with transaction.atomic():
        item = ReviewItem.objects.select_for_update().get(pk=item.pk)
        if item.decision != Decision.PENDING:
            raise AlreadyDecided(f"already {item.decision}")
        if decision == Decision.ACCEPTED:
            link([_evidence(item)])
        elif decision != Decision.REJECTED:
            raise ValueError(f"unknown decision {decision!r}")
        item.decision = decision
        item.save(update_fields=["decision"])
    return item


def decide_groups(first_items: Iterable[int], decision: str, actor: str = "") -> Outcome:
    """Accept or reject every pending item of the groups these items stand for.

    A group is named by one of its pending items (the list shows the first), so a stale page
    cannot decide a group someone else decided meanwhile: that item is no longer pending.
    """
    if decision not in (Decision.ACCEPTED, Decision.REJECTED):
        raise ValueError(f"unknown decision {decision!r}")
    with transaction.atomic():
        pairs, outcome = _pairs(sorted(set(first_items)), decision)
        items = _pending_items(pairs)
        if decision == Decision.ACCEPTED:
            link(items)
        pks = [item["pk"] for item in items]
        for chunk in chunked(pks):
            ReviewItem.objects.filter(pk__in=chunk).update(decision=decision)
    outcome.groups, outcome.items = len(pairs), len(pks)
    outcome.documents = {item["document_id"] for item in items}
    log.info(
        "review: %s %s %d groups, %d items, %d documents",
        actor,
        decision,
        outcome.groups,
        outcome.items,
        len(outcome.documents),
    )
    return outcome


def _pairs(first_items: list[int], decision: str) -> tuple[list[Pair], Outcome]:
    """The groups the chosen items stand for, and why any of them is left alone."""
    outcome, pairs = Outcome(), []
    chosen = ReviewItem.objects.filter(pk__in=first_items)
    columns = ("pk", "key", "name", "candidate_id", "decision")
    rows = {row["pk"]: row for row in chosen.values(*columns)}
    for pk in first_items:
        row = rows.get(pk)
        if row is None or row["decision"] != Decision.PENDING:
            outcome.skipped.append(f"item {pk} is no longer pending")
        elif decision == Decision.ACCEPTED and row["candidate_id"] is None:
            outcome.skipped.append(f"“{row['name']}” has no candidate to link to")
        elif (row["key"], row["candidate_id"]) not in pairs:
            pairs.append((row["key"], row["candidate_id"]))
    return pairs, outcome


def _pending_items(pairs: list[Pair]) -> list[dict[str, Any]]:
    """Every pending item of these groups, locked, lowest score first (see `link`)."""
    if not pairs:
        return []
    which = Q()
    for key, candidate in pairs:
        who = Q(candidate_id=candidate) if candidate is not None else Q(candidate__isnull=True)
        which |= Q(key=key) & who
    pending = ReviewItem.objects.select_for_update().filter(decision=Decision.PENDING)
    found = pending.filter(which).order_by("score", "pk")
    fields = ("pk", "document_id", "block_order", "start", "end", "name", "candidate_id")
    return list(found.values(*fields))


def _evidence(item: ReviewItem) -> dict[str, Any]:
    fields = ("pk", "document_id", "block_order", "start", "end", "name", "candidate_id")
    return {name: getattr(item, name) for name in fields}


def link(items: Sequence[dict[str, Any]]) -> None:
    """Link the mention at each item's evidence to its candidate, as the curator's link.

    The mention there is relinked, or made when enrichment left none. Items at one place
    count once; when two candidates claim one place, the later (higher scored) one wins.
    """
    wanted: dict[Place, dict[str, Any]] = {}
    for item in items:
        wanted[(item["document_id"], item["block_order"], item["start"])] = item
    documents = sorted({place[0] for place in wanted})
    found = _mentions_at(documents, wanted)
    blocks = _blocks_of(sorted({p[0] for p in wanted if p not in found and p[1] is not None}))
    relink: dict[int, list[int]] = defaultdict(list)
    new = []
    for place, item in wanted.items():
        if place in found:
            relink[item["candidate_id"]].append(found[place])
            continue
        new.append(
            Mention(
                document_id=place[0],
                block_id=blocks.get((place[0], place[1])),
                kind="person",
                start=item["start"],
                end=item["end"],
                text=item["name"],
                person_id=item["candidate_id"],
                origin="curator",
            )
        )
    for candidate, mentions in relink.items():
        for chunk in chunked(mentions):
            Mention.objects.filter(pk__in=chunk).update(person_id=candidate, origin="curator")
    Mention.objects.bulk_create(new)
    log_change(documents)


def _mentions_at(documents: list[int], wanted: dict[Place, Any]) -> dict[Place, int]:
    """The first mention (by id) at each wanted place, read a chunk of documents at a time."""
    found: dict[Place, int] = {}
    for chunk in chunked(documents):
        these = set(chunk)
        starts = sorted({place[2] for place in wanted if place[0] in these})
        rows = Mention.objects.filter(document_id__in=chunk, start__in=starts).order_by("-pk")
        for pk, *place in rows.values_list("pk", "document_id", "block__order", "start"):
            if tuple(place) in wanted:
                found[tuple(place)] = pk  # type: ignore[index]  # ends on the lowest id
    return found


def _blocks_of(documents: list[int]) -> dict[tuple[int, int], int]:
    blocks: dict[tuple[int, int], int] = {}
    for chunk in chunked(documents):
        rows = Block.objects.filter(document_id__in=chunk).order_by()
        rows = rows.values_list("document_id", "order", "pk")
        blocks.update({(doc, order): pk for doc, order, pk in rows})
    return blocks
