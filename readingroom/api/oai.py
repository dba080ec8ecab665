"""OAI-PMH 2.0 over the public records, on the oai-repo protocol layer.

oai-repo parses verbs and arguments, writes the envelope and every error code, and keeps
resumption tokens; this module answers its questions from the database. Public records are
harvested in full; a withdrawn record stays as a persistent tombstone (a header with
status="deleted" and no metadata), so harvesters learn to drop it. Drafts and embargoed
records do not exist here: their identifiers are as unknown as ones never issued. Sets are
collections. A record's Dublin Core relates it to the public events it is linked to (their
pages' addresses, one dc:relation each).
A record's datestamp is when it last changed, when its embargo lapsed, or when an event it
is linked to last changed, whichever is latest, so a harvester asking `from` a date also
receives records that became public or gained an event since.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Case, DateTimeField, F, Max, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Cast, Coalesce, Greatest
from django.http import HttpRequest
from lxml import etree
from oai_repo import DataInterface, Identify, MetadataFormat, RecordHeader, Set
from oai_repo.exceptions import OAIErrorBadResumptionToken

from readingroom.api import tei
from readingroom.authorities.appearances import public_view
from readingroom.citations import crosswalk
from readingroom.citations.citing import citable_document
from readingroom.events.models import EventDocument
from readingroom.events.public import LINKED, events_of_document
from readingroom.records.models import Collection, Document, Status

PREFIX = "oai:readingroom:"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = MetadataFormat("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS)
TEI = MetadataFormat(
    "tei", "http://www.tei-c.org/release/xml/tei/custom/schema/xsd/tei_all.xsd", tei.TEI_NS
)
FORMATS = {f.metadata_prefix: f for f in (OAI_DC, TEI)}
PREFETCH = ("types", "languages", "subjects", "collections", "credits")
NOT_TEXT = re.compile(r"[\x00-\x1f\x7f]")  # what no set key holds (nor PostgreSQL's text: NUL)


class DayOnly(datetime):
    """A `from`/`until` given as a bare day: `until` then means the end of that day."""


def datestamped(docs: QuerySet) -> QuerySet:
    lapsed = Cast("embargo_until", DateTimeField())
    stamp = Case(
        When(status=Status.EMBARGOED, then=Greatest(F("modified"), lapsed)),
        default=F("modified"),
        output_field=DateTimeField(),
    )
    # An event made or changed after the record (enrichment runs after the import) changes
    # the record's dc:relation, so its datestamp follows; Coalesce, as SQLite's MAX() of a
    # NULL is NULL.
    linked = EventDocument.objects.filter(document=OuterRef("pk"), status=LINKED)
    latest = Subquery(linked.order_by("-event__updated").values("event__updated")[:1])
    return docs.annotate(datestamp=Greatest(stamp, Coalesce(latest, stamp)))


def oai_identifier(identifier: str) -> str:
    return PREFIX + identifier


def local_identifier(oai_id: str) -> str | None:
    return oai_id.removeprefix(PREFIX) if oai_id.startswith(PREFIX) else None


class ReadingRoomData(DataInterface):
    """The archive as oai-repo sees it, for one request (it builds absolute record URLs)."""

    limit = 100

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.base_url = request.build_absolute_uri(request.path)
        self._docs: dict[str, Document] = {}

    def public(self) -> QuerySet:
        """What a harvester sees: public records and the tombstones of withdrawn ones."""
        public = Document.objects.public().values("pk")
        visible = Q(pk__in=public) | Q(status=Status.WITHDRAWN)
        return datestamped(Document.objects.filter(visible))

    @property
    def deleted(self) -> set[str]:
        """The OAI identifiers loaded so far that are tombstones."""
        return {i for i, doc in self._docs.items() if doc.status == Status.WITHDRAWN}

    def get_identify(self) -> Identify:
        first = self.public().order_by("datestamp").values_list("datestamp", flat=True)
        earliest = first.first() or datetime(2000, 1, 1, tzinfo=UTC)
        return Identify(
            repository_name="readingroom",
            base_url=self.base_url,
            admin_email=["archive@readingroom.invalid"],
            earliest_datestamp=stamp(earliest),
            deleted_record="persistent",
            granularity="YYYY-MM-DDThh:mm:ssZ",
        )

    def is_valid_identifier(self, identifier: str) -> bool:
        return self._document(identifier) is not None

    def get_metadata_formats(self, identifier: str | None = None) -> list[MetadataFormat]:
        return list(FORMATS.values())

    def get_records_header(self, identifiers: list[str]) -> list[RecordHeader]:
        self._load(identifiers)
        return [self._header(self._docs[i]) for i in identifiers]

    def get_records_metadata(self, identifiers: list[str], prefix: str) -> list:
        self._load(identifiers)
        return [self._metadata(self._docs[i], prefix) for i in identifiers]

    def get_records_abouts(self, identifiers: list[str]) -> list[list]:
        return [[] for _ in identifiers]

    def list_set_specs(self, identifier: str | None = None, cursor: int = 0) -> tuple:
        keys = list(Collection.objects.public().values_list("key", flat=True))
        return keys, len(keys), ",".join(keys)

    def get_set(self, setspec: str) -> Set | None:
        found = Collection.objects.public().filter(key=setspec).first()
        return Set(spec=found.key, name=found.title, description=[]) if found else None

    def list_identifiers(
        self, metadataprefix: str, filter_from=None, filter_until=None, filter_set=None, cursor=0
    ) -> tuple:
        if filter_set is not None and NOT_TEXT.search(filter_set):  # from a forged token
            raise OAIErrorBadResumptionToken("The resumption token names no set of ours.")
        docs = self.public()
        if filter_from is not None:
            docs = docs.filter(datestamp__gte=filter_from)
        if filter_until is not None:
            docs = docs.filter(datestamp__lt=_end_of(filter_until))
        if filter_set is not None:
            docs = docs.filter(collections__key=filter_set)
        docs = docs.order_by("pk")
        total = docs.count()
        if not 0 <= cursor <= total:  # a token we never issued
            raise OAIErrorBadResumptionToken("The resumption token points outside the list.")
        page = list(docs.values_list("identifier", flat=True)[cursor : cursor + self.limit])
        state = f"{total}:{docs.aggregate(last=Max('modified'))['last']}"
        return [oai_identifier(i) for i in page], total, state

    def _document(self, oai_id: str) -> Document | None:
        local = local_identifier(oai_id)
        if local is None:
            return None
        self._load([oai_id])
        return self._docs.get(oai_id)

    def _load(self, oai_ids: list[str]) -> None:
        wanted = {local_identifier(i) for i in oai_ids if i not in self._docs} - {None}
        if wanted:
            found = self.public().filter(identifier__in=wanted).prefetch_related(*PREFETCH)
            self._docs.update({oai_identifier(d.identifier): d for d in found})

    def _metadata(self, doc: Document, prefix: str = "oai_dc") -> etree._Element:
        """Dublin Core or the whole TEI file; a tombstone gets a placeholder that
        `mark_deleted` removes."""
        if doc.status == Status.WITHDRAWN:
            return etree.Element("withdrawn")
        if prefix == TEI.metadata_prefix:
            return tei_record(doc, self.request)
        return oai_dc(doc, self.request)

    def _header(self, doc: Document) -> RecordHeader:
        return RecordHeader(
            identifier=oai_identifier(doc.identifier),
            datestamp=stamp(doc.datestamp),
            setspecs=[c.key for c in doc.collections.all()],
            status="deleted" if doc.status == Status.WITHDRAWN else None,
        )


def mark_deleted(root: etree._Element, deleted: set[str]) -> None:
    """Give each tombstone's header status="deleted" and drop its metadata (oai-repo writes
    neither), in the GetRecord, ListRecords and ListIdentifiers answers alike."""
    for header in root.iter("header"):
        if header.findtext("identifier") not in deleted:
            continue
        header.set("status", "deleted")
        record = header.getparent()
        if record.tag == "record":
            for element in record.findall("metadata") + record.findall("about"):
                record.remove(element)


def stamp(moment: datetime) -> str:
    """A UTC datestamp at the repository's granularity, the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _end_of(until: datetime) -> datetime:
    """The exclusive upper bound: a whole day for a bare day, else the whole second."""
    if until.date() == date.max:  # nothing comes after the last day a date can name
        return datetime.max.replace(tzinfo=UTC)
    if isinstance(until, DayOnly):
        return datetime.combine(until.date(), time(), tzinfo=UTC) + timedelta(days=1)
    return until + timedelta(seconds=1)


def oai_dc(doc: Document, request: HttpRequest) -> etree._Element:
    """The record in simple Dublin Core, from the same crosswalk as the page's DC meta tags."""
    root = etree.Element(
        f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    )
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC.schema}")
    for tag, value in crosswalk.dublin_core(citable_document(doc, request)):
        element = tag.removeprefix("DC.").split(".")[0]
        etree.SubElement(root, f"{{{DC_NS}}}{element}").text = _xml_text(value)
    for event, _ in events_of_document(doc):  # related items: the public events' pages
        url = request.build_absolute_uri(event.get_absolute_url())
        etree.SubElement(root, f"{{{DC_NS}}}relation").text = _xml_text(url)
    return root


def tei_record(doc: Document, request: HttpRequest) -> etree._Element:
    """The record as the same TEI P5 file /api/v1/documents/<id>/tei serves."""
    url = request.build_absolute_uri(doc.get_absolute_url())
    root = etree.fromstring(tei.tei_document(public_view(doc), url))
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{TEI.metadata_namespace} {TEI.schema}")
    return root


def _xml_text(value: str) -> str:
    """Text XML 1.0 can carry: control characters (other than tab and newlines) dropped."""
    return "".join(ch for ch in str(value) if ch in "\t\n\r" or ord(ch) >= 0x20)
