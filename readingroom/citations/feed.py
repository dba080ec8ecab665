"""A result list as an Atom feed (RFC 4287): the newest documents a query finds, by when they
were published to the archive, for a feed reader to follow.

When a document was published is when it became public: the later of when its row was made
(`Document.created`), the last revision that set it public (a draft published, a withdrawal
undone: `Revision.changes["status"]`) and the end of its embargo. Two sources find the newest
without reading every match: the index's newest matches by document id (ids follow creation;
one Tantivy top-hits aggregation, whose cost is the query's, not the archive's), and the
documents published late, among the latest `LATE_WINDOW` revisions and the embargoes ended
in the last `LAPSE_DAYS` days, kept when the same aggregation finds them among the matches.
A document published late is thus new in the feed on the day it is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from lxml import etree

from readingroom.citations.citable import long_date
from readingroom.citations.lists import Item, Rebuilding, load
from readingroom.records.models import Document, IndexChange, Revision, Status
from readingroom.search import schema as s
from readingroom.search import sync
from readingroom.search.names import expand_name, people_named
from readingroom.search.sync import FOLLOW_SECONDS, local_index, sync_index

DEFAULT_SIZE = 50  # entries in a feed (setting `FEED_SIZE`)
LATE_WINDOW = 5000  # latest revisions looked at for a status set public
LAPSE_DAYS = 366  # embargoes ended this recently are looked at
LATE_MOST = 500  # late publications checked against the query at most
PUBLIC_STATUSES = (Status.PUBLISHED, Status.EMBARGOED)
ATOM = "http://www.w3.org/2005/Atom"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass
class Entry:
    item: Item
    published: datetime
    updated: datetime


def size() -> int:
    return max(1, min(int(getattr(settings, "FEED_SIZE", DEFAULT_SIZE)), 100))


def newest(query: str, *, base: str, exact: bool = False) -> list[Entry]:
    """The newest `size()` public documents `query` finds, newest first. Raises `Rebuilding`."""
    sync_index(max_age=FOLLOW_SECONDS, wait=not sync.serving)
    if not sync.ready():
        raise Rebuilding("The search index is being built.")
    late = late_published()
    request: dict = {"newest": {"top_hits": _top(size())}}
    if late:
        ranges = [{"from": pk, "to": pk + 1} for pk in sorted(late)]
        request["late"] = {"range": {"field": s.DOC_ID, "ranges": ranges}}
    names = {} if exact else {"expand_name": expand_name, "read_people": people_named}
    found, _ = local_index().aggregate(query, request, **names)
    ids = [int(hit["docvalue_fields"][s.DOC_ID][0]) for hit in found["newest"]["hits"]]
    for bucket in found.get("late", {}).get("buckets", []):
        if bucket["doc_count"] and bucket.get("to", 0) - bucket.get("from", 0) == 1:
            ids.append(int(bucket["from"]))
    entries = dated(load(list(dict.fromkeys(ids)), base))
    entries.sort(key=lambda e: (e.published, e.item.doc.pk), reverse=True)
    return entries[: size()]


def _top(count: int) -> dict:
    return {"sort": [{s.DOC_ID: "desc"}], "size": count, "docvalue_fields": [s.DOC_ID]}


def set_public(revisions: QuerySet) -> QuerySet:
    """The revisions that set a document's status to a public one (published, or embargoed,
    public when the embargo ends): `changes["status"]` is [before, after]."""
    return revisions.filter(changes__status__1__in=[str(status) for status in PUBLIC_STATUSES])


def late_published() -> set[int]:
    """Documents that may have become public after their row was made: a status set public
    among the latest revisions, or an embargo ended lately (indexed reads, bounded)."""
    last = Revision.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    revised = (
        set_public(Revision.objects.filter(pk__gt=last - LATE_WINDOW))
        .order_by("-pk")
        .values_list("document_id", flat=True)
    )
    today = timezone.localdate()
    lapsed = (
        Document.objects.filter(status=Status.EMBARGOED, embargo_until__lte=today)
        .filter(embargo_until__gt=today - timedelta(days=LAPSE_DAYS))
        .order_by("-embargo_until")
        .values_list("pk", flat=True)
    )
    return set(revised[:LATE_MOST]) | set(lapsed[:LATE_MOST])


def dated(items: list[Item]) -> list[Entry]:
    """Each document with when it was published (see the module) and last changed."""
    when = {item.doc.pk: item.doc.created for item in items}
    rows = (
        set_public(Revision.objects.filter(document_id__in=list(when)))
        .order_by()
        .values_list("document_id", "created")
    )
    for doc_id, created in rows:
        when[doc_id] = max(when[doc_id], created)
    entries = []
    for item in items:
        doc, published = item.doc, when[item.doc.pk]
        if doc.status == Status.EMBARGOED and doc.embargo_until:
            ended = datetime.combine(
                doc.embargo_until, time(), tzinfo=timezone.get_current_timezone()
            )
            published = max(published, ended)
        entries.append(Entry(item, published, max(published, doc.modified)))
    return entries


# ---------------------------------------------------------------- Atom


@dataclass(frozen=True)
class FeedInfo:
    title: str
    self_url: str  # the feed's own absolute address: also its id
    page_url: str  # the list on the site
    subtitle: str = ""


def _clean(text: str) -> str:
    """Text XML 1.0 can hold: no control characters but tab and line breaks."""
    return "".join(ch for ch in str(text) if ch in "\t\n\r" or ord(ch) >= 0x20)


def _el(parent: etree._Element, tag: str, text: str = "", **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}")
    for key, value in attrs.items():
        element.set(key, _clean(value))
    if text:
        element.text = _clean(text)
    return element


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def atom(info: FeedInfo, entries: list[Entry]) -> bytes:
    """The feed as XML bytes: every value escaped by lxml, control characters dropped."""
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    _el(root, "id", info.self_url)
    _el(root, "title", info.title)
    if info.subtitle:
        _el(root, "subtitle", info.subtitle)
    _el(root, "updated", _stamp(max((e.updated for e in entries), default=last_change())))
    _el(root, "link", rel="self", type="application/atom+xml", href=info.self_url)
    _el(root, "link", rel="alternate", type="text/html", href=info.page_url)
    _el(_el(root, "author"), "name", "readingroom")
    _el(root, "generator", "readingroom")
    for entry in entries:
        _entry(root, entry)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _entry(root: etree._Element, entry: Entry) -> None:
    cited = entry.item.cited
    element = _el(root, "entry")
    _el(element, "id", cited.url)
    _el(element, "title", cited.title)
    _el(element, "link", rel="alternate", type="text/html", href=cited.url)
    _el(element, "published", _stamp(entry.published))
    _el(element, "updated", _stamp(entry.updated))
    for name in cited.credited("author"):
        _el(_el(element, "author"), "name", name)
    for kind in cited.types:
        _el(element, "category", term=kind)
    when = long_date(cited) or "Undated"
    where = "; ".join(cited.collections)
    _el(element, "summary", " — ".join(p for p in (when, where, cited.summary) if p))


def last_change() -> datetime:
    """When the archive last changed (the change log), for a feed with no entries yet."""
    found = IndexChange.objects.order_by("-pk").values_list("created", flat=True).first()
    return found or EPOCH
