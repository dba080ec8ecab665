"""The indexing contract: what of a stored document the search index holds.

Built in bulk (a handful of queries per chunk of documents, not per document), because a full
rebuild must keep pace with feeding the same text to Tantivy directly. Only public documents
are returned: the index never holds what the public may not see.
"""

from __future__ import annotations

from collections import defaultdict

from readingroom.authorities.models import Mention, Name, Person
from readingroom.records.models import Block, Document, Participant
from readingroom.search.engine import IndexDocument, IndexPassage

PASSAGE_KINDS = {"turn", "paragraph", "preface", "stage", "closer", "list", "footnote"}


def index_documents(ids: list[int]) -> list[IndexDocument]:
    docs = list(
        Document.objects.public()
        .filter(pk__in=ids)
        .prefetch_related("types", "languages", "collections")
    )
    ids = [d.pk for d in docs]
    passages = _passages(ids)
    persons = _persons(ids)
    return [
        IndexDocument(
            doc_id=d.pk,
            identifier=d.identifier,
            title=d.title,
            summary=d.summary,
            date_start=d.date_start,
            date_end=d.date_end,
            types=[t.name for t in d.types.all()],
            collections=[c.title for c in d.collections.all()],
            languages=[lang.name for lang in d.languages.all()],
            persons=persons.get(d.pk, []),
            places=list(d.places),
            passages=passages.get(d.pk, []),
        )
        for d in docs
    ]


def _passages(ids: list[int]) -> dict[int, list[IndexPassage]]:
    rows = (
        Block.objects.filter(document_id__in=ids, kind__in=PASSAGE_KINDS)
        .order_by("document_id", "order")
        .values_list("id", "document_id", "order", "kind", "speaker", "speaker_person_id", "text")
    )
    rows = list(rows)
    names = names_of({r[5] for r in rows if r[5]})
    out: dict[int, list[IndexPassage]] = defaultdict(list)
    for block_id, doc_id, order, kind, speaker, person_id, text in rows:
        variants = names.get(person_id, []) if person_id else []
        out[doc_id].append(IndexPassage(block_id, order, kind, speaker, variants, text))
    return out


def names_of(person_ids: set[int]) -> dict[int, list[str]]:
    """Every recorded form of each person's name."""
    out: dict[int, list[str]] = defaultdict(list)
    for person_id, text in Name.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "text"
    ):
        out[person_id].append(text)
    return out


def _persons(ids: list[int]) -> dict[int, list[str]]:
    """The people a document involves (speakers, participants, mentions), by display name."""
    pairs: set[tuple[int, int]] = set()
    pairs |= set(
        Block.objects.filter(document_id__in=ids, speaker_person__isnull=False).values_list(
            "document_id", "speaker_person_id"
        )
    )
    pairs |= set(
        Participant.objects.filter(document_id__in=ids, person__isnull=False).values_list(
            "document_id", "person_id"
        )
    )
    pairs |= set(
        Mention.objects.filter(document_id__in=ids, person__isnull=False).values_list(
            "document_id", "person_id"
        )
    )
    shown = dict(Person.objects.filter(pk__in={p for _, p in pairs}).values_list("pk", "name"))
    out: dict[int, list[str]] = defaultdict(list)
    for doc_id, person_id in sorted(pairs):
        out[doc_id].append(shown[person_id])
    return out
