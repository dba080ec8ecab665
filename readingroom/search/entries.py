"""What the caller hands the index: one document and its passages, as plain values.

Pure Python and free of tantivy so the database side (:mod:`documents`) can build
these without knowing how the index stores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class IndexPassage:
    """One block of a document: a speaker turn or a paragraph."""

    block_id: int
    order: int
    kind: str
    speaker: str
    speaker_names: list[str]
    text: str
    # Which of the record's texts: 0 the main one, n its n-th further text (in `language`).
    text_order: int = 0
    language: str = ""
    page: int = 0  # the scan a machine-read passage was read from, from 1


@dataclass
class IndexDocument:
    """A document as the index sees it; passages become entries of their own for snippets."""

    doc_id: int
    identifier: str
    title: str
    summary: str
    date_start: date | None
    date_end: date | None
    types: list[str] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    passages: list[IndexPassage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # source line, credits: searchable words
    classification: list[str] = field(default_factory=list)  # level and handling caveats
    withheld: list[str] = field(default_factory=list)  # what is withheld: name, text…
    agency: str = ""
    withheld_lines: float = 0.0
    withheld_passages: int = 0
    opened: int = 0  # withheld passages a later release opened
    events: list[str] = field(default_factory=list)  # slugs of the events it is an account of
