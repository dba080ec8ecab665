"""The change log the search index follows: one writer, and a signal for whoever listens.

Every change that affects what a document's index entry holds appends one `IndexChange` per
document in the same transaction as the change. The records layer knows nothing of the index:
the index's own dependencies (which other models reach which documents) are declared beside
the indexing contract (`search.documents`) and call `log_change` from there.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from readingroom.records.models import Document, IndexChange

# Sent after entries are written, with `document_ids`: the index wakes up to look at the log.
changes_logged = Signal()


def log_change(document_ids: Iterable[int]) -> None:
    """Note that these documents' index entries are out of date."""
    ids = sorted({int(pk) for pk in document_ids if pk is not None})
    if len(ids) == 1:
        IndexChange.objects.create(document_id=ids[0])  # one statement, as most changes are
    elif ids:
        IndexChange.objects.bulk_create(IndexChange(document_id=pk) for pk in ids)
    if ids:
        changes_logged.send(sender=IndexChange, document_ids=ids)


@receiver(post_save, sender=Document, dispatch_uid="log-document-saved")
@receiver(post_delete, sender=Document, dispatch_uid="log-document-deleted")
def document_changed(sender: type, instance: Document, **kwargs: object) -> None:
    log_change([instance.pk])
