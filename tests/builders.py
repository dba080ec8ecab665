"""Builders for test data, by keyword: what a test needs and nothing more."""

from __future__ import annotations

from pathlib import Path

from readingroom.curation import files
from readingroom.curation.models import Attachment
from readingroom.records.models import Document


def attachment(document: Document, data: bytes, name: str, *, by: str = "test") -> Attachment:
    """A file attached as the admin attaches one: checked, stored by its hash, recorded."""
    media_type = files.check(data[:16], name, len(data))
    sha256, size = files.store([data])
    return Attachment.objects.create(
        document=document,
        sha256=sha256,
        original_name=Path(name).name,
        media_type=media_type,
        size=size,
        uploaded_by=by,
    )
