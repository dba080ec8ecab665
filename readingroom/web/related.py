"""A document's neighbours: previous and next in its collection, and documents sharing people."""

from __future__ import annotations

from datetime import date

from django.db.models import Count

from readingroom.authorities.appearances import link_sources, links, people_by_document
from readingroom.records.models import Collection, Document

RELATED_LIMIT = 6
CANDIDATES = 30  # per kind of link


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


def _candidates(person_ids: set[int], exclude: int) -> set[int]:
    """Documents likely to share the most people: the top few by each kind of link."""
    found: set[int] = set()
    for queryset, field in link_sources():
        rows = (
            queryset.filter(**{f"{field}__in": list(person_ids)})
            .exclude(document_id=exclude)
            .values("document_id")
            .annotate(n=Count(field, distinct=True))
            .order_by("-n", "document_id")[:CANDIDATES]
        )
        found |= {row["document_id"] for row in rows}
    return found


def related(doc: Document, person_ids: set[int]) -> list[tuple[Document, int]]:
    """Public documents sharing the most people with ``doc``, with how many they share."""
    if not person_ids:
        return []
    candidates = _candidates(person_ids, doc.pk)
    found_links = links(doc_ids=candidates)  # the document index; people filtered here
    shared = people_by_document({link for link in found_links if link[1] in person_ids})
    public = Document.objects.public().only("identifier", "title", "date_text", "date_start")
    found = public.in_bulk(list(shared))
    ranked = [(found[i], len(shared[i])) for i in shared if i in found]
    ranked.sort(key=lambda pair: (-pair[1], pair[0].date_start or date.max, pair[0].identifier))
    return ranked[:RELATED_LIMIT]
