"""A document's related documents, each with why (previous and next: `web.contents`).

Related means similar in words, people, events and date (`search.similar`, chosen over people
in common alone by precision@5 on FRUS chapters: docs/benchmarks.md, "Related documents
(issue 20)"). The page reads the stored list (`search.similar_lists`); until a document's list
has been computed it shows the people list that the derived data keeps (`authorities.derived`).
Either way a few indexed queries, whatever the size of the archive; documents that have left
the public since are skipped, and a reason names only what both public documents hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from readingroom.authorities.models import DocumentPerson, Person, RelatedDocument
from readingroom.events.models import Event
from readingroom.records.models import Document
from readingroom.search.analysis import FOLDED, terms
from readingroom.search.models import SimilarDocument

RELATED_LIMIT = 6
SHOWN_WORDS = 3
SHOWN_PEOPLE = 2
FIELDS = ("identifier", "title", "date_text", "date_start")


@dataclass(frozen=True)
class Reason:
    """One thing two documents share: a word, a person, an event, a year."""

    text: str
    url: str = ""


@dataclass
class RelatedEntry:
    doc: Document
    reasons: list[Reason] = field(default_factory=list)


def related(doc: Document) -> list[RelatedEntry]:
    """The public documents related to ``doc``, best first, with what they share."""
    rows = list(
        SimilarDocument.objects.filter(document_id=doc.pk)
        .order_by("rank")
        .values_list("related_id", "words", "people", "events")
    )
    if not rows:
        return _by_people(doc)
    found = Document.objects.public_in_bulk([row[0] for row in rows], *FIELDS)
    rows = [row for row in rows if row[0] in found][:RELATED_LIMIT]
    links = _links([doc.pk, *(row[0] for row in rows)], {p for row in rows for p in row[2]})
    people = _names({p for d, p in links if d == doc.pk})
    events = _events({e for row in rows for e in row[3]})
    out = []
    for pk, words, shared, linked in rows:
        both = [people[p] for p in shared if p in people and (pk, p) in links]
        found_events = [events[e] for e in linked if e in events]
        year = _year(doc.date_start, found[pk].date_start)
        reasons = _reasons(words, both, found_events[:1], year)
        out.append(RelatedEntry(found[pk], reasons))
    return out


def _by_people(doc: Document) -> list[RelatedEntry]:
    """The documents sharing the most people with ``doc``, as the derived data keeps them."""
    ids = list(
        RelatedDocument.objects.filter(document_id=doc.pk)
        .order_by("rank")
        .values_list("related_id", flat=True)
    )
    found = Document.objects.public_in_bulk(ids, *FIELDS)
    ids = [pk for pk in ids if pk in found][:RELATED_LIMIT]
    links = _links([doc.pk, *ids])
    people = _names({p for d, p in links if d == doc.pk})
    out = []
    for pk in ids:
        both = sorted((people[p] for d, p in links if d == pk and p in people), key=str)
        year = _year(doc.date_start, found[pk].date_start)
        out.append(RelatedEntry(found[pk], _reasons([], both, [], year)))
    return out


def _links(doc_ids: list[int], person_ids: set[int] | None = None) -> set[tuple[int, int]]:
    """(document, person) for these documents (and people) as linked now: public documents
    only (`DocumentPerson`), one indexed query."""
    rows = DocumentPerson.objects.filter(document_id__in=doc_ids)
    if person_ids is not None:
        rows = rows.filter(person_id__in=person_ids)
    return set(rows.values_list("document_id", "person_id"))


def _names(ids: set[int]) -> dict[int, Person]:
    if not ids:
        return {}
    rows = Person.objects.filter(pk__in=ids, merged_into=None).only("pk", "name", "slug")
    return {p.pk: p for p in rows}


def _events(ids: set[int]) -> dict[int, Event]:
    """Of these events, the public ones (a public document linked to them)."""
    if not ids:
        return {}
    return {e.pk: e for e in Event.objects.public().filter(pk__in=ids).only("pk", "name", "slug")}


def _year(mine: date | None, theirs: date | None) -> str:
    return str(mine.year) if mine and theirs and mine.year == theirs.year else ""


def _reasons(words: list[str], people: list[Person], events: list[Event], year: str) -> list:
    """What to say: the words first, then the people (the first few) and the event, then the
    year. A word that is part of the name of a person both share is left out: the person says
    it ("Rakosi" beside Mátyás Rákosi)."""
    names = {part for person in people for part in terms(person.name, FOLDED)}
    shown = [Reason(w) for w in words if not set(terms(w, FOLDED)) & names][:SHOWN_WORDS]
    shown += [Reason(p.name, p.get_absolute_url()) for p in people[:SHOWN_PEOPLE]]
    shown += [Reason(e.name, e.get_absolute_url()) for e in events]
    return shown + ([Reason(year)] if year else [])
