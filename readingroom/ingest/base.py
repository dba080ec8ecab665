"""The one small interface every importer implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from readingroom.records.contract import CollectionRecord, DocumentRecord, PersonEntry, TermEntry


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
class ParsedFile:
    """One source file: its collection, authority lists and a stream of documents.

    An item of `documents` that is a ParseError is a record that cannot be read: it is
    rejected alone and the rest of the file goes on. A ParseError *raised* by the stream
    means the rest of the file cannot be read, and nothing of the file is stored.
    """

    path: str
    documents: Iterator[DocumentRecord | ParseError]
    collection: CollectionRecord | None = None
    persons: list[PersonEntry] = field(default_factory=list)
    terms: list[TermEntry] = field(default_factory=list)
    total: int | None = None  # how many documents `documents` will yield, when known
    collections: list[CollectionRecord] = field(default_factory=list)  # more, for exports


class Importer(ABC):
    """Reads one source format into `ParsedFile`; knows nothing of the database."""

    format: ClassVar[str]  # short name shown in reports, e.g. "seed-page", "frus-tei"

    @classmethod
    @abstractmethod
    def accepts(cls, path: Path, head: bytes) -> bool:
        """Whether this importer is the one for `path`, judged from its name and first bytes."""

    @abstractmethod
    def parse(self, path: Path) -> ParsedFile:
        """Parse `path`; raise `ParseError` (file, line, what was expected) for bad input.

        Whole-file problems must be raised here, before any document is yielded, so that a
        rejected file writes nothing; a bad record is yielded as its ParseError instead.
        Identifiers the importer derives (from a file name, an `xml:id`) are made valid with
        `records.identifiers.normalized`; identifiers a person wrote are checked, not changed.
        """
