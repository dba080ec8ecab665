"""Run a batch of files through their importers: progress, per-record safety, one report.

A file is stored in one transaction, each record in a savepoint of its own: a record that is
wrong (unreadable, a duplicate, a value its column refuses) is rejected alone and the file goes
on; a failure of the storage itself (a full disk, a lost connection) takes back the whole file,
so no file is ever left half stored, and the next file is tried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, DataError, IntegrityError, transaction
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from readingroom.authorities.linking import VolumeLinker
from readingroom.ingest.base import Importer, ParsedFile, ParseError
from readingroom.ingest.csvrows import CsvImporter
from readingroom.ingest.frus import FrusImporter
from readingroom.ingest.jsonl import JsonLinesImporter
from readingroom.ingest.mapping import MappedCsvImporter, Mapping
from readingroom.ingest.report import FileResult, Report, WarnedFile
from readingroom.ingest.scanfiles import stored_scans
from readingroom.ingest.seedpage import SeedPageImporter
from readingroom.ingest.store import prepare_file, save_document
from readingroom.ingest.withholding import mark_withheld
from readingroom.ingest.writer import VOCABULARIES, Vocabularies
from readingroom.records.contract import DocumentRecord
from readingroom.records.models import Document

IMPORTERS: tuple[type[Importer], ...] = (
    SeedPageImporter,
    FrusImporter,
    JsonLinesImporter,
    CsvImporter,
)
# Documents looked up and their vocabulary terms created together, a few queries per batch.
BATCH = 50
# What one record can be at fault for; any other error is the storage's, and fails its file.
RECORD_ERRORS = (ValueError, ValidationError, IntegrityError, DataError)
# What fails a whole file (after its transaction was rolled back).
FILE_ERRORS = (DatabaseError, OSError, ValueError, ValidationError)


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} docs/s" if speed else "… docs/s", style="progress.data.speed")


def progress_columns() -> tuple[ProgressColumn, ...]:
    """A bar with the count done and the rate, for every command that works through documents."""
    return (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
    )


def importer_for(path: Path, mapping: Mapping | None = None) -> Importer:
    """The importer for a file; a CSV file read through `mapping` when one is given."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        raise ParseError(f"cannot read the file ({exc.strerror})", path=str(path)) from exc
    if mapping is not None and MappedCsvImporter.accepts(path, head):
        return MappedCsvImporter(mapping)
    for cls in IMPORTERS:
        if cls.accepts(path, head):
            return cls()
    raise ParseError(
        "not a format readingroom imports: expected a saved document page (.txt beginning "
        "'Skip to content'), a FRUS TEI volume (.xml), or an export (.jsonl, .csv)",
        path=str(path),
        line=1,
    )


Watch = Callable[[str, int, int | None], None]  # (file name, records done, records in it)


def import_paths(
    paths: list[Path],
    *,
    actor: str = "importer",
    console: Console | None = None,
    watch: Watch | None = None,
    mapping: Mapping | None = None,
) -> Report:
    """Import every file; a bad file is reported and the batch goes on.

    ``watch`` hears of every record stored (a background import reports its progress so);
    CSV files are read through ``mapping`` when one is given (another archive's export).
    """
    console = console or Console(stderr=True)
    report = Report()
    progress = WatchedProgress(*progress_columns(), console=console, transient=False)
    progress.watch = watch
    with progress:
        for path in paths:
            read = parse_file(path, report, mapping)
            if read is not None:
                importer, parsed = read
                import_file(parsed, importer.format, actor, progress, report)
    return report


def parse_file(
    path: Path, report: Report, mapping: Mapping | None = None
) -> tuple[Importer, ParsedFile] | None:
    """Read one file; None when it cannot be read (rejected in ``report``, with the reason).

    A file read whole but with warnings (a repeated ``xml:id``, say) has them added to
    ``report`` here, once, however many times its documents are then stored.
    """
    try:
        importer = importer_for(path, mapping)
        parsed = importer.parse(path)
    except ParseError as exc:
        report.reject(path, str(exc))
        return None
    except (OSError, ValueError) as exc:  # what a parser did not foresee
        report.reject(path, f"{path}: could not be read ({exc})")
        return None
    if isinstance(parsed, WarnedFile) and parsed.warnings:
        report.warn(parsed.path, parsed.warnings)
    return importer, parsed


class WatchedProgress(Progress):
    """Rich's progress bar, telling a watcher (if any) of each step as well."""

    watch: Watch | None = None

    def advance(self, task_id: TaskID, advance: float = 1) -> None:
        super().advance(task_id, advance)
        if self.watch is not None:
            task = self.tasks[task_id]
            self.watch(task.description, int(task.completed), task.total and int(task.total))


def import_file(
    parsed: ParsedFile, fmt: str, actor: str, progress: Progress, report: Report
) -> None:
    """Store one parsed file in one transaction; a storage failure rolls all of it back."""
    task = progress.add_task(Path(parsed.path).name, total=parsed.total)
    try:
        with transaction.atomic():
            collections, linker = prepare_file(parsed)
            run = FileRun(parsed, collections, linker, fmt, actor)
            while run.save_batch(lambda: progress.advance(task)):
                pass
    except ParseError as exc:  # the rest of the file could not be read
        report.reject(parsed.path, f"{exc}; nothing of this file was stored")
    except FILE_ERRORS as exc:
        problem = f"could not be stored ({exc})"
        report.reject(parsed.path, f"{parsed.path}: {problem}; nothing of this file was stored")
    else:
        report.add_file(run.result)
    progress.update(task, total=progress.tasks[task].completed)


@dataclass
class FileRun:
    """Saving the documents of one parsed file, BATCH at a time, each in its own savepoint."""

    parsed: ParsedFile
    collections: list[str]
    linker: VolumeLinker
    fmt: str
    actor: str
    result: FileResult = field(init=False)

    def __post_init__(self) -> None:
        self.documents = iter(self.parsed.documents)
        self.reason = f"import {self.fmt} {Path(self.parsed.path).name}"
        self.vocabularies = Vocabularies()
        self.result = FileResult(self.parsed.path)
        self.seen: dict[str, int | None] = {}  # identifier -> the line that first used it

    def next_batch(self, advance: Callable[[], None]) -> tuple[list[DocumentRecord], bool]:
        """Up to BATCH documents to save, the file's unreadable records and repeated
        identifiers rejected on the way; and whether the file has more."""
        batch: list[DocumentRecord] = []
        while len(batch) < BATCH:
            doc = next(self.documents, None)
            if doc is None:
                return batch, False
            if isinstance(doc, ParseError):  # this record alone cannot be read
                self.result.reject(str(doc))
                advance()
            elif doc.key in self.seen:
                self.result.reject(self._repeated(doc))
                advance()
            else:
                self.seen[doc.key] = doc.line
                batch.append(doc)
        return batch, True

    def _repeated(self, doc: DocumentRecord) -> str:
        first = self.seen[doc.key]
        earlier = f"on line {first}" if first is not None else "by an earlier record"
        return (
            f"{self.where(doc)}: identifier {doc.key!r} is already used {earlier} of this "
            "file; each record needs an identifier of its own"
        )

    def where(self, doc: DocumentRecord) -> str:
        line = f", line {doc.line}" if doc.line is not None else ""
        return f"{self.parsed.path}{line}"

    def save_batch(self, advance: Callable[[], None]) -> bool:
        """Save up to BATCH documents; False once the file is done."""
        batch, more = self.next_batch(advance)
        for field_name in VOCABULARIES:
            self.vocabularies.ensure(field_name, {v for d in batch for v in getattr(d, field_name)})
        stored = Document.objects.in_bulk([d.key for d in batch], field_name="identifier")
        for doc in batch:
            self.save(doc, stored.get(doc.key))
            advance()
        return more

    def save(self, doc: DocumentRecord, existing: Document | None) -> None:
        try:
            doc.scans = stored_scans(doc.scans, Path(self.parsed.path).parent)
            mark_withheld(doc)
            outcome = save_document(
                doc,
                self.collections,
                self.linker,
                existing=existing,
                vocabularies=self.vocabularies,
                import_format=self.fmt,
                actor=self.actor,
                reason=self.reason,
            )
        except RECORD_ERRORS as exc:
            self.result.reject(f"{self.where(doc)}, record {doc.key}: could not be saved ({exc})")
            # People the record's savepoint created are gone with it: drop the linker's
            # remembered ids, or the next record naming them would point at nothing.
            self.linker.by_name.clear()
        else:
            self.result.count(outcome)
