"""Finding events: run on documents after enrichment has resolved their people.

- A document that records a meeting (`enrich.meetings.meeting_kind`) is the record of one
  event: the one held the same day by the same people (another memorandum of the same
  conversation), else a new one.
- Any other document joins an event held the same day or the day next to it on a scored
  match (`enrich.meetings.match_score`): a strong one is linked, an uncertain one waits for a
  curator, and two events that match as strongly both wait.
- An editor's note naming another record of the conversation (`cross_references`) links the
  two documents to one event, whichever of them is read first: the note is kept until its
  target is in the archive.

A document already linked keeps its links: a later run never moves an account a curator may
have looked at. Curators change them in the admin (`events.editing`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction

from readingroom.enrich.meetings import (
    STRONG,
    UNCERTAIN,
    Score,
    cross_references,
    match_score,
    relation_for,
    reports_meeting,
)
from readingroom.events.editing import FINDER, link, merge, new_event, record_of, refresh
from readingroom.events.facts import Facts, read_facts
from readingroom.events.models import (
    Event,
    EventDocument,
    EventParticipant,
    EventReference,
    Origin,
)
from readingroom.records.models import Document

SAME_PEOPLE = 0.75  # share of people two records of one meeting have in common, at least
SAME_PEOPLE_AND_TIME = 0.5  # the same, when both state the same time of day


def find_events(ids: Iterable[int]) -> None:
    """Place each of these documents in the events it records, reports or mentions."""
    facts = read_facts(list(ids))
    joined: dict[int, dict[int, Facts]] = defaultdict(dict)  # event -> its records among these
    linked = EventDocument.objects.filter(document_id__in=list(facts)).order_by()
    records = dict(
        linked.filter(relation="record", status="linked").values_list("document_id", "event_id")
    )
    matched = set(linked.filter(evidence="match").values_list("document_id", flat=True))
    with transaction.atomic():
        for f in sorted(facts.values(), key=lambda f: (f.day is None, f.day, f.pk)):
            event_id = records.get(f.pk) or _place(f, matched)
            if event_id is not None:
                joined[event_id][f.pk] = f
        noted = _references(facts)  # read again whole: a note may have merged two
        for event in Event.objects.filter(pk__in={*joined, *noted}, merged_into=None):
            refresh(event, None if event.pk in noted else joined[event.pk])


def _place(f: Facts, matched: set[int]) -> int | None:
    """Make or find the event `f` records, or link it to one it reports (unless a match was
    made before: a later run never moves an account). The event it records."""
    if f.kind:
        event, score = _same_meeting(f) if f.day else (None, Score(0.0, ()))
        if event is None:
            event = new_event(f, f.kind)
            link(event, f.pk, "record", "type")
        else:
            link(event, f.pk, "record", "match", note="; ".join(score.reasons), score=score.value)
        _participate(event, f)
        return event.pk
    if f.day and f.pk not in matched:
        _account(f)
    return None


def _participate(event: Event, f: Facts) -> None:
    """The document's people join the event at once, so the next record of the chunk can
    match them (`refresh` writes them again with roles and sides at the end)."""
    EventParticipant.objects.bulk_create(
        [EventParticipant(event=event, person_id=p, document_id=f.pk) for p in f.present],
        ignore_conflicts=True,
    )


def _people(events: list[Event]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {e.pk: set() for e in events}
    rows = EventParticipant.objects.filter(event__in=events).values_list("event_id", "person_id")
    rows = rows.order_by().distinct()  # one row a person, however many records name them
    for event_id, person_id in rows:
        found[event_id].add(person_id)
    return found


def _same_meeting(f: Facts) -> tuple[Event | None, Score]:
    """The event of the same kind held that day by the same people, at a time that does not
    differ: another record of the same meeting. Within one volume the two lists must mostly
    agree (a private talk beside a plenary is another meeting); a record from another archive
    lists its own delegation, so there most of its people being at the event is enough."""
    candidates = list(Event.objects.filter(date_start=f.day, kind=f.kind, merged_into=None))
    people = _people(candidates)
    start, mine = f.times[0], set(f.present)
    best: tuple[Event | None, Score] = (None, Score(0.0, ()))
    for event in candidates:
        shared = len(people[event.pk] & mine)
        if shared < 2 or (start and event.time_start and start != event.time_start):
            continue
        agree = shared / (len(people[event.pk] | mine) or 1)
        if agree < SAME_PEOPLE and not _same_collection(event, f):
            agree = max(agree, shared / (len(mine) or 1))
        least = SAME_PEOPLE_AND_TIME if start and start == event.time_start else SAME_PEOPLE
        if agree >= least and agree > best[1].value:
            reasons = ("same day", f"{shared} participants in common")
            best = (event, Score(round(agree, 3), reasons))
    return best


def _same_collection(event: Event, f: Facts) -> bool:
    """Whether one of the event's records sits in a collection of the document's."""
    records = event.accounts.filter(relation="record", status="linked")
    return records.filter(document__collections__in=f.collections).exists()


def _account(f: Facts) -> None:
    """Link a document that records no meeting to the one it reports, on a scored match."""
    assert f.day is not None
    days = (f.day - timedelta(days=1), f.day + timedelta(days=1))
    candidates = list(Event.objects.filter(date_start__range=days, merged_into=None))
    people = _people(candidates)
    reporting = [(order, text) for order, text in f.opening if reports_meeting(text)]
    scored = []
    for event in candidates:
        shared = people[event.pk] & f.people
        score = match_score(
            days_apart=abs((f.day - event.date_start).days),
            shared=len(shared),
            event_people=len(people[event.pk]),
            own_people=len(f.present),
            own_shared=len(people[event.pk] & set(f.present)),
            reporting=bool(reporting),
        )
        if score.value >= UNCERTAIN:
            scored.append((score, event))
    strong = [pair for pair in scored if pair[0].value >= STRONG]
    passage = reporting[0][0] if reporting else None
    for score, event in scored:
        status = "linked" if len(strong) == 1 and score.value >= STRONG else "proposed"
        relation = relation_for(f.types, f.title, f.day, event.date_start)
        if len(f.present) >= 2 and set(f.present) <= people[event.pk] and status == "linked":
            relation = "record"  # everyone it lists was there: it is a record of the meeting
        link(
            event,
            f.pk,
            relation,
            "match",
            note="; ".join(score.reasons),
            score=score.value,
            status=status,
            passage=passage,
        )


def _references(facts: dict[int, Facts]) -> set[int]:
    """Keep the editors' notes of these documents, then link every note whose two documents
    are both in the archive: the ones these documents hold and the ones naming them."""
    for f in facts.values():
        EventReference.objects.filter(document_id=f.pk).delete()
        EventReference.objects.bulk_create(
            [
                EventReference(
                    document_id=f.pk,
                    collection_id=collection,
                    number=number,
                    same=ref.same,
                    sentence=ref.sentence,
                )
                for _, text in f.notes
                for ref in cross_references(text)
                for number in ref.numbers
                for collection in _volume(f)
            ],
            ignore_conflicts=True,
        )
    notes = EventReference.objects.filter(document_id__in=list(facts))
    for f in facts.values():
        for collection in _volume(f):
            notes |= EventReference.objects.filter(collection_id=collection, number=f.number)
    touched: set[int] = set()
    for note in notes.distinct():
        event = _join(note)
        if event is not None:
            touched.add(event.pk)
    return touched


def _volume(f: Facts) -> list[int]:
    """The volume whose document numbers a note means: the document's first collection, or
    0 for the documents in none."""
    return [] if not f.number else f.collections[:1] or [0]


def _join(note: EventReference) -> Event | None:
    """Put the note's document and the document it names in one event."""
    volume = Document.objects.filter(number=note.number)
    if note.collection_id:
        volume = volume.filter(collections=note.collection_id)
    else:
        volume = volume.filter(collections=None)
    target = volume.values_list("pk", flat=True).first()
    if target is None or target == note.document_id:
        return None
    both = read_facts([note.document_id, target])
    source, named = both.get(note.document_id), both.get(target)
    if source is None or named is None or named.day is None:
        return None
    here, there = record_of(source.pk), record_of(named.pk)
    same = note.same
    if there is None:
        if here is not None and same:
            relation = relation_for(named.types, named.title, named.day, here.date_start)
            relation = "record" if relation == "mentions" else relation
            link(here, named.pk, relation, "footnote", note=note.sentence)
            return here
        there = new_event(named, named.kind or "conversation")
        link(there, named.pk, "record", "footnote", note=note.sentence)
    if here is not None and here.pk != there.pk and same:
        if Origin.CURATOR in (here.origin, there.origin):
            link(here, named.pk, "record", "footnote", note=note.sentence, status="proposed")
            return here
        keep, other = sorted((here, there), key=lambda e: e.pk)
        return merge(keep, [other], FINDER, f"an editor's note: {note.sentence}")
    if here is None or (here.pk != there.pk and not same):
        relation = relation_for(source.types, source.title, source.day, there.date_start)
        if same and relation == "mentions":
            relation = "record"  # "another account of the meeting"; a telegram still reports
        elif not same and here:
            relation = "mentions"
        link(
            there,
            source.pk,
            relation,
            "footnote",
            note=note.sentence,
            passage=_note_block(source, note),
        )
    return there


def _note_block(f: Facts, note: EventReference) -> int | None:
    """The footnote block holding the note's sentence (None: the source note)."""
    for order, text in f.notes:
        if note.sentence in " ".join(text.split()):
            return order
    return None
