"""Each public document's related list by content (`similar`), kept by following the change log.

A page reads the stored list (`SimilarDocument`: one indexed read); nothing is computed per
request, because the query behind a list walks postings that grow with the archive. The
follower, like `authorities.derived`'s, applies the `IndexChange` entries after its mark:

* a changed document's list is recomputed, and so is every list that holds it (its words or
  its publication changed) and every document whose people list (`RelatedDocument`, followed
  first) holds it; once recomputed, the documents its new list holds are too (it may now
  belong in theirs), but their recomputing spreads no further;
* an embargo that ended by the calendar changes a document with nothing logged: looked for
  once a day, as the index does;
* a change of the method (`METHOD`) recomputes every list.

It reads the node's search index, brought up to date first, and the derived data of
`authorities` (the people of documents), followed first too. Who runs it: the queued task a
document page asks for when the lists are behind (`request_follow`), and whoever imports in
bulk (bench/related.py). A list is replaced whole in one transaction, so running twice is safe.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import tantivy
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from readingroom.authorities import derived
from readingroom.authorities.derived_sql import chunks
from readingroom.authorities.models import RelatedDocument
from readingroom.records.following import gaps_after, lapsed, queue_once
from readingroom.records.models import Document, IndexChange
from readingroom.records.routers import primary
from readingroom.search import similar, sync
from readingroom.search.models import SimilarDocument, SimilarMark, SimilarStale

# What the lists were computed with: a change recomputes every list.
METHOD = hashlib.sha256(
    repr((similar.TERMS, similar.MAX_SHARE, similar.TUNED)).encode()
).hexdigest()[:12]
LOG_CHUNK = 2000  # log entries applied in one transaction
LIST_CHUNK = 100  # lists recomputed in one transaction


def follow() -> int:
    """Bring the stored lists up to date with the change log; how many were recomputed."""
    derived.follow()  # the people of documents, which the lists weigh
    while _apply_some():
        pass
    sync.sync_index()  # the words, as the index holds them now: every change marked is in it
    searcher = similar.open_searcher(str(sync.index_path()))
    done: set[int] = set()  # computed on this index: a change marked above changes them not
    while _refresh_some(searcher, done):
        pass
    return len(done)


def _locked_mark() -> SimilarMark:
    SimilarMark.objects.get_or_create(pk=1)
    return SimilarMark.objects.select_for_update().get(pk=1)


@primary()
def _apply_some() -> bool:
    """Mark stale what the next entries of the log touch; False when there were none."""
    with transaction.atomic():
        mark = _locked_mark()
        now = timezone.now()
        if mark.method != METHOD:
            return _restart(mark, now)
        gaps = {int(k): v for k, v in mark.gaps.items()}
        rows = list(
            IndexChange.objects.filter(Q(id__gt=mark.mark) | Q(id__in=list(gaps)))
            .order_by("id")
            .values_list("id", "document_id")[:LOG_CHUNK]
        )
        ended = lapsed(mark.day, now)
        top = max([mark.mark, *(r[0] for r in rows)])
        changed = {r[1] for r in rows} | ended
        gaps = gaps_after(gaps, mark.mark, top, {r[0] for r in rows}, now)
        if not changed and gaps == mark.gaps and mark.day == timezone.localdate(now):
            return False
        stale(changed, spread=True)
        stale(_holders(changed), spread=False)
        mark.mark, mark.gaps, mark.day = top, gaps, timezone.localdate(now)
        mark.save()
        return bool(rows)


def _restart(mark: SimilarMark, now: datetime) -> bool:
    """Every public document's list is to be recomputed (a first run, or a new method)."""
    last = IndexChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    SimilarStale.objects.all().delete()
    ids = Document.objects.public().values_list("pk", flat=True).iterator()
    SimilarStale.objects.bulk_create((SimilarStale(pk, False) for pk in ids), batch_size=1000)
    mark.mark, mark.gaps, mark.day, mark.method = last, {}, timezone.localdate(now), METHOD
    mark.save()
    return True


def _holders(ids: set[int]) -> set[int]:
    """The documents whose lists hold any of these, or whose people lists now do (a changed
    document may belong in a list it does not find itself: the candidates differ)."""
    found: set[int] = set()
    for part in chunks(ids):
        for model in (SimilarDocument, RelatedDocument):
            rows = model.objects.filter(related_id__in=part)
            found |= set(rows.values_list("document_id", flat=True))
    return found


def stale(ids: set[int], *, spread: bool) -> None:
    """Mark these documents' lists to be recomputed (`spread` is never taken back)."""
    for part in chunks(ids):
        if spread:
            SimilarStale.objects.filter(pk__in=part).update(spread=True)
        rows = [SimilarStale(pk, spread) for pk in part]
        SimilarStale.objects.bulk_create(rows, ignore_conflicts=True)


@primary()
def _refresh_some(searcher: tantivy.Searcher, done: set[int]) -> bool:
    """Recompute the next stale lists (adding them to `done`); False when none were left."""
    with transaction.atomic():
        _locked_mark()
        rows = dict(SimilarStale.objects.order_by("pk").values_list("pk", "spread")[:LIST_CHUNK])
        if not rows:
            return False
        public = sorted(Document.objects.public_in_bulk(rows, "pk"))
        lists = similar.compute(searcher, public) if public else {}
        SimilarDocument.objects.filter(document_id__in=list(rows)).delete()
        SimilarDocument.objects.bulk_create(
            SimilarDocument(
                document_id=pk,
                rank=rank,
                related_id=r.doc_id,
                score=r.score,
                words=r.words,
                people=r.people,
                events=r.events,
            )
            for pk, found in lists.items()
            for rank, r in enumerate(found)
        )
        SimilarStale.objects.filter(pk__in=list(rows)).delete()
        done |= set(rows)
        spread = {r.doc_id for pk, found in lists.items() if rows[pk] for r in found}
        stale(spread - done, spread=False)
        return True


def behind() -> bool:
    """Whether the lists are behind the change log or the method (two indexed queries)."""
    mark = SimilarMark.objects.filter(pk=1).values_list("mark", "method").first()
    if mark is None or mark[1] != METHOD or SimilarStale.objects.exists():
        return True
    return IndexChange.objects.filter(id__gt=mark[0]).exists()


@task()
def follow_changes() -> int:
    """Apply the change log to the related lists; how many were recomputed."""
    return follow()


def request_follow() -> bool:
    """Whether the lists are behind; if so, queue a follower run unless one is waiting.
    A page that finds them behind should not be kept in a cache (it would outlive the run)."""
    if not behind():
        return False
    queue_once(follow_changes)
    return True
