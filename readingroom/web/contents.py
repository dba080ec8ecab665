"""A volume as its editors built it: the table of contents on its page, and a document's
place in it (volume › compilation › chapter, previous and next within the chapter).

Read from the collection's stored tree (`Collection.contents`, `records.contents`): a
volume's documents are looked up by identifier, a bounded number whatever the size of the
archive, and only public ones are ever shown, linked or counted. A collection without a
table of contents (a series) lists and steps through its documents by date, each step one
ordered query of that collection (docs/architecture.md, Volumes by chapter).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from readingroom.records import contents
from readingroom.records.models import Collection, Document

FIELDS = ("identifier", "title", "number", "date_text")
CHUNK = 500  # identifiers a query asks for at once (well under SQLite's variable limit)
WINDOW = 8  # documents read on either side of one before looking further for a public one
READING_ORDER = (F("date_start").asc(nulls_last=True), "identifier")  # without contents
DEEPEST_HEADING = 6


@dataclass
class Run:
    """Documents that follow one another in a grouping: one numbered list on the page."""

    documents: list[Document]


@dataclass
class Grouping:
    """A compilation or chapter as shown: its public documents and groupings in order."""

    kind: str
    key: str
    title: str
    heading: int  # its heading level on the collection page
    entries: list[Grouping | Run] = field(default_factory=list)
    count: int = 0  # public documents in it, at any depth

    @property
    def anchor(self) -> str:
        return anchor(self.key)


@dataclass
class TableOfContents:
    entries: list[Grouping | Run]
    listed: list[str]  # the identifiers shown, in reading order


@dataclass
class Place:
    """A document in one of its collections: where, and what comes before and after it."""

    collection: Collection
    trail: list[Grouping]  # outermost first; empty without contents
    previous: Document | None
    next: Document | None

    @property
    def scope(self) -> str:
        """What previous and next step through, as the page says it."""
        return f"this {self.trail[-1].kind}" if self.trail else "this collection"


def anchor(key: str) -> str:
    """The id of a grouping on its collection page (keys are valid identifiers)."""
    return f"toc-{key}"


def public_by_key(keys: Iterable[str]) -> dict[str, Document]:
    """The public ones of these documents by identifier (a unique index), with the fields a
    table of contents shows; the public rule applied as `public_in_bulk` applies it."""
    keys, today, found = list(keys), timezone.localdate(), {}
    for start in range(0, len(keys), CHUNK):
        rows = Document.objects.filter(identifier__in=keys[start : start + CHUNK])
        for doc in rows.order_by().only(*FIELDS, "status", "embargo_until"):
            if doc.is_public(today):
                found[doc.identifier] = doc
    return found


def table_of_contents(collection: Collection) -> TableOfContents | None:
    """The collection's groupings with their public documents, or None without contents."""
    if not collection.contents:
        return None
    found = public_by_key(contents.document_keys(collection.contents))
    tree = contents.pruned(collection.contents, frozenset(found))
    return TableOfContents(_shown(tree, found, 3), list(contents.document_keys(tree)))


def _shown(entries: list[dict], found: dict[str, Document], heading: int) -> list:
    """The pruned tree as the page shows it: groupings, and runs of their documents."""
    out: list[Grouping | Run] = []
    for entry in entries:
        if entry["kind"] == "document":
            if not out or not isinstance(out[-1], Run):
                out.append(Run([]))
            out[-1].documents.append(found[entry["key"]])
            continue
        inner = _shown(entry["entries"], found, min(heading + 1, DEEPEST_HEADING))
        count = sum(len(e.documents) if isinstance(e, Run) else e.count for e in inner)
        out.append(Grouping(entry["kind"], entry["key"], entry["title"], heading, inner, count))
    return out


def in_reading_order(documents: QuerySet) -> QuerySet:
    """A collection without contents: dated documents by date, then the undated."""
    return documents.order_by(*READING_ORDER)


def places(doc: Document, collections: Iterable[Collection]) -> list[Place]:
    """The document's place in each of its collections (a public document's page), their
    tables of contents read in one query (`Collection.objects` leaves them out)."""
    loaded = Collection.objects.defer(None).in_bulk([c.pk for c in collections])
    return [place_in(doc, loaded[c.pk]) for c in collections if c.pk in loaded]


def place_in(doc: Document, collection: Collection) -> Place:
    """Its chapter and the public documents beside it there; by date in a collection
    without contents, or when the contents do not hold it (added to the volume later)."""
    found = contents.place_of(collection.contents or [], doc.identifier)
    if found is None:
        return Place(collection, [], *_by_date(doc, collection))
    trail = [Grouping(g["kind"], g["key"], g["title"], 0) for g in found.groupings]
    at = found.siblings.index(doc.identifier)
    return Place(collection, trail, *_beside(found.siblings[:at][::-1], found.siblings[at + 1 :]))


def _beside(before: list[str], after: list[str]) -> tuple[Document | None, Document | None]:
    """The nearest public document each way: a few read first, more only if none was."""
    window = WINDOW
    while True:
        found = public_by_key([*before[:window], *after[:window]])
        previous = next((found[k] for k in before[:window] if k in found), None)
        following = next((found[k] for k in after[:window] if k in found), None)
        if (previous or len(before) <= window) and (following or len(after) <= window):
            return previous, following
        window *= 8


def _by_date(doc: Document, collection: Collection) -> tuple[Document | None, Document | None]:
    """Previous and next public documents of the collection in `READING_ORDER`."""
    public = collection.documents.public().only(*FIELDS).exclude(pk=doc.pk)
    day, key = doc.date_start, doc.identifier
    if day is None:
        before = Q(date_start__isnull=False) | Q(date_start__isnull=True, identifier__lt=key)
        after = Q(date_start__isnull=True, identifier__gt=key)
    else:
        before = Q(date_start__lt=day) | Q(date_start=day, identifier__lt=key)
        after = Q(date_start__gt=day) | Q(date_start=day, identifier__gt=key)
        after |= Q(date_start__isnull=True)
    backwards = (F("date_start").desc(nulls_first=True), "-identifier")
    following = in_reading_order(public.filter(after)).first()
    return public.filter(before).order_by(*backwards).first(), following
