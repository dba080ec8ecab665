"""A document's neighbours: previous and next in its collection, and documents sharing people."""

from __future__ import annotations

from datetime import date

from readingroom.authorities.models import RelatedDocument
from readingroom.records.models import Collection, Document

RELATED_LIMIT = 6


def _reading_order(row: tuple) -> tuple:
    """A volume's own numbering first; then date; undated last; then identifier."""
    _, identifier, number, start = row
    numbered = int(number) if number.isdigit() else 10**9
    return (numbered, start or date.max, identifier)


def neighbours(doc: Document, collection: Collection) -> tuple[Document | None, Document | None]:
    """The previous and next public documents of ``collection`` in reading order."""
    rows = list(
        collection.documents.public().values_list("pk", "identifier", "number", "date_start")
    )
    rows.sort(key=_reading_order)
    ids = [r[0] for r in rows]
    if doc.pk not in ids:
        return None, None
    at = ids.index(doc.pk)
    before_id = ids[at - 1] if at else None
    after_id = ids[at + 1] if at + 1 < len(ids) else None
    found = Document.objects.in_bulk([i for i in (before_id, after_id) if i])
    return found.get(before_id), found.get(after_id)


def related(doc: Document) -> list[tuple[Document, int]]:
    """Public documents sharing the most people with ``doc``, with how many they share.

    Read from the stored list (`authorities.derived`), skipping any document that has left the
    public since: two indexed queries, whatever the size of the archive."""
    rows = list(
        RelatedDocument.objects.filter(document_id=doc.pk)
        .order_by("rank")
        .values_list("related_id", "shared")
    )
    if not rows:
        return []
    fields = ("identifier", "title", "date_text", "date_start")
    found = Document.objects.public_in_bulk([pk for pk, _ in rows], *fields)
    return [(found[pk], shared) for pk, shared in rows if pk in found][:RELATED_LIMIT]
