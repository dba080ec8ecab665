"""A curator's decision on a possible name link the automatic matching would not make."""

from __future__ import annotations

from django.db import transaction

from readingroom.authorities.models import Mention, ReviewItem
from readingroom.records.changelog import log_change
from readingroom.records.models import Block

Decision = ReviewItem.Decision


class AlreadyDecided(Exception):
    pass


def _mention_at(item: ReviewItem) -> Mention:
    """The mention the item's evidence points at, created when enrichment left none there."""
    found = Mention.objects.filter(
        document_id=item.document_id, block__order=item.block_order, start=item.start
    ).first()
    if found:
        return found
    block = Block.objects.filter(document_id=item.document_id, order=item.block_order).first()
    return Mention(
        document_id=item.document_id,
        block=block,
        kind="person",
        start=item.start,
        end=item.end,
        text=item.name,
    )


def decide(item: ReviewItem, decision: str) -> ReviewItem:
    """Accept (link the evidence's mention to the candidate) or reject; either is final.

    An accepted link is marked as the curator's, so re-enrichment keeps it.
    """
    with transaction.atomic():
        item = ReviewItem.objects.select_for_update().get(pk=item.pk)
        if item.decision != Decision.PENDING:
            raise AlreadyDecided(f"already {item.decision}")
        if decision == Decision.ACCEPTED:
            mention = _mention_at(item)
            mention.person_id, mention.origin = item.candidate_id, "curator"
            mention.save()
            log_change([item.document_id])
        elif decision != Decision.REJECTED:
            raise ValueError(f"unknown decision {decision!r}")
        item.decision = decision
        item.save(update_fields=["decision"])
    return item
