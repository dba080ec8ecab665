"""The one small interface every importer implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from readingroom.ingest.parsed import ParsedFile


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
        rejected file writes nothing.
        """
