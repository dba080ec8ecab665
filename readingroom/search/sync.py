"""Keep this process's local index in step with the database by following the change log.

The database is the source of truth. Every saved change appends an `IndexChange` in the same
transaction; a process applies the entries after the last one it applied (kept in a small file
beside its index), or builds the index from the database when it has none.

A search looks at the log at most every FOLLOW_SECONDS unless this process has logged a change
since (see `note_change`): other processes' changes show within that time, this process's own
at once, and a busy server does not pay a database round trip per search to learn that nothing
changed. The interval is measured by `clock` (``time.monotonic``), which a test may replace.

On PostgreSQL a transaction can commit after another that holds a higher id, so an id below
the mark that is missing when we look may still arrive: such gaps are remembered and looked
for again until GAP_SECONDS have passed (a rolled-back insert leaves a gap forever).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from readingroom.records.models import Document, IndexChange, Status
from readingroom.search.documents import index_documents
from readingroom.search.index import SearchIndex
from readingroom.search.names import forget as forget_names

STATE_FILE = "applied.json"
GAP_SECONDS = 60
MAX_GAPS = 10_000
CHUNK = 500
FOLLOW_SECONDS = 0.1

clock: Callable[[], float] = time.monotonic  # seconds; measures the follow interval
_lock = threading.RLock()
_open: dict[Path, SearchIndex] = {}
_looked: dict[Path, float] = {}  # index directory -> clock() at the last look


def local_index() -> SearchIndex:
    """This process's index (opened once per directory)."""
    path = Path(settings.SEARCH_INDEX_DIR)
    with _lock:
        if path not in _open:
            _open[path] = SearchIndex(path)
        return _open[path]


def read_state(path: Path) -> dict | None:
    try:
        return json.loads((path / STATE_FILE).read_text())
    except (OSError, ValueError):
        return None


def write_state(path: Path, mark: int, synced_at: datetime, gaps: dict | None = None) -> None:
    state = {"mark": mark, "synced_at": synced_at.isoformat(), "gaps": gaps or {}}
    tmp = path / (STATE_FILE + ".tmp")
    tmp.write_text(json.dumps(state))
    tmp.replace(path / STATE_FILE)


def note_change(**kwargs: object) -> None:
    """This process logged a change: its next search looks at the log whatever the time."""
    _looked.clear()


def sync_index(max_age: float = 0.0) -> int:
    """Bring the local index up to date; returns how many documents were (re)indexed.

    With ``max_age``, skip the look if this process looked less than ``max_age`` seconds
    ago and has logged no change since.
    """
    path = Path(settings.SEARCH_INDEX_DIR)
    looked = _looked.get(path)
    if max_age and looked is not None and clock() - looked < max_age:
        return 0
    with _lock:
        _looked[path] = clock()
        index = local_index()
        state = read_state(index.path)
        if index.created or state is None:
            return reindex()
        now = timezone.now()
        gaps = {int(k): v for k, v in state.get("gaps", {}).items()}
        rows = list(
            IndexChange.objects.filter(Q(id__gt=state["mark"]) | Q(id__in=list(gaps)))
            .values_list("id", "document_id")
            .order_by("id")
        )
        new_day = _day(state["synced_at"]) != timezone.localdate(now)
        lapsed = set(_lapsed(state, now).values_list("pk", flat=True)) if new_day else set()
        if not rows and not lapsed and not gaps:
            if new_day:
                write_state(index.path, state["mark"], now)  # lapses were looked for today
            return 0
        mark = max([state["mark"], *(r[0] for r in rows)])
        gaps = _gaps(gaps, state["mark"], mark, {r[0] for r in rows}, now)
        count = _apply(index, {r[1] for r in rows} | lapsed)
        write_state(index.path, mark, now, gaps)
        return count


def _day(stamp: str):
    return timezone.localdate(datetime.fromisoformat(stamp))


def _gaps(old: dict[int, str], mark: int, new_mark: int, seen: set[int], now) -> dict:
    """Ids still missing below the new mark, each with when it was first missed."""
    gaps = {i: t for i, t in old.items() if i not in seen}
    gaps |= {i: now.isoformat() for i in range(mark + 1, new_mark) if i not in seen}
    oldest = now.timestamp() - GAP_SECONDS
    fresh = {i: t for i, t in gaps.items() if datetime.fromisoformat(t).timestamp() > oldest}
    return dict(sorted(fresh.items())[-MAX_GAPS:])


def _lapsed(state: dict, now):
    """Embargoed documents whose embargo ended since the last sync: public now, unlogged."""
    return Document.objects.filter(
        status=Status.EMBARGOED,
        embargo_until__gt=_day(state["synced_at"]),
        embargo_until__lte=timezone.localdate(now),
    )


def _apply(index: SearchIndex, ids: set[int]) -> int:
    if not ids:
        return 0
    forget_names()  # a changed record may have brought new spellings
    index.delete_documents(ids)  # drafts, withdrawals and deletions stay out
    return index.add_documents(_chunked(sorted(ids)))


def _chunked(ids: Iterable[int]) -> Iterator:
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield from index_documents(ids[start : start + CHUNK])


def reindex() -> int:
    """Rebuild the local index from the database (`readingroom reindex`, or no index yet)."""
    with _lock:
        index = local_index()
        mark = IndexChange.objects.aggregate(m=Max("id"))["m"] or 0
        forget_names()
        index.clear()
        ids = Document.objects.public().order_by("pk").values_list("pk", flat=True)
        count = index.add_documents(_chunked(ids))
        index.created = False
        write_state(index.path, mark, timezone.now())
        return count
