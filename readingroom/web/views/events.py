"""The events: a list narrowed by kind, person, years and place, and one page per event with
its participants by side and every public account side by side.

What the public sees of an event is `events.public`'s to say; these views only lay it out.
The list is read a page at a time in the `event_by_date` index order from a cursor (the
event the page starts after or ends before; `events.public.walk`), so a page costs the same
however many events the archive holds: no total is counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from readingroom.authorities.appearances import public_people
from readingroom.authorities.models import Person
from readingroom.enrich.meetings import KINDS, RELATIONS
from readingroom.events.models import EVIDENCE, Event, EventDocument
from readingroom.events.public import (
    account_counts,
    by_side,
    key_of,
    merged_target,
    public_accounts,
    public_events,
    public_participants,
    walk,
)
from readingroom.records.models import Block, Document

PAGE_SIZE = 50
RECORD_BLOCKS = 3  # a record's opening paragraphs or turns shown in its column
READ = ("turn", "paragraph")
PLACE_LENGTH = 100


@dataclass
class Filters:
    """The list's filters as the query string gives them; what could not be read, said."""

    kind: str = ""
    person: Person | None = None
    year_from: int | None = None
    year_to: int | None = None
    place: str = ""
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params: QueryDict) -> Filters:
        found = cls(place=params.get("place", "").strip()[:PLACE_LENGTH])
        kind = params.get("kind", "")
        if kind in KINDS:
            found.kind = kind
        elif kind:
            found.problems.append(f"“{kind}” is not a kind of event; showing every kind.")
        slug = params.get("person", "").strip()
        if slug:
            found.person = public_people().filter(slug=slug).first()
            if found.person is None:
                found.problems.append("No person with that address; showing everyone’s.")
        found.year_from = found._year(params, "from")
        found.year_to = found._year(params, "to")
        return found

    def _year(self, params: QueryDict, name: str) -> int | None:
        text = params.get(name, "").strip()
        if text.isdigit() and 1 <= int(text) <= 9999:
            return int(text)
        if text:
            self.problems.append(f"“{text}” is not a year; the list is not narrowed by it.")
        return None

    def events(self) -> QuerySet[Event]:
        """The public events these filters leave, in no order yet."""
        return public_events(
            kind=self.kind,
            person_id=self.person.pk if self.person else None,
            year_from=self.year_from,
            year_to=self.year_to,
            place=self.place,
        )

    def pairs(self) -> list[tuple[str, str]]:
        """The filters as query parameters, for the pages' links."""
        pairs = [("kind", self.kind), ("person", self.person.slug if self.person else "")]
        pairs += [("from", str(self.year_from or "")), ("to", str(self.year_to or ""))]
        return [(name, value) for name, value in [*pairs, ("place", self.place)] if value]


@dataclass
class EventPage:
    """One page of the list and the cursors of its neighbours (empty: none that way)."""

    events: list[Event]
    previous: str = ""
    next: str = ""


def read_page(found: QuerySet[Event], after: str, before: str) -> EventPage:
    """PAGE_SIZE events from the cursor in index order, and whether more lie either way."""
    cursor = Event.objects.filter(slug=after or before).first() if after or before else None
    forward = cursor is None or not before
    events = walk(found, key_of(cursor) if cursor else None, forward, PAGE_SIZE + 1)
    more = len(events) > PAGE_SIZE
    events = events[:PAGE_SIZE] if forward else events[:PAGE_SIZE][::-1]
    if not events:
        return EventPage([])
    if forward:
        has_next = more
        has_previous = cursor is not None and bool(walk(found, key_of(events[0]), False, 1))
    else:
        has_next, has_previous = bool(walk(found, key_of(events[-1]), True, 1)), more
    return EventPage(
        events,
        previous=events[0].slug if has_previous else "",
        next=events[-1].slug if has_next else "",
    )


def _link(filters: Filters, cursor: str, name: str) -> str:
    return "?" + urlencode([*filters.pairs(), (name, cursor)]) if cursor else ""


def event_list(request: HttpRequest) -> HttpResponse:
    """Public events oldest first, narrowed by the filters, a page at a time."""
    filters = Filters.from_params(request.GET)
    page = read_page(filters.events(), request.GET.get("after", ""), request.GET.get("before", ""))
    counts = account_counts(page.events)
    for event in page.events:
        event.public_accounts = counts.get(event.pk, 0)
    context = {
        "events": page.events,
        "filters": filters,
        "kinds": KINDS,
        "previous": _link(filters, page.previous, "before"),
        "next": _link(filters, page.next, "after"),
        "paged": bool(request.GET.get("after") or request.GET.get("before")),
    }
    return render(request, "web/events.html", context)


@dataclass
class Account:
    """One public account as its column shows it."""

    row: EventDocument
    label: str
    evidence: str
    passage: list[Block]

    @property
    def document(self) -> Document:
        return self.row.document


def passage(row: EventDocument) -> list[Block]:
    """What the column quotes: a record's opening turns or paragraphs; another account's
    passage about the event, else its first paragraph."""
    blocks = Block.objects.filter(document_id=row.document_id).order_by("order")
    if row.relation == "record":
        found = list(blocks.filter(kind__in=READ)[:RECORD_BLOCKS])
    else:
        chosen = blocks.filter(order=row.passage) if row.passage is not None else blocks.none()
        found = list(chosen[:1]) or list(blocks.filter(kind="paragraph")[:1])
    for block in found:
        label = block.speaker if block.kind == "turn" else ""
        if label and block.text.startswith(label):
            block.text = block.text[len(label) :].lstrip(":").lstrip()
        block.label = label
    return found


def accounts(event: Event) -> list[Account]:
    """The public accounts, records first, each with its types, evidence and passage."""
    rows = public_accounts(event)
    prefetch_related_objects([row.document for row in rows], "types")
    return [
        Account(
            row,
            RELATIONS.get(row.relation, row.relation),
            EVIDENCE.get(row.evidence, ""),
            passage(row),
        )
        for row in rows
    ]


def event(request: HttpRequest, slug: str) -> HttpResponse:
    """A public event; a merged one moves for good to the event that took it in; anything
    else answers as a missing one (404)."""
    found = Event.objects.public().filter(slug=slug).first()
    if found is None:
        target = merged_target(slug)
        if target is None:
            raise Http404("No public event at this address")
        return redirect(target)  # as a merged person's page: a curator may split it again
    context = {
        "event": found,
        "sides": by_side(public_participants(found)),
        "accounts": accounts(found),
        "search": reverse("search") + "?" + urlencode({"q": f"event:{found.slug}"}),
    }
    return render(request, "web/event.html", context)
