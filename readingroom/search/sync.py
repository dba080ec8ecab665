"""Keep this process's local index in step with the database by following the change log.

The database is the source of truth. Every saved change appends an `IndexChange` in the same
transaction; a process applies the entries after the last one it applied (kept in a small file
beside its index), or builds the index from the database when it has none. Entries from the
last few seconds are applied again, because on PostgreSQL a transaction can commit after one
holding a higher id: applying twice is harmless, missing one is not.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from readingroom.search.documents import index_documents
from readingroom.search.engine import SearchIndex
from readingroom.search.models import IndexChange

STATE_FILE = "applied.json"
REPLAY_WINDOW = timedelta(seconds=10)
CHUNK = 500

_lock = threading.RLock()
_open: dict[Path, SearchIndex] = {}


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


def write_state(path: Path, mark: int, synced_at) -> None:
    state = {"mark": mark, "synced_at": synced_at.isoformat()}
    tmp = path / (STATE_FILE + ".tmp")
    tmp.write_text(json.dumps(state))
    tmp.replace(path / STATE_FILE)


def sync_index() -> int:
    """Bring the local index up to date; returns how many documents were (re)indexed."""
    with _lock:
        index = local_index()
        state = read_state(index.path)
        now = timezone.now()
        latest = IndexChange.objects.aggregate(m=Max("id"))["m"] or 0
        if index.created or state is None:
            count = rebuild(index)
        elif latest > state["mark"] or _recent(state, now) or _embargo_lapsed(state, now):
            count = apply_changes(index, state)
        else:
            return 0
        index.created = False
        write_state(index.path, latest, now)
        return count


def _recent(state: dict, now) -> bool:
    synced = timezone.datetime.fromisoformat(state["synced_at"])
    return now - synced < REPLAY_WINDOW


def _lapsed(state: dict, now):
    """Embargoed documents whose embargo ended since the last sync: public now, unlogged."""
    from readingroom.records.models import Document, Status

    synced = timezone.datetime.fromisoformat(state["synced_at"])
    return Document.objects.filter(
        status=Status.EMBARGOED,
        embargo_until__gt=timezone.localdate(synced),
        embargo_until__lte=timezone.localdate(now),
    )


def _embargo_lapsed(state: dict, now) -> bool:
    return timezone.localdate(now) != timezone.localdate(
        timezone.datetime.fromisoformat(state["synced_at"])
    ) and _lapsed(state, now).exists()


def changed_ids(state: dict) -> set[int]:
    since = timezone.datetime.fromisoformat(state["synced_at"]) - REPLAY_WINDOW
    rows = IndexChange.objects.filter(Q(id__gt=state["mark"]) | Q(created__gte=since))
    lapsed = _lapsed(state, timezone.now()).values_list("pk", flat=True)
    return set(rows.values_list("document_id", flat=True)) | set(lapsed)


def apply_changes(index: SearchIndex, state: dict) -> int:
    ids = changed_ids(state)
    index.delete_documents(ids)  # drafts, withdrawals and deletions stay out
    return index.add_documents(_chunked(sorted(ids)))


def rebuild(index: SearchIndex) -> int:
    """Index every public document from the database, replacing whatever the index held."""
    from readingroom.records.models import Document

    index.clear()
    ids = list(Document.objects.public().order_by("pk").values_list("pk", flat=True))
    return index.add_documents(_chunked(ids))


def _chunked(ids: list[int]) -> Iterator:
    for start in range(0, len(ids), CHUNK):
        yield from index_documents(ids[start : start + CHUNK])


def reindex() -> int:
    """Rebuild the local index from the database (`readingroom reindex`)."""
    with _lock:
        index = local_index()
        latest = IndexChange.objects.aggregate(m=Max("id"))["m"] or 0
        count = rebuild(index)
        write_state(index.path, latest, timezone.now())
        return count
