"""The indexing contract: what of a stored document the search index holds.

Built in bulk (a handful of queries per chunk of documents, not per document), because a full
rebuild must keep pace with feeding the same text to Tantivy directly. Only public documents
are returned: the index never holds what the public may not see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.db.models import Count
from django.db.models.signals import post_delete, post_save

from readingroom.authorities.appearances import documents_of, links
from readingroom.authorities.models import Attendance, Mention, Name, Person, Place
from readingroom.enrich import classification, withheld
from readingroom.events.models import Event, EventDocument
from readingroom.records.changelog import log_change
from readingroom.records.languages import language_name, short_code
from readingroom.records.models import (
    Annotation,
    Block,
    Collection,
    Credit,
    Document,
    Participant,
    Text,
)
from readingroom.records.releases import OpenedPassage
from readingroom.records.shorttitles import detail, short_title
from readingroom.search.entries import IndexDocument, IndexPassage

PASSAGE_KINDS = {"turn", "paragraph", "preface", "stage", "closer", "list", "footnote"}
ACCOUNTS = ("record", "report")  # the relations that make a document an account of a meeting


def index_documents(ids: list[int]) -> list[IndexDocument]:
    found = Document.objects.prefetch_related("types", "languages", "collections", "subjects")
    docs = list(found.public_in_bulk(ids).values())
    ids = [d.pk for d in docs]
    passages = _passages(ids)
    further = _further_texts(ids, passages)
    persons = _persons(ids)
    notes = _notes(ids)
    events, met_at = _events(ids)
    places = _mentioned_places(ids)
    people = _participants(ids)
    withheld = _withheld(docs)
    opened = dict(
        OpenedPassage.objects.filter(document_id__in=ids)
        .values_list("document_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        IndexDocument(
            doc_id=d.pk,
            identifier=d.identifier,
            title=d.title,
            summary=d.summary,
            date_start=d.date_start,
            date_end=d.date_end,
            types=[t.name for t in d.types.all()] + (["Meeting"] if events.get(d.pk) else []),
            collections=[c.title for c in d.collections.all()],
            languages=[lang.name for lang in d.languages.all()] + further.get(d.pk, []),
            persons=persons.get(d.pk, []),
            places=list(d.places),
            passages=passages.get(d.pk, []),
            notes=notes.get(d.pk, []),
            **declassification(d),
            **withheld.get(d.pk, {}),
            opened=opened.get(d.pk, 0),
            events=events.get(d.pk, []),
            mentioned_places=[*places[d.pk][0], *met_at.get(d.pk, [])],
            place_words=places[d.pk][1],
            **_row(d, people.get(d.pk, []), passages.get(d.pk, [])),
        )
        for d in docs
    ]


def _row(doc: Document, people: list[str], passages: list[IndexPassage]) -> dict:
    """What a result row shows beside the title: source, number, date as written, and what
    tells the document apart from others of its title (`records.shorttitles`)."""
    opening = (p.text for p in passages if not p.text_order and p.kind in ("paragraph", "turn"))
    subjects = [subject.name for subject in doc.subjects.all()]
    return {
        "number": doc.number,
        "date_text": doc.date_text,
        "sources": [short_title(c.title, c.volume) for c in doc.collections.all()],
        "detail": detail(subjects, people, opening),
    }


def _mentioned_places(ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
    """The places each document's text mentions: (their authority names, their spellings in
    the text), the latter for `place:` to find "Peking" as well as "Beijing"."""
    out: dict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    rows = Mention.objects.filter(document_id__in=ids, kind="place").order_by()
    for doc_id, name, text in rows.values_list("document_id", "place__name", "text"):
        names, words = out[doc_id]
        if name and name not in names:
            names.append(name)
        if text not in words:
            words.append(text)
    return out


def _participants(ids: list[int]) -> dict[int, list[str]]:
    """Who a record lists as present, in its order, by their person's name when linked."""
    out: dict[int, list[str]] = defaultdict(list)
    rows = Participant.objects.filter(document_id__in=ids).order_by("document_id", "order")
    for doc_id, name, person in rows.values_list("document_id", "name", "person__name"):
        out[doc_id].append(person or name)
    return out


def _events(ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """The events each document is an account of (a record or a report; `type:meeting`
    finds these), by slug, for `event:`; and where they took place, for `place:`."""
    out: dict[int, list[str]] = defaultdict(list)
    places: dict[int, list[str]] = defaultdict(list)
    rows = EventDocument.objects.filter(
        document_id__in=ids, status=EventDocument.Status.LINKED, relation__in=ACCOUNTS
    )
    for doc_id, slug, place in rows.order_by().values_list(
        "document_id", "event__slug", "event__place"
    ):
        out[doc_id].append(slug)
        if place:
            places[doc_id].append(place)
    return out, places


def declassification(doc: Document) -> dict:
    """The record's classification (level and caveats, as its own field or its source note
    gives it) and the agency or archive that holds the original."""
    marking = classification.read(doc.classification)
    if not (marking.level or marking.caveats):
        marking = classification.read(doc.source_text)
    level = marking.level or (classification.UNMARKED if marking.unmarked else "")
    found = [level, *marking.caveats] if level else list(marking.caveats)
    return {
        "classification": found,
        "agency": doc.source_archive or classification.agency(doc.source_text),
    }


def _withheld(docs: list[Document]) -> dict[int, dict]:
    """What each document still withholds, in its text (the annotations) and in its source
    note (which is no block): its kinds, passages and lines."""
    out: dict[int, dict] = defaultdict(
        lambda: {"withheld": [], "withheld_lines": 0.0, "withheld_passages": 0}
    )
    ids = [d.pk for d in docs]
    rows = Annotation.objects.filter(block__document_id__in=ids, kind="withheld").order_by()
    found = list(rows.values_list("block__document_id", "target", "text"))
    for doc in docs:
        if "declassified" in doc.source_text:
            found += [(doc.pk, w.kind, w.text) for w in withheld.find_withheld(doc.source_text)]
    for doc_id, kind, text in found:
        sums = out[doc_id]
        sums["withheld"] = sorted({*sums["withheld"], kind})
        sums["withheld_lines"] += withheld.lines(text)
        sums["withheld_passages"] += 1
    return out


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


def _further_texts(ids: list[int], passages: dict[int, list[IndexPassage]]) -> dict[int, list]:
    """Add the passages of each document's further texts (a transcription, another
    translation) to `passages`; returns the names of their languages, by document."""
    languages: dict[int, list[str]] = defaultdict(list)
    rows = Text.objects.filter(document_id__in=ids).order_by("document_id", "order")
    for doc_id, order, language, blocks, machine_read in rows.values_list(
        "document_id", "order", "language", "blocks", "machine_read"
    ):
        languages[doc_id].append(language_name(language))
        passages[doc_id] += _text_passages(order + 1, short_code(language), blocks, machine_read)
    return languages


def _text_passages(
    number: int, language: str, blocks: list[dict], machine_read: bool
) -> list[IndexPassage]:
    """A further text's passages; one read from the scans names the scan each is on (its
    page breaks are the scans', one each, in order)."""
    out, page = [], 0
    for i, b in enumerate(blocks):
        page += b["kind"] == "pagebreak"
        if b["kind"] in PASSAGE_KINDS:
            passage = IndexPassage(0, i, b["kind"], b["speaker"], [], b["text"], number, language)
            passage.page = page if machine_read else 0
            out.append(passage)
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
    """The people of each document (`authorities.appearances`), by display name."""
    pairs = {(doc_id, person_id) for doc_id, person_id, _ in links(doc_ids=ids)}
    shown = dict(Person.objects.filter(pk__in={p for _, p in pairs}).values_list("pk", "name"))
    out: dict[int, list[str]] = defaultdict(list)
    for doc_id, person_id in sorted(pairs):
        out[doc_id].append(shown[person_id])
    return out


def _notes(ids: list[int]) -> dict[int, list[str]]:
    """Words a document carries outside its body: the source line and the credits."""
    out: dict[int, list[str]] = defaultdict(list)
    for doc_id, text in Document.objects.filter(pk__in=ids).values_list("pk", "source_text"):
        if text:
            out[doc_id].append(text)
    for credit in Credit.objects.filter(document_id__in=ids).order_by("document_id", "order"):
        out[credit.document_id].append(f"{credit.label} {credit.name}")
    return out


# ------------------------------------------------------------------ what else reaches the index

# Which saved rows make which indexed documents stale: the person facet shows a person's name,
# passages carry every spelling of their speaker's name, and the people, credits and places of
# a document are searchable. Connected to the models' signals by `connect`. Bulk writes
# (imports, enrichment, merges) send no signals and log the documents they rewrite; deleted
# children always go with such a rewrite, so only a removed spelling is heard of on delete
# (a delete signal would also cost Django its fast bulk delete of blocks and mentions).
INDEX_DEPENDS_ON: dict[type[models.Model], Callable[[Any], Iterable[int]]] = {
    Person: lambda person: documents_of([person.pk]),
    Name: lambda name: documents_of([name.person_id]),
    Attendance: lambda row: [row.document_id],
    Mention: lambda row: [row.document_id],
    Participant: lambda row: [row.document_id],
    Credit: lambda row: [row.document_id],
    Block: lambda row: [row.document_id],
    Text: lambda row: [row.document_id],
    EventDocument: lambda row: [row.document_id],
    Event: lambda event: event.accounts.values_list("document_id", flat=True),  # its place
    Collection: lambda collection: collection.documents.values_list("pk", flat=True),
    # A renamed place: the documents that mention it count it under its new name. Enrichment
    # writes mentions in bulk and logs the documents it read (`authorities.enrichment`).
    Place: lambda place: (
        Mention.objects.filter(place_id=place.pk)
        .order_by()
        .values_list("document_id", flat=True)
        .distinct()
    ),
}


def connect() -> None:
    """Log a change for the documents each dependent save or delete reaches."""
    for model in INDEX_DEPENDS_ON:
        uid = f"index-depends-on-{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + "-save")
    for model in (Name, EventDocument):  # a removed spelling; an account taken off an event
        uid = f"index-depends-on-{model._meta.label}-delete"
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)


# People created by this process that have no name yet: their first name reaches no document.
_unnamed: set[int] = set()


def _changed(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("created") and sender is Person:
        _unnamed.add(instance.pk)  # a new person is in no document yet
        return
    if kwargs.get("created") and sender in (Place, Event):
        return  # nor is a new place or event
    if kwargs.get("created") and sender is Name and instance.person_id in _unnamed:
        _unnamed.discard(instance.person_id)
        return
    log_change(INDEX_DEPENDS_ON[sender](instance))
