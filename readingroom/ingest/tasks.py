"""Imports and enrichment as queued tasks, run by `readingroom worker`.

Each may run twice (a worker killed mid-task leaves it to be retried): an import changes
nothing the second time, and enrichment takes only the documents still pending.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django_tasks import task
from rich.console import Console

from readingroom.authorities.enrichment import KnownPeople, Resolver, enrich_documents, pending
from readingroom.events.finding import find_events
from readingroom.ingest.ocring import queue_ocr
from readingroom.ingest.runner import import_paths
from readingroom.ingest.uploads import ProgressNote, Upload
from readingroom.search.similar_lists import follow
from readingroom.search.sync import sync_index

CHUNK = 50


def enrich_ids(ids: list[int], advance: Callable[[int], None] = lambda n: None) -> None:
    """Enrich `ids` a chunk at a time, sharing what is known of the archive's people."""
    known, resolve = KnownPeople(), Resolver()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        enrich_documents(chunk, known, resolve)
        find_events(chunk)  # with the people enrichment resolved
        advance(len(chunk))


@task()
def enrich_pending() -> int:
    """Enrich what imports left pending; the documents enriched."""
    ids = pending()
    enrich_ids(ids)
    sync_index()
    follow()  # related documents (people, then content) and the network
    return len(ids)


@task()
def import_upload(key: str, actor: str) -> dict[str, object]:
    """Import an uploaded file; the same report the command line prints."""
    upload = Upload.named(key)
    if upload is None:
        return {"summary": "", "rejections": [f"upload {key} is gone"]}
    quiet = Console(file=io.StringIO())
    report = import_paths([upload.file], actor=actor, console=quiet, watch=ProgressNote(upload))
    if pending():
        enrich_pending.enqueue()
    queue_ocr()  # scans with no transcription: read by the worker
    sync_index()
    follow()  # related documents (people, then content) and the network
    return {
        "summary": report.summary(),
        "rejections": [r.message for r in report.rejections],
        "warnings": [w.message for w in report.warnings],
    }
