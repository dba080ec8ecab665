"""What the public sees of events: the one reading pages, the API, OAI and downloads share.

An event is public while a public document is linked to it (`Event.objects.public()`); of a
public event a reader sees only the accounts that are public documents, and only the
participants those accounts (or a curator) name. So an unpublished record adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from readingroom.enrich.meetings import RELATIONS
from readingroom.events.models import Event, EventDocument, EventParticipant, public_document
from readingroom.records.models import Document

LINKED = EventDocument.Status.LINKED
RELATION_ORDER = tuple(RELATIONS)  # records first, then reports, briefings, mentions


def public_accounts(event: Event) -> list[EventDocument]:
    """The event's linked accounts that are public documents: records first, then by date."""
    rows = (
        event.accounts.filter(public_document(), status=LINKED)
        .select_related("document")
        .order_by("document__date_start", "document__identifier")
    )
    return sorted(rows, key=lambda row: RELATION_ORDER.index(row.relation))


@dataclass
class Attendee:
    """A person at the event as the public accounts name them."""

    person_id: int
    name: str
    slug: str
    side: str = ""
    roles: list[str] = field(default_factory=list)


def public_participants(event: Event) -> list[Attendee]:
    """Each person named by a public account or by a curator once, with every role given."""
    rows = event.participants.filter(public_document() | _curators(), person__merged_into=None)
    rows = rows.select_related("person").order_by("pk")
    found: dict[int, Attendee] = {}
    for row in rows:
        person = found.setdefault(
            row.person_id, Attendee(row.person_id, row.person.name, row.person.slug)
        )
        person.side = person.side or row.side
        if row.role and row.role not in person.roles:
            person.roles.append(row.role)
    return list(found.values())


def _curators() -> Q:
    return Q(document__isnull=True)


def by_side(people: list[Attendee]) -> list[tuple[str, list[Attendee]]]:
    """Participants grouped by the side they speak for, in order of first appearance; those
    whose side no account states last."""
    groups: dict[str, list[Attendee]] = {}
    for person in people:
        groups.setdefault(person.side, []).append(person)
    unstated = groups.pop("", [])
    return [*groups.items(), *([("", unstated)] if unstated else [])]


def events_of_document(doc: Document) -> list[tuple[Event, str]]:
    """(event, relation) for each public event a document is linked to."""
    rows = (
        EventDocument.objects.filter(document=doc, status=LINKED)
        .filter(Exists(Event.objects.public().filter(pk=OuterRef("event"))))
        .select_related("event")
        .order_by("event__date_start", "event__slug")
    )
    return [(row.event, row.relation) for row in rows]


def events_of_person(person_id: int) -> QuerySet[Event]:
    """The public events a person took part in, as a public account or a curator says, in
    date order."""
    attended = EventParticipant.objects.filter(person_id=person_id)
    attended = attended.filter(public_document() | _curators())
    return (
        Event.objects.public()
        .filter(pk__in=attended.values("event"))
        .order_by("date_start", "time_start", "slug")
    )


def public_events(
    *,
    kind: str = "",
    person_id: int | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    place: str = "",
) -> QuerySet[Event]:
    """The public events these filters keep, not yet ordered: the list page's and the API's."""
    found = Event.objects.public() if person_id is None else events_of_person(person_id)
    if kind:
        found = found.filter(kind=kind)
    if year_from is not None:
        start = date(year_from, 1, 1)
        found = found.filter(Q(date_end__gte=start) | Q(date_end=None, date_start__gte=start))
    if year_to is not None:
        found = found.filter(date_start__lte=date(year_to, 12, 31))
    if place:
        found = found.filter(place__icontains=place)
    return found


def merged_target(slug: str) -> Event | None:
    """The public event a merged-away slug now belongs to (following merges of merges)."""
    event = Event.objects.filter(slug=slug).exclude(merged_into=None).first()
    seen: set[int] = set()
    while event is not None and event.merged_into_id and event.pk not in seen:
        seen.add(event.pk)
        event = event.merged_into
    return Event.objects.public().filter(pk=event.pk).first() if event is not None else None


def account_counts(events: list[Event]) -> dict[int, int]:
    """The public accounts of each of these events (a page's worth: one grouped query, each
    account asking its own document's row, never reading every public document)."""
    rows = EventDocument.objects.filter(
        public_document(), event__in=[e.pk for e in events], status=LINKED
    )
    return dict(rows.order_by().values_list("event").annotate(n=Count("pk")))


# ---------------------------------------------------------------- reading in date order

ORDER = ("date_start", "time_start", "slug")  # the `event_by_date` index
Key = tuple[date | None, str, str]


def key_of(event: Event) -> Key:
    return (event.date_start, event.time_start, event.slug)


def _segments(forward: bool) -> list[bool]:
    """Whether each part a walk reads holds the undated events: the dated ones first, then
    the undated, read apart so both databases agree (SQLite sorts NULL first, PostgreSQL
    last) and each part is a range of the index."""
    return [False, True] if forward else [True, False]


def within(key: Key | None, undated: bool, forward: bool) -> Q:
    """The events of one segment after (or before) `key`: a range of the index, so the walk
    starts at the cursor instead of reading every event before it."""
    if key is None or (key[0] is None) != undated:
        return Q(date_start__isnull=undated)
    day, time, slug = key
    way = "gt" if forward else "lt"
    tie = Q(**{f"time_start__{way}": time}) | Q(time_start=time, **{f"slug__{way}": slug})
    if undated:
        return Q(date_start__isnull=True) & tie
    later = Q(**{f"date_start__{way}": day}) | (Q(date_start=day) & tie)
    return Q(**{f"date_start__{way}e": day}) & later


def walk(found: QuerySet[Event], key: Key | None, forward: bool, limit: int) -> list[Event]:
    """Up to `limit` of `found` from `key` (None: an end) in the index order or against it:
    a page costs the same however many events the archive holds."""
    order = ORDER if forward else [f"-{name}" for name in ORDER]
    segments = _segments(forward)
    if key is not None:
        segments = segments[segments.index(key[0] is None) :]
    rows: list[Event] = []
    for undated in segments:
        part = found.filter(within(key, undated, forward)).order_by(*order)
        rows += part[: limit - len(rows)]
        if len(rows) >= limit:
            break
    return rows
