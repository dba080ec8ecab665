"""What the event finder needs to know of a document, read for a chunk in a few queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from readingroom.authorities.appearances import PRESENT, links
from readingroom.authorities.models import Attendance, Person, PersonDescription
from readingroom.enrich.gazetteer import curated_people
from readingroom.enrich.meetings import meeting_kind, side_of, time_range
from readingroom.enrich.namekeys import key_string
from readingroom.enrich.titles import drop_titles
from readingroom.records.dates import DateValue
from readingroom.records.models import Block, Document, Participant

_OPENING_BLOCKS = 12  # where a report says whom it met ("I called on the Foreign Minister")


@dataclass
class Facts:
    pk: int
    title: str
    types: list[str]
    day: date | None  # the day, when the date is one day
    date: DateValue
    place: str
    collections: list[int]
    number: str
    notes: list[tuple[int | None, str]]  # (block order, text): the source note (None), footnotes
    opening: list[tuple[int, str]] = field(default_factory=list)  # the first paragraphs
    present: list[int] = field(default_factory=list)  # speakers, participants, note-takers
    people: set[int] = field(default_factory=set)  # present or mentioned
    roles: dict[int, str] = field(default_factory=dict)  # as the document gives them
    sides: dict[int, str] = field(default_factory=dict)

    @property
    def kind(self) -> str | None:
        """The kind of event this document records, if it records one."""
        return meeting_kind(self.types, self.title)

    @property
    def times(self) -> tuple[str, str]:
        source = self.notes[0][1] if self.notes and self.notes[0][0] is None else ""
        return times_of(self.date.text, source)


def times_of(date_text: str, source_note: str) -> tuple[str, str]:
    """The dateline's time of day, else the source note's ("The memorandum cites the time of
    the meeting as 11:15 a.m. to 1:30 p.m.", "Notes of Meetings, Pueblo V, 1:26 p.m.")."""
    stated = time_range(date_text)
    return stated if stated[0] else time_range(source_note)


def read_facts(ids: list[int]) -> dict[int, Facts]:
    """The facts of each of these documents (those that exist)."""
    docs = Document.objects.filter(pk__in=ids).prefetch_related("types", "collections")
    out = {
        d.pk: Facts(
            pk=d.pk,
            title=d.title,
            types=[t.name for t in d.types.all()],
            day=d.date_start if d.date_precision == "day" else None,
            date=d.date,
            place=d.places[0] if d.places else "",
            collections=[c.pk for c in d.collections.all()],
            number=d.number,
            notes=[(None, d.source_text)] if d.source_text else [],
        )
        for d in docs
    }
    _read_blocks(out)
    _read_people(out)
    return out


def _read_blocks(out: dict[int, Facts]) -> None:
    rows = Block.objects.filter(document_id__in=list(out), kind__in=("paragraph", "footnote"))
    for doc_id, kind, order, text in rows.order_by("document_id", "order").values_list(
        "document_id", "kind", "order", "text"
    ):
        facts = out[doc_id]
        if kind == "footnote":
            facts.notes.append((order, text))
        elif len(facts.opening) < _OPENING_BLOCKS:
            facts.opening.append((order, text))


def _read_people(out: dict[int, Facts]) -> None:
    """Who each document names, who it places at the meeting, their roles and sides."""
    present: dict[int, set[int]] = defaultdict(set)
    for doc_id, person_id, kind in links(doc_ids=list(out)):
        out[doc_id].people.add(person_id)
        if kind in PRESENT:
            present[doc_id].add(person_id)
    for doc_id, person_id, role, side in _listed(list(out)):  # in the document's order
        facts = out[doc_id]
        if person_id in present[doc_id] and person_id not in facts.present:
            facts.present.append(person_id)
        if role and drop_titles(role.split()):  # "Comrade" alone is a form of address
            facts.roles.setdefault(person_id, role)
        if side:  # the delegation the publisher's list puts them in
            facts.sides.setdefault(person_id, side_of(side) or side)
    for doc_id, people in present.items():
        out[doc_id].present += sorted(people - set(out[doc_id].present))
    described: dict[int, list[str]] = defaultdict(list)
    everyone = {p for facts in out.values() for p in facts.present}
    for person_id, text in PersonDescription.objects.filter(person_id__in=everyone).values_list(
        "person_id", "text"
    ):
        described[person_id].append(text)
    curated = _curated_descriptions()
    for person_id, key in Person.objects.filter(pk__in=everyone).values_list("pk", "key"):
        if key in curated:  # "Premier of the DPRK": the shipped list's description
            described[person_id].append(curated[key])
    for facts in out.values():
        for person_id in facts.present:
            side = side_of(facts.roles.get(person_id, ""), *described[person_id])
            if side:
                facts.sides.setdefault(person_id, side)


@cache
def _curated_descriptions() -> dict[str, str]:
    """The shipped list's descriptions by name key (`Person.key`)."""
    return {key_string(a.name): a.description for a in curated_people() if a.description}


def _listed(ids: list[int]) -> list[tuple[int, int, str, str]]:
    """(document, person, role, side) as the participant lists, the speakers and the closers
    name them, in that order."""
    rows: list[tuple[int, int, str, str]] = []
    listed = Participant.objects.filter(document_id__in=ids).exclude(person=None)
    rows += listed.order_by("order").values_list("document_id", "person_id", "role", "side")
    speakers = Block.objects.filter(document_id__in=ids).exclude(speaker_person=None)
    rows += [
        (d, p, "", "")
        for d, p in speakers.order_by("order").values_list("document_id", "speaker_person_id")
    ]
    attended = Attendance.objects.filter(document_id__in=ids).order_by("block_order", "start")
    rows += [(*row, "") for row in attended.values_list("document_id", "person_id", "role")]
    return rows
