"""Changing events: linking accounts, merging, splitting, and the revision each change keeps.

The finder and the curators' admin both change events through these functions, so every
change logs the documents whose index entries it touches and leaves a revision.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Min, QuerySet

from readingroom.authorities.models import Person
from readingroom.enrich.meetings import event_title
from readingroom.events.facts import Facts, read_facts, times_of
from readingroom.events.models import (
    Event,
    EventDocument,
    EventParticipant,
    EventRevision,
    Origin,
)
from readingroom.records.changelog import log_change
from readingroom.records.models import Document

FINDER = "readingroom"  # the actor of changes the finder makes
LINKED = EventDocument.Status.LINKED


def new_event(facts: Facts, kind: str) -> Event:
    """An event made from the document that records it (named by `refresh`)."""
    start, end = facts.times
    return Event.objects.create(
        name=kind.capitalize(),
        kind=kind,
        date=facts.date,
        time_start=start,
        time_end=end,
        place=facts.place,
    )


def link(
    event: Event,
    doc_id: int,
    relation: str,
    evidence: str,
    *,
    note: str = "",
    score: float | None = None,
    status: str = LINKED,
    passage: int | None = None,
) -> EventDocument | None:
    """Link a document to an event, unless a curator has rejected that link or decided it."""
    found = EventDocument.objects.filter(event=event, document_id=doc_id).first()
    if found and (found.status == EventDocument.Status.REJECTED or found.evidence == "curator"):
        return None
    row = found or EventDocument(event=event, document_id=doc_id)
    row.relation, row.evidence, row.note, row.score = relation, evidence, note, score
    row.status, row.passage = status, passage
    row.save()  # logs the document's change (search.documents.INDEX_DEPENDS_ON)
    return row


def record_of(doc_id: int) -> Event | None:
    """The event a document is the record of."""
    row = EventDocument.objects.filter(document_id=doc_id, relation="record", status=LINKED)
    found = row.select_related("event").order_by().first()
    return found.event if found else None


def refresh(event: Event, documents: dict[int, Facts] | None = None) -> None:
    """Participants from the records' own lists (a curator's kept): of every record, or only
    of `documents` (read already) when just those joined, so an event with many records is
    not read again whole for each. Then, for a found event, its date, time, place and name
    from its first public record and the people the public ones name: an unpublished record
    adds nothing a reader sees (`records_changed` calls this when a publication changes)."""
    records = set(
        event.accounts.filter(relation="record", status=LINKED).values_list("document", flat=True)
    )
    if documents is None:
        event.participants.exclude(document=None).delete()
        rewrite = list(read_facts(list(records)).values())
    else:
        rewrite = [f for pk, f in documents.items() if pk in records]
        event.participants.filter(document__in=[f.pk for f in rewrite]).delete()
    _write_participants(event, rewrite)
    if event.origin == Origin.FOUND and records:
        _rename(event, records)


def _write_participants(event: Event, facts: Iterable[Facts]) -> None:
    EventParticipant.objects.bulk_create(
        EventParticipant(
            event=event,
            person_id=person,
            document_id=f.pk,
            role=f.roles.get(person, ""),
            side=f.sides.get(person, ""),
        )
        for f in facts
        for person in f.present
    )


def _rename(event: Event, records: set[int]) -> None:
    """Date, time, place and name from the first public record and the public records'
    people (all records' while none is public: the event is not shown then)."""
    docs = Document.objects.filter(pk__in=records)
    public = docs.public() if docs.public().exists() else docs
    first = public.order_by(F("date_start").asc(nulls_last=True), "pk").only(
        "title", "date_text", "date_start", "date_end", "date_precision", "places", "source_text"
    )[0]
    event.date, event.place = first.date, (first.places or [event.place])[0]
    event.time_start, event.time_end = times_of(first.date_text, first.source_text)
    names = _names(event, public.values("pk"))
    # Nobody named (an NSC meeting whose list no one could read): the record's own title.
    event.name = event_title(event.kind, names, event.place) if names else first.title[:300]
    event.save()


def records_changed(doc_id: int) -> None:
    """A record's publication changed: its events are named again from the public ones."""
    for event in Event.objects.filter(accounts__document_id=doc_id, merged_into=None).distinct():
        refresh(event)


def _names(event: Event, documents: QuerySet) -> list[str]:
    """People to name an event by, as these records list them: the sides taking turns, each
    in the order first listed (one row a person, however many records list them)."""
    by_side: dict[str, list[int]] = {}
    rows = event.participants.filter(document__in=documents).values("person_id")
    rows = rows.annotate(first=Min("pk"), side=Max("side")).order_by("first")
    for person, side in rows.values_list("person_id", "side"):
        by_side.setdefault(side, []).append(person)
    order: list[int] = []
    columns = [people for side, people in by_side.items() if side]
    for i in range(max(map(len, columns), default=0)):
        order += [people[i] for people in columns if i < len(people)]
    order += by_side.get("", [])  # those whose side no record states come after
    names = dict(Person.objects.filter(pk__in=order).values_list("pk", "name"))
    return [names[p] for p in order if p in names]


def snapshot(event: Event) -> dict[str, Any]:
    """The event as a revision keeps it."""
    accounts = event.accounts.select_related("document").order_by("document__identifier")
    people = event.participants.select_related("person", "document").order_by("pk")
    return {
        "name": event.name,
        "kind": event.kind,
        "date": event.date_text,
        "time": [event.time_start, event.time_end],
        "place": event.place,
        "description": event.description,
        "accounts": [
            {
                "document": a.document.identifier,
                "relation": a.relation,
                "evidence": a.evidence,
                "status": a.status,
            }
            for a in accounts
        ],
        "participants": [
            {
                "person": p.person.slug,
                "role": p.role,
                "side": p.side,
                "document": p.document.identifier if p.document else None,
            }
            for p in people
        ],
    }


def revise(event: Event, actor: str, reason: str) -> EventRevision:
    """Keep the event as it now is, with who changed it and why."""
    last = event.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    log_change(event.accounts.values_list("document_id", flat=True))  # their pages name it
    return EventRevision.objects.create(
        event=event, number=last + 1, actor=actor, reason=reason[:500], snapshot=snapshot(event)
    )


def merge(target: Event, others: Iterable[Event], actor: str, reason: str) -> Event:
    """Move every account and participant of `others` to `target`; the others stay as
    pointers to it, so their addresses keep working."""
    with transaction.atomic():
        for other in others:
            if other.pk == target.pk:
                continue
            moved = []
            for row in other.accounts.all():
                if not target.accounts.filter(document_id=row.document_id).exists():
                    moved.append(row.pk)
            EventDocument.objects.filter(pk__in=moved).update(event=target)
            other.accounts.all().delete()
            _move_participants(other, target)
            other.merged_into = target
            other.save()
            Event.objects.filter(merged_into=other).update(merged_into=target)
            revise(other, actor, f"merged into {target.slug}: {reason}")
            log_change(target.accounts.values_list("document_id", flat=True))
        refresh(target)
        revise(target, actor, reason)
    return target


def _move_participants(source: Event, target: Event) -> None:
    for row in source.participants.all():
        kept = target.participants.filter(person_id=row.person_id, document_id=row.document_id)
        if not kept.exists():
            row.event = target
            row.save()
    source.participants.all().delete()


def split(
    event: Event, doc_ids: Iterable[int], actor: str, reason: str, *, name: str = ""
) -> Event:
    """A new event holding these accounts of `event`, decided by a curator: the finder leaves
    both as they are from now on."""
    with transaction.atomic():
        rows = event.accounts.filter(document_id__in=list(doc_ids))
        moved = list(rows.values_list("document_id", flat=True))
        new = Event.objects.create(
            name=name or event.name,
            kind=event.kind,
            date=event.date,
            time_start=event.time_start,
            time_end=event.time_end,
            place=event.place,
            origin=Origin.CURATOR,
        )
        rows.update(event=new, evidence="curator")
        event.accounts.update(evidence="curator")
        event.origin = Origin.CURATOR
        event.save()
        for changed in (event, new):
            refresh(changed)
            revise(changed, actor, reason)
        log_change(moved)
    return new
