"""Bulk export as TEI: one TEI P5 file per document, `<identifier>.xml`, in a directory
(or a zip of the same files), each the file /api/v1/documents/<identifier>/tei serves."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.db.models import QuerySet

from readingroom.api import exporting, tei
from readingroom.authorities.appearances import public_view


def tei_files(docs: QuerySet | None, base_url: str = "") -> Iterator[tuple[str, bytes]]:
    """(file name, TEI bytes) for each document, by identifier. `base_url` (scheme and
    host, e.g. https://archive.example) makes each file's URI absolute."""
    for doc in exporting.documents_in_order(docs):
        url = base_url.rstrip("/") + doc.get_absolute_url()
        yield f"{doc.identifier}.xml", tei.tei_document(public_view(doc), url)


def write_directory(directory: Path, *, public: bool = False, base_url: str = "") -> int:
    """Every file into `directory` (created if needed); returns the document count."""
    directory.mkdir(parents=True, exist_ok=True)
    docs = exporting.public_only()[0] if public else None
    count = 0
    for name, body in tei_files(docs, base_url):
        (directory / name).write_bytes(body)
        count += 1
    return count


def write_zip(path: Path, *, public: bool = False, base_url: str = "") -> int:
    """Every file into one zip archive at `path`; returns the document count."""
    docs = exporting.public_only()[0] if public else None
    count = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in tei_files(docs, base_url):
            archive.writestr(name, body)
            count += 1
    return count
