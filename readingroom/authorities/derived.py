"""Related documents and the network, kept ahead of the pages by following the change log.

A page reads the stored results (`RelatedDocument`, `MeetingCount`, `MeetingWeight`); nothing
is recounted per request. The follower applies the `IndexChange` entries after its mark in
short transactions, each holding the mark's row (so two followers never apply the same
entries): first each changed document is counted as it is now (`derived_state.apply`), then
the related lists that change marked stale are recomputed (`related_lists.refresh`).

Who runs it: `readingroom import` and `readingroom enrich` at their end, the import and
enrichment tasks, and a queued task (`derived_tasks`) that a page asks for when it finds the
log ahead of the mark. A document that leaves the public is taken out at once, in the
transaction of the change (`changes_logged`), so its people never linger in the network.
The log is complete from its first entry, so a first run replays it whole. As the search
index does (`search.sync`), the follower looks again for ids below its mark that were still
uncommitted on PostgreSQL, and applies once a day the embargoes that ended by the calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from readingroom.authorities import derived_state, related_lists
from readingroom.authorities.derived_sql import chunks
from readingroom.authorities.models import DerivedDocument, DerivedMark
from readingroom.records.following import gaps_after, lapsed
from readingroom.records.models import Document, IndexChange
from readingroom.records.routers import primary

LOG_CHUNK = 2000  # log entries applied in one transaction
LIST_CHUNK = 1000  # related lists recomputed in one transaction


def follow() -> int:
    """Bring the derived data up to date with the change log; the documents that changed."""
    changed = 0
    while (applied := _apply_some()) is not None:
        changed += applied
    loaded: list[related_lists.Counts] = []  # kept between chunks while nothing is applied
    while _refresh_some(loaded):
        pass
    return changed


def _locked_mark() -> DerivedMark:
    DerivedMark.objects.get_or_create(pk=1)
    return DerivedMark.objects.select_for_update().get(pk=1)


@primary()  # the log and the documents it names, as committed: never a lagging replica
def _apply_some() -> int | None:
    """Apply the next entries of the log; None when there were none."""
    with transaction.atomic():
        mark = _locked_mark()
        now = timezone.now()
        gaps = {int(k): v for k, v in mark.gaps.items()}
        rows = list(
            IndexChange.objects.filter(Q(id__gt=mark.mark) | Q(id__in=list(gaps)))
            .order_by("id")
            .values_list("id", "document_id")[:LOG_CHUNK]
        )
        ended = lapsed(mark.day, now)
        if not rows and not ended:
            _expire(mark, gaps, now)
            return None
        top = max([mark.mark, *(r[0] for r in rows)])
        changed = derived_state.apply(sorted({r[1] for r in rows} | ended))
        mark.gaps = gaps_after(gaps, mark.mark, top, {r[0] for r in rows}, now)
        mark.mark, mark.day = top, timezone.localdate(now)
        mark.generation += 1
        mark.save()
        return changed


def _expire(mark: DerivedMark, gaps: dict[int, str], now: datetime) -> None:
    """Nothing new: forget gaps that waited long enough, and note today's lapses as done."""
    kept = gaps_after(gaps, mark.mark, mark.mark, set(), now)
    today = timezone.localdate(now)
    if kept != mark.gaps or mark.day != today:
        mark.gaps, mark.day = kept, today
        mark.save()


@primary()
def _refresh_some(loaded: list[related_lists.Counts]) -> bool:
    """Recompute the next stale related lists; False when none were left. Beyond one chunk,
    what counting reads is loaded whole, once for as long as no change is applied."""
    with transaction.atomic():
        mark = _locked_mark()
        rows = DerivedDocument.objects.filter(stale__gt=derived_state.FRESH).order_by("pk")
        stale = dict(rows.values_list("pk", "stale")[: LIST_CHUNK + 1])
        if not stale:
            return False
        if loaded and loaded[0].generation != mark.generation:
            loaded.clear()  # a change was applied meanwhile: what was loaded is out of date
        if not loaded and len(stale) > LIST_CHUNK:
            loaded.append(related_lists.load_all(mark.generation))
        chunk = sorted(stale)[:LIST_CHUNK]
        beaten = related_lists.refresh(chunk, stale, loaded[0] if loaded else None)
        related_lists.mark(beaten)
        return True


def retract(document_ids: Iterable[int]) -> None:
    """Take documents that left the public out of the derived data now, in the transaction
    that changed them: one query when none did."""
    ids = list(document_ids)
    gone: list[int] = []
    for part in chunks(ids):
        counted = DerivedDocument.objects.filter(pk__in=part)
        public = Document.objects.public().filter(pk__in=part).values("pk")
        gone += counted.exclude(pk__in=public).values_list("pk", flat=True)
    if gone:
        with transaction.atomic():
            mark = _locked_mark()
            derived_state.apply(gone)
            mark.generation += 1
            mark.save(update_fields=["generation"])


def behind() -> bool:
    """Whether the change log holds entries after the derived data's mark (one query)."""
    mark = Subquery(DerivedMark.objects.filter(pk=1).values("mark")[:1])
    return IndexChange.objects.filter(id__gt=Coalesce(mark, 0)).exists()


def applied_mark() -> int:
    """The last change-log id the derived data applied (0 before the first run)."""
    return DerivedMark.objects.filter(pk=1).values_list("mark", flat=True).first() or 0
