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

import fcntl
import json
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone

from readingroom.records.models import Document, IndexChange, Status
from readingroom.records.routers import primary
from readingroom.search.documents import index_documents
from readingroom.search.index import MARKER, ForeignIndex, SearchIndex
from readingroom.search.names import forget as forget_names

STATE_FILE = "applied.json"
LOCK_FILE = "writer.lock"
GAP_SECONDS = 60
MAX_GAPS = 10_000
CHUNK = 500
FOLLOW_SECONDS = 0.1

clock: Callable[[], float] = time.monotonic  # seconds; measures the follow interval
_lock = threading.RLock()
_open: dict[Path, SearchIndex] = {}
_looked: dict[Path, float] = {}  # index directory -> clock() at the last look
_builder: threading.Thread | None = None
serving = False  # set by `serve_in_background`: searches never wait for the writer


def serve_in_background() -> None:
    """This process serves requests: a search never waits to apply the log or to build."""
    global serving
    serving = True
    if not ready():
        rebuild_in_background()


def index_path() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def local_index() -> SearchIndex:
    """This process's index (opened once per directory; a damaged one is wiped and rebuilt)."""
    path = index_path()
    if path in _open and (path / MARKER).exists():
        return _open[path]
    with _lock:
        if path in _open and not (path / MARKER).exists():
            del _open[path]  # deleted under us: open a new, empty one
        if path not in _open:
            try:
                _open[path] = SearchIndex(path)
            except ForeignIndex:
                raise
            except ValueError:  # Tantivy could not read it: a derived cache, so start again
                shutil.rmtree(path, ignore_errors=True)
                _open[path] = SearchIndex(path)
        return _open[path]


@contextmanager
def node_writer(wait: bool = True) -> Iterator[bool]:
    """The node's one writer: True while this thread may change the index, False if busy.

    Every process of a node that shares the index directory takes this file lock to apply
    changes, and holds it only while it does, so the command line and any number of server
    processes take turns instead of failing on Tantivy's own lock. ``wait=False`` is for
    readers: if someone else is applying the log, search what is there.
    """
    if not _lock.acquire(blocking=wait):
        yield False
        return
    try:
        path = index_path()
        path.mkdir(parents=True, exist_ok=True)
        with open(path / LOCK_FILE, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        _lock.release()


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


def ready() -> bool:
    """Whether the local index has been built (and not deleted since)."""
    path = index_path()
    return (path / MARKER).exists() and read_state(path) is not None


def sync_index(max_age: float = 0.0, *, wait: bool = True) -> int:
    """Bring the local index up to date; returns how many documents were (re)indexed.

    With ``max_age``, skip the look if this process looked less than ``max_age`` seconds
    ago and has logged no change since. With ``wait=False`` (serving processes), leave the
    work to whoever holds the node's writer, and build a missing index in the background.
    """
    if not wait and not ready():
        rebuild_in_background()
        return 0
    path = index_path()
    looked = _looked.get(path)
    if max_age and looked is not None and clock() - looked < max_age:
        return 0
    _looked[path] = clock()
    with node_writer(wait) as mine:
        if not mine:  # another process or thread is applying the log: see what it committed
            if path in _open:
                _open[path].reload()
            return 0
        index = local_index()
        state = read_state(index.path)
        if index.created or state is None:
            return _rebuild(index)
        return _follow(index, state)


@primary()  # the log and the documents it names, as committed: never a lagging replica
def _follow(index: SearchIndex, state: dict) -> int:
    """Apply the log entries after the state's mark (and the gaps still looked for)."""
    index.reload()
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
    """Rebuild the local index from the database (`readingroom reindex`)."""
    with node_writer():
        return _rebuild(local_index())


def rebuild_in_background() -> None:
    """Build a missing index in a thread of this process; searches say so meanwhile."""
    global _builder
    with _lock:
        if _builder is not None and _builder.is_alive():
            return
        _builder = threading.Thread(target=_build_if_missing, name="index-rebuild", daemon=True)
        _builder.start()


def _build_if_missing() -> None:
    try:
        with node_writer():
            if not ready():  # another process of the node may have built it meanwhile
                _rebuild(local_index())
    finally:
        connection.close()  # the thread's own database connection


@primary()
def _rebuild(index: SearchIndex) -> int:
    (index.path / STATE_FILE).unlink(missing_ok=True)  # readers: "being rebuilt" until done
    mark = IndexChange.objects.aggregate(m=Max("id"))["m"] or 0
    forget_names()
    index.clear()
    ids = Document.objects.public().order_by("pk").values_list("pk", flat=True)
    count = index.add_documents(_chunked(ids))
    index.created = False
    write_state(index.path, mark, timezone.now())
    return count
