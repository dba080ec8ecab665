"""REST endpoints for events, and events as the API, OAI and downloads write them.

Everything public about an event comes from `events.public` (the events, their accounts and
participants, a document's events), so an unpublished record adds nothing here either: an
event only unpublished documents record answers exactly like one never recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from ninja import Query, Router

from readingroom.api import cursor, listing
from readingroom.api.http import base_url
from readingroom.api.schemas import EventOut, EventPage, Message
from readingroom.authorities.models import Person
from readingroom.enrich.meetings import KINDS
from readingroom.events.models import Event, EventDocument
from readingroom.events.public import (
    ORDER,
    events_of_document,
    key_of,
    merged_target,
    public_accounts,
    public_events,
    public_participants,
    walk,
)
from readingroom.records.models import Document
from readingroom.records.snapshot import date_dict

router = Router(tags=["events"])
NOT_FOUND = "No public event has this slug"
YEAR = {"ge": 1, "le": 9999}  # what a date can hold
KIND = f"^({'|'.join(KINDS)})?$"
SLUG = r"^[-a-zA-Z0-9_]*$"  # what `Slugged.free_slug` makes


def api_path(event: Event) -> str:
    return f"/api/v1/events/{event.slug}"


def event_summary(event: Event, base: str) -> dict[str, Any]:
    """An event as a list item: when, where, and where to read more."""
    return {
        "slug": event.slug,
        "name": event.name,
        "kind": event.kind,
        "date": date_dict(event.date),
        "time_start": event.time_start,
        "time_end": event.time_end,
        "place": event.place,
        "url": base + event.get_absolute_url(),
        "api_url": base + api_path(event),
    }


def event_out(event: Event, base: str) -> dict[str, Any]:
    """The whole public event: what the API's detail answers and `events.jsonl` holds."""
    people = [
        {
            "name": person.name,
            "slug": person.slug,
            "url": base + reverse("person", args=[person.slug]),
            "api_url": f"{base}/api/v1/persons/{person.slug}",
            "roles": person.roles,
            "side": person.side,
        }
        for person in public_participants(event)
    ]
    accounts = [_account(row.document, base) | _link(row) for row in public_accounts(event)]
    return {
        **event_summary(event, base),
        "description": event.description,
        "participants": people,
        "accounts": accounts,
    }


def _account(doc: Document, base: str) -> dict[str, str]:
    return {
        "identifier": doc.identifier,
        "title": doc.title,
        "url": base + doc.get_absolute_url(),
        "api_url": f"{base}/api/v1/documents/{doc.identifier}",
    }


def _link(row: EventDocument) -> dict[str, str]:
    return {"relation": row.relation, "evidence": row.evidence, "note": row.note}


def document_events(doc: Document, base: str) -> list[dict[str, str]]:
    """The public events a document is linked to, for its API detail."""
    return [
        {
            "slug": event.slug,
            "name": event.name,
            "relation": relation,
            "url": base + event.get_absolute_url(),
            "api_url": base + api_path(event),
        }
        for event, relation in events_of_document(doc)
    ]


def public_in_order() -> Iterator[Event]:
    """Every public event in date order, undated ones last: what `events.jsonl` holds."""
    events = Event.objects.public()
    yield from events.filter(date_start__isnull=False).order_by(*ORDER).iterator()
    yield from events.filter(date_start__isnull=True).order_by(*ORDER).iterator()


@dataclass(frozen=True)
class EventFilters:
    kind: str = ""
    person: str = ""  # a person's slug
    year_from: int | None = None
    year_to: int | None = None

    def events(self) -> QuerySet:
        """The public events these filters keep, not yet ordered."""
        person_id = None
        if self.person:
            person_id = Person.objects.filter(slug=self.person).values_list("pk", flat=True).first()
            if person_id is None:
                return Event.objects.none()
        return public_events(
            kind=self.kind, person_id=person_id, year_from=self.year_from, year_to=self.year_to
        )


def page_of_events(filters: EventFilters, size: int, token: str | None) -> tuple[list, str | None]:
    """One page in the `event_by_date` order (`events.public.walk`) and the cursor for the
    next; raises `BadCursor`."""
    size = listing.clamp(size)
    query = json.dumps(["events", asdict(filters), size], sort_keys=True)
    after = cursor.decode(token, query=query)["after"] if token else None
    key = (date.fromisoformat(after[0]) if after[0] else None, *after[1:]) if after else None
    rows = walk(filters.events(), key, True, size + 1)
    more = len(rows) > size
    token = cursor.encode({"query": query, "after": _key(rows[size - 1])}) if more else None
    return rows[:size], token


def _key(event: Event) -> list:
    day, time, slug = key_of(event)
    return [day.isoformat() if day else None, time, slug]


@router.get("/events", response={200: EventPage, 400: Message})
def events(
    request: HttpRequest,
    kind: str = Query("", pattern=KIND, description="one of: " + ", ".join(KINDS)),
    person: str = Query("", pattern=SLUG, description="the slug of a person who took part"),
    year_from: int | None = Query(None, alias="from", description="held in or after", **YEAR),
    year_to: int | None = Query(None, alias="to", description="held in or before", **YEAR),
    limit: int = Query(listing.DEFAULT_SIZE, description=f"capped at {listing.MAX_SIZE}"),
    cursor_: str | None = Query(None, alias="cursor", description="next_cursor from before"),
):
    """Public events (meetings, conversations, calls) in date order, undated ones last."""
    filters = EventFilters(kind, person, year_from, year_to)
    page, token = page_of_events(filters, limit, cursor_)
    base = base_url(request)
    return {"items": [event_summary(e, base) for e in page], "next_cursor": token}


@router.get("/events/{slug}", response={200: EventOut, 302: None, 404: Message})
def event(request: HttpRequest, slug: str):
    """An event with its participants and the public documents that record, report or
    mention it. A slug merged into another event redirects (302) to that one."""
    found = Event.objects.public().filter(slug=slug).first()
    base = base_url(request)
    if found is None:
        target = merged_target(slug)
        if target is None:
            raise Http404(NOT_FOUND)
        return HttpResponseRedirect(base + api_path(target))  # 302: a merge can be undone
    return event_out(found, base)
