"""What every importer produces: plain dataclasses, no Django.

Parsers turn a source file into these; `ingest.store` saves them. Keeping the two apart lets
parsing be tested without a database and lets every format share one saving path.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from readingroom.records.dates import DateValue

BLOCK_KINDS = (
    "preface",  # editorial preface: who received whom, who attended, who translated
    "turn",  # a speaker turn; `speaker` holds the label as written
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
)

MENTION_KINDS = ("person", "place", "organization", "term")


class ParseError(ValueError):
    """The one error a parser raises for input it cannot read.

    It names the file, the line (when known) and what was expected, so an archivist can fix
    the file without reading a traceback.
    """

    def __init__(self, message: str, *, path: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}, line {self.line}"
        return f"{where}: {self.message}"


@dataclass
class Annotation:
    """An editorial insertion (or a note marker) at [start, end) of its block's text."""

    kind: str
    start: int
    end: int
    text: str  # the words inside the brackets, or the note number for "noteref"
    target: str = ""  # the name a role or alternate spelling belongs to


@dataclass
class Mention:
    """A name the publisher tagged in the text (FRUS persName/@corresp, gloss/@target)."""

    kind: str
    key: str  # the source's own id, e.g. "p_KN1" or "t_ALP1"
    start: int
    end: int
    text: str


@dataclass
class Block:
    kind: str
    text: str  # as published, insertions included: the text is reproducible from blocks
    speaker: str = ""
    n: str = ""
    anchor: int | None = None
    annotations: list[Annotation] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Credit:
    role: str  # obtained_by, translated_by, translated_for, note_taker, editor, author
    name: str


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
class Participant:
    name: str
    role: str = ""
    key: str = ""  # the source's person id, when the markup links one


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


@dataclass
class ParsedDocument:
    key: str  # stable and URL-safe within the archive, e.g. "frus1958-60v10p2-d55"
    title: str
    date: DateValue
    types: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    summary: str = ""
    source: SourceCitation | None = None
    credits: list[Credit] = field(default_factory=list)
    rights: str = ""
    funders: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    classification: str = ""
    record_id: str = ""  # the publisher's record id; "" when the page does not give one
    uploaded: date | None = None
    number: str = ""  # document number within a volume
    places: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    line: int | None = None  # where the record starts in its file, for messages
    # Only an export carries these: None means "the file's collection" / "as the store decides".
    collections: list[str] | None = None
    status: str | None = None  # applied to a new record only; curation owns it afterwards
    embargo_until: date | None = None


@dataclass
class ParsedCollection:
    key: str
    title: str
    volume: str = ""
    editors: list[str] = field(default_factory=list)
    publisher: str = ""
    publication_place: str = ""
    publication_year: str = ""
    description: str = ""


# What every channel (import, export, API) reads and writes of a collection.
COLLECTION_FIELDS = tuple(f.name for f in fields(ParsedCollection))


def collection_fields(collection: object) -> dict[str, Any]:
    """The COLLECTION_FIELDS of a parsed or a stored collection, by name."""
    return {name: getattr(collection, name) for name in COLLECTION_FIELDS}


@dataclass
class ParsedFile:
    """One source file: its collection, authority lists and a stream of documents."""

    path: str
    documents: Iterator[ParsedDocument]
    collection: ParsedCollection | None = None
    persons: list[PersonEntry] = field(default_factory=list)
    terms: list[TermEntry] = field(default_factory=list)
    total: int | None = None  # how many documents `documents` will yield, when known
    collections: list[ParsedCollection] = field(default_factory=list)  # more, for exports
