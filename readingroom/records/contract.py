"""The archive's record contract: what a document is, as plain dataclasses (no Django).

Every importer produces these, enrichment reads them, and the one mapping to stored columns
is derived from the `stored(...)` each field declares. A new record field starts here
(docs/architecture.md, The record contract).
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field, fields
from datetime import date
from typing import Any

from readingroom.records.dates import DateValue

BLOCK_KINDS = (
    "preface",  # editorial preface: who received whom, who attended, who translated
    "turn",  # a speaker turn opening with its label; `speaker` holds the label as written
    "paragraph",
    "stage",  # a stage note such as "(Laughter)" standing alone
    "closer",  # signature / note-taker line(s)
    "heading",
    "list",  # FRUS subject and participants lists, kept as text too
    "footnote",  # `n` is the note number, `anchor` the index of the block it belongs to
    "pagebreak",  # `n` is the printed page number
)

ANNOTATION_KINDS = (
    "role",  # "[General Secretary of the KWP] Kim Il Sung": a role before a name
    "alternate",  # "Choe Yong-geon [Choe Yong Gon]": another spelling after a name
    "supplied",  # "Caribbean [Missile] Crisis": a word the editor supplied
    "sic",  # "[sic]"
    "other",  # leftovers such as "[email protected]"
    "noteref",  # zero-width marker where footnote `text` was anchored in the running text
    # "[2 lines of source text not declassified]": `text` the words inside the brackets,
    # `target` what was withheld (`enrich.withheld.WITHHELD_KINDS`: text, name, place…)
    "withheld",
    # A cross-reference ("See Document 83"): `text` the linked words, `target` the document
    # key ("frus1958-60v18-d83"), with "#fn2" for one of its footnotes, a collection key for
    # a whole volume, or an http(s) URL.
    "link",
)

MENTION_KINDS = ("person", "place", "organization", "term")

# What a record's further texts may be (its `blocks` are the main text, the one search ranks,
# citations quote and enrichment reads: a translation for the seed archive's records).
TEXT_KINDS = ("transcription", "translation", "summary")


@dataclass
class AnnotationRecord:
    """An editorial insertion (or a note marker) at [start, end) of its block's text."""

    kind: str
    start: int
    end: int
    text: str  # the words inside the brackets (linked, for "link"), or the note number
    target: str = ""  # the name a role or spelling belongs to; what is withheld or linked


@dataclass
class MentionRecord:
    """A name the publisher tagged in the text (FRUS persName/@corresp, gloss/@target)."""

    kind: str
    key: str  # the source's own id, e.g. "p_KN1" or "t_ALP1"
    start: int
    end: int
    text: str


@dataclass
class BlockRecord:
    kind: str
    text: str  # as published, insertions included: the text is reproducible from blocks
    # Who says the block: the label as written on the turn that opens the speech, carried by
    # the paragraphs that continue it (until the next label or a stage note).
    speaker: str = ""
    n: str = ""
    anchor: int | None = None
    annotations: list[AnnotationRecord] = field(default_factory=list)
    mentions: list[MentionRecord] = field(default_factory=list)


@dataclass
class CreditRecord:
    role: str  # obtained_by, translated_by, translated_for, note_taker, editor, author
    name: str


@dataclass
class TextRecord:
    """Another text of the record: the original's transcription, a further translation. Its
    blocks are shown, searched and found in, never pointed into by enrichment."""

    kind: str  # one of TEXT_KINDS
    language: str  # ISO 639 code: "sq", "ko", "en"
    credits: list[CreditRecord] = field(default_factory=list)
    blocks: list[BlockRecord] = field(default_factory=list)
    machine_read: bool = False  # read from the scans by OCR, not yet corrected by hand


@dataclass
class ScanRecord:
    """A page image of the original, stored by its SHA-256 (`records.files`); a PDF's pages
    are images cut from it, each naming the PDF and its page."""

    sha256: str = ""
    file: str = ""  # on import only: the image or PDF, relative to the imported file
    label: str = ""  # the page as numbered on it, or as the archive labels it
    media_type: str = ""
    width: int = 0
    height: int = 0
    pdf: str = ""  # the SHA-256 of the PDF the page was cut from
    pdf_page: int = 0  # its page there, from 1


@dataclass
class SourceCitation:
    """The source note as written, plus the parts an archive reference splits into."""

    text: str
    archive: str = ""
    archive_abbr: str = ""
    fonds: str = ""
    file: str = ""
    volume: str = ""


@dataclass
class ParticipantRecord:
    name: str
    role: str = ""
    key: str = ""  # the source's person id, when the markup links one
    # The delegation a list places them in ("USSR", "Japanese side"). Added later: a snapshot
    # or file without it reads as "", and "" is left out of snapshots (`later_fields`).
    side: str = field(default="", metadata={"later": True})


def later_fields(cls: type) -> frozenset[str]:
    """A child record's fields added later: left out of its dict while empty, so a record
    stored before them keeps its content hash."""
    return frozenset(f.name for f in fields(cls) if f.metadata.get("later"))


@dataclass
class PersonEntry:
    """A persons-list entry of a volume: the name as listed and the role description."""

    key: str
    name: str
    description: str


@dataclass
class TermEntry:
    key: str
    term: str
    expansion: str


def stored(how: str, default: Any = "", *, factory: Any = None, later: bool = False) -> Any:
    """A record field with how it is stored, which `records.snapshot` and `records.serialize`
    read: "column" (a Document column of the same name), "vocabulary" (terms by name),
    "children" (rows of their own), "composite" (a group of columns a model mixin maps:
    `Dated`, `SourceCited`), "collections" (by key), or "publication" (status and embargo:
    set on a new record, owned by curation afterwards). A list field added `later` may be
    missing from files and snapshots written before it: it is then empty."""
    metadata = {"stored": how, "later": later}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass
class DocumentRecord:
    """One document. Field order is the order of the CSV columns (`ingest.csvrows`)."""

    key: str  # stable, and a valid identifier (records/identifiers.py): "frus1958-60v10p2-d55"
    _: KW_ONLY
    record_id: str = stored("column")  # the publisher's record id; "" when the page has none
    title: str = stored("column")
    number: str = stored("column")  # document number within a volume
    date: DateValue = stored("composite", factory=lambda: DateValue(""))
    types: list[str] = stored("vocabulary", factory=list)
    languages: list[str] = stored("vocabulary", factory=list)
    subjects: list[str] = stored("vocabulary", factory=list)
    funders: list[str] = stored("vocabulary", factory=list)
    # Only an export carries these: None means "the file's collection" / "as the store decides".
    collections: list[str] | None = stored("collections", None)
    places: list[str] = stored("column", factory=list)
    # People and organizations the source labels the record with (an archive's export).
    associated_people: list[str] = stored("column", factory=list, later=True)
    associated_organizations: list[str] = stored("column", factory=list, later=True)
    participants: list[ParticipantRecord] = stored("children", factory=list)
    credits: list[CreditRecord] = stored("children", factory=list)
    summary: str = stored("column")
    source: SourceCitation | None = stored("composite", None)
    rights: str = stored("column")
    classification: str = stored("column")
    uploaded: date | None = stored("column", None)
    status: str | None = stored("publication", None)  # a new record's; curation's afterwards
    embargo_until: date | None = stored("publication", None)
    blocks: list[BlockRecord] = stored("children", factory=list)
    texts: list[TextRecord] = stored("children", factory=list, later=True)
    scans: list[ScanRecord] = stored("children", factory=list, later=True)
    line: int | None = None  # where the record starts in its file, for messages


def record_fields(*hows: str) -> tuple[str, ...]:
    """The names of DocumentRecord's fields stored in any of these ways, in contract order."""
    return tuple(f.name for f in fields(DocumentRecord) if f.metadata.get("stored") in hows)


COLUMNS = record_fields("column")
# List fields older files and snapshots may lack (`stored(later=True)`): missing is empty.
LATER = tuple(f.name for f in fields(DocumentRecord) if f.metadata.get("later"))
DATES = tuple(f.name for f in fields(DocumentRecord) if f.type == "date | None")  # ISO text
VOCABULARIES = record_fields("vocabulary")
CHILDREN = record_fields("children")
PUBLICATION = record_fields("publication")
# Fields an import may set; a curator's edit to any of them protects it from re-import.
IMPORTED_FIELDS = record_fields("column", "vocabulary", "children", "composite", "collections")


# What an entry of a volume's table of contents is: the editors' groupings, or a document.
CONTENTS_KINDS = ("compilation", "chapter", "document")
CONTENTS_DEPTH = 8  # groupings nested deeper than this are refused (FRUS nests two)


@dataclass
class ContentsEntry:
    """One entry of a volume's table of contents as its editors built it: a compilation or
    chapter (`key` its xml:id, `title` its heading) with its entries in order, or a document
    (`key` the document's identifier; no title or entries, the document has its own)."""

    kind: str  # one of CONTENTS_KINDS
    key: str
    title: str = ""
    entries: list[ContentsEntry] = field(default_factory=list)


@dataclass
class CollectionRecord:
    key: str  # a valid collection key (records/identifiers.py), e.g. "frus1958-60v10p2"
    title: str
    volume: str = ""
    editors: list[str] = field(default_factory=list)
    publisher: str = ""
    publication_place: str = ""
    publication_year: str = ""
    description: str = ""
    # The table of contents, in reading order; empty for a collection without one (a
    # series), and a file without it keeps the stored one (`ingest.store.save_collection`).
    contents: list[ContentsEntry] = field(default_factory=list)


# What every channel (import, export, API) reads and writes of a collection.
COLLECTION_FIELDS = tuple(f.name for f in fields(CollectionRecord))


def collection_fields(collection: object) -> dict[str, Any]:
    """The COLLECTION_FIELDS of a parsed or a stored collection, by name, as JSON values. A
    stored one read without its table of contents (as `Collection.objects` reads them: a
    citation needs the title, not the tree) gives the other fields alone."""
    deferred = getattr(collection, "get_deferred_fields", set)()
    out = {name: getattr(collection, name) for name in COLLECTION_FIELDS if name not in deferred}
    if "contents" in out:
        out["contents"] = contents_dicts(out["contents"] or [])
    return out


def contents_dicts(entries: list[ContentsEntry] | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A table of contents as JSON: a document entry is {"kind", "key"} alone, so a volume of
    600 documents is not 600 empty titles. Entries already dicts (as stored) are rewritten
    the same way, so a stored and a parsed collection give the same value."""
    out = []
    for entry in entries:
        data = entry if isinstance(entry, dict) else vars(entry)
        item = {"kind": data["kind"], "key": data["key"]}
        if data.get("title"):
            item["title"] = data["title"]
        if data.get("entries"):
            item["entries"] = contents_dicts(data["entries"])
        out.append(item)
    return out


def contents_entries(data: list[dict[str, Any]]) -> list[ContentsEntry]:
    """The inverse of `contents_dicts` (missing title and entries are empty)."""
    return [
        ContentsEntry(
            kind=item["kind"],
            key=item["key"],
            title=item.get("title", ""),
            entries=contents_entries(item.get("entries", [])),
        )
        for item in data
    ]
