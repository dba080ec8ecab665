"""`readingroom attach`: scans or PDFs added to a stored record, as a revision of it.

The scans become the record's hand-edited field: a re-import of the record's file keeps
them (`records.snapshot.keep_edited`), and its content hash stays the import's, so an
unchanged file still imports as unchanged.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from readingroom.ingest.scanfiles import store_scan
from readingroom.ingest.store import record_revision
from readingroom.ingest.writer import scan_columns
from readingroom.records.contract import ScanRecord
from readingroom.records.models import Document
from readingroom.records.originals import Scan
from readingroom.records.serialize import document_snapshot, row_dict


def attach(doc: Document, paths: list[Path], *, actor: str, reason: str = "") -> list[Scan]:
    """Store the files (a PDF cut into pages) and add them after the record's scans."""
    scans = [scan for path in paths for scan in store_scan(path)]  # files first: no rollback
    names = ", ".join(p.name for p in paths)
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=doc.pk)
        before = document_snapshot(doc)
        first = len(before["scans"])
        rows = Scan.objects.bulk_create(
            Scan(document=doc, order=first + i, **scan_columns(row_dict(scan, ScanRecord)))
            for i, scan in enumerate(scans)
        )
        doc.edited_fields = sorted({*doc.edited_fields, "scans"})
        doc.version += 1
        doc.save()  # logs the change for the search index and the pages' cache
        after = {**before, "scans": [*before["scans"], *(row_dict(r, ScanRecord) for r in rows)]}
        record_revision(doc, before, after, actor=actor, reason=reason or f"attach {names}")
    return rows
