"""What an import tells the archivist: counts per outcome, each rejection and warning, named.

A rejection is something not stored; a warning is something stored as it could be (a repeated
`xml:id` in a publisher's file, say) that the archivist may want to fix at the source.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from readingroom.ingest.base import ParsedFile

# Rejected records named per file; beyond this, a file's rejections are counted. A file with a
# systematic mistake is fixed from the first few messages, not from thousands of them.
LISTED_PER_FILE = 20


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass
class Rejection:
    path: str
    message: str  # names the file, the line or record, and what was expected


@dataclass
class FileWarning:
    path: str
    message: str  # names the file, the line and what was done about it


@dataclass
class WarnedFile(ParsedFile):
    """A parsed file that was read whole, with what the archivist should know about it."""

    warnings: list[str] = field(default_factory=list)  # each names the file and the line


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[FileWarning] = field(default_factory=list)
    warned: int = 0  # warnings in all, listed or not

    def reject(self, path: Path | str, message: str) -> None:
        self.counts[Outcome.REJECTED] += 1
        self.rejections.append(Rejection(str(path), message))

    def add_file(self, result: FileResult) -> None:
        """A stored file's outcomes: its rejections named up to the cap, the rest counted."""
        self.counts.update(result.counts)
        self.rejections += [Rejection(result.path, m) for m in result.listed]
        if result.unlisted:
            more = f"{result.unlisted} more rejected records not listed"
            message = f"{result.path}: {more}; fix those above and import the file again"
            self.rejections.append(Rejection(result.path, message))

    def warn(self, path: Path | str, messages: list[str]) -> None:
        """A file's warnings, named up to the cap like its rejections; they reject nothing."""
        path = str(path)
        self.warned += len(messages)
        self.warnings += [FileWarning(path, m) for m in messages[:LISTED_PER_FILE]]
        if len(messages) > LISTED_PER_FILE:
            more = len(messages) - LISTED_PER_FILE
            self.warnings.append(FileWarning(path, f"{path}: {more} more warnings not listed"))

    def lines(self) -> list[str]:
        """What to print: each rejection, then each warning, as the command line shows them."""
        return [f"rejected: {r.message}" for r in self.rejections] + [
            f"warning: {w.message}" for w in self.warnings
        ]

    def summary(self) -> str:
        parts = [f"{self.counts[o]} {o.value}" for o in Outcome]
        if self.warned:
            parts.append(f"{self.warned} warnings")
        return ", ".join(parts)


@dataclass
class FileResult:
    """One file's outcomes, kept apart until the file is stored (a file rolled back counts
    as one rejection, not as the records it would have created)."""

    path: str
    counts: Counter = field(default_factory=Counter)
    listed: list[str] = field(default_factory=list)
    unlisted: int = 0

    def count(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1

    def reject(self, message: str) -> None:
        self.counts[Outcome.REJECTED] += 1
        if len(self.listed) < LISTED_PER_FILE:
            self.listed.append(message)
        else:
            self.unlisted += 1
