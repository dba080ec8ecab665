"""The change log the search index follows: one writer, and a signal for whoever listens.

Every change that affects what a document's index entry holds appends one `IndexChange` per
document in the same transaction as the change. The records layer knows nothing of the index:
the index's own dependencies (which other models reach which documents) are declared beside
the indexing contract (`search.documents`) and call `log_change` from there.

The log also tells what the public sees now (`public_state`): the Data page's builds and the
page cache (`web.caching`) are keyed by it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db import router
from django.db.models import Func, OuterRef, QuerySet, Subquery
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from django.utils import timezone

from readingroom.records.models import Document, IndexChange, Status

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


# Entries counted below the latest one: on PostgreSQL an entry can commit after one with a
# higher id, and the count then changes although the latest id does not.
RECENT = 1000


class Version(NamedTuple):
    """The archive's public state as the downloads name it: its latest change and lapses."""

    change: int  # the latest IndexChange id
    lapsed: int  # embargoed records whose embargo has ended

    def __str__(self) -> str:
        """ "812", or "812-3" once embargoes have ended: the directory and file-name suffix."""
        return f"{self.change}-{self.lapsed}" if self.lapsed else str(self.change)

    @classmethod
    def of(cls, name: str) -> Version | None:
        """The version a directory name stands for, if it is one."""
        change, _, lapsed = name.partition("-")
        if change.isdigit() and (lapsed.isdigit() or lapsed == ""):
            return cls(int(change), int(lapsed or 0))
        return None


@dataclass(frozen=True)
class PublicState:
    """What the public sees, told by one indexed query: every saved change appends an entry
    to the log, and an embargo ends by the calendar with nothing logged."""

    version: Version
    logged_at: str  # when the latest entry was written: tells apart two logs reusing an id
    recent: int  # entries among the RECENT ids up to the latest: changes on a late commit
    day: date

    def key(self) -> str:
        """One string for all of it (cache keys, ETags)."""
        return f"{self.version}.{self.recent}.{self.logged_at}.{self.day.isoformat()}"


def _count(rows: QuerySet) -> Subquery:
    """COUNT(*) of `rows` as a scalar subquery (no GROUP BY)."""
    return Subquery(rows.order_by().annotate(n=Func("pk", function="COUNT")).values("n"))


def public_state(using: str) -> PublicState:
    """The public state as database `using` holds it: the latest log entry (by its primary
    key), how many entries sit just below it, and the embargoes ended by today."""
    today = timezone.localdate()
    log = IndexChange.objects.using(using)
    ended = Document.objects.using(using).filter(status=Status.EMBARGOED, embargo_until__lte=today)
    row = (
        log.order_by("-id")
        .annotate(lapsed=_count(ended), recent=_count(log.filter(id__gt=OuterRef("id") - RECENT)))
        .values_list("id", "created", "lapsed", "recent")
        .first()
    )
    if row is None:  # nothing logged yet
        return PublicState(Version(0, ended.count()), "", 0, today)
    change, created, lapsed, recent = row
    return PublicState(Version(change, lapsed or 0), created.isoformat(), recent or 0, today)


def current_version() -> Version:
    """The version of the downloads: read where the change log is read (the primary)."""
    return public_state(router.db_for_read(IndexChange)).version
