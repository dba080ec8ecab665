"""Run a batch of files through their importers: progress, per-record safety, one report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from readingroom.authorities.linking import VolumeLinker
from readingroom.ingest.base import Importer, ParsedFile, ParseError
from readingroom.ingest.csvrows import CsvImporter
from readingroom.ingest.frus import FrusImporter
from readingroom.ingest.jsonl import JsonLinesImporter
from readingroom.ingest.seedpage import SeedPageImporter
from readingroom.ingest.store import Outcome, prepare_file, save_document
from readingroom.ingest.writer import VOCABULARIES, Vocabularies
from readingroom.records.contract import DocumentRecord
from readingroom.records.models import Document

IMPORTERS: tuple[type[Importer], ...] = (
    SeedPageImporter,
    FrusImporter,
    JsonLinesImporter,
    CsvImporter,
)
# Documents saved per commit: each one is still atomic (a savepoint), but a commit per document
# would cost an fsync each under synchronous=FULL.
COMMIT_EVERY = 50


@dataclass
class Rejection:
    path: str
    message: str  # names the file, the line or record, and what was expected


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)

    def reject(self, path: Path | str, message: str) -> None:
        self.counts[Outcome.REJECTED] += 1
        self.rejections.append(Rejection(str(path), message))

    def summary(self) -> str:
        parts = [f"{self.counts[o]} {o.value}" for o in Outcome]
        return ", ".join(parts)


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


def importer_for(path: Path) -> Importer:
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        raise ParseError(f"cannot read the file ({exc.strerror})", path=str(path)) from exc
    for cls in IMPORTERS:
        if cls.accepts(path, head):
            return cls()
    raise ParseError(
        "not a format readingroom imports: expected a saved document page (.txt beginning "
        "'Skip to content'), a FRUS TEI volume (.xml), or an export (.jsonl, .csv)",
        path=str(path),
        line=1,
    )


def import_paths(
    paths: list[Path], *, actor: str = "importer", console: Console | None = None
) -> Report:
    """Import every file; a bad file is reported and the batch goes on."""
    console = console or Console(stderr=True)
    report = Report()
    with Progress(*progress_columns(), console=console, transient=False) as progress:
        for path in paths:
            try:
                importer = importer_for(path)
                parsed = importer.parse(path)
                import_file(parsed, importer.format, actor, progress, report)
            except ParseError as exc:
                report.reject(path, str(exc))
            except (DatabaseError, ValueError) as exc:  # the file's lists could not be stored
                report.reject(path, f"{path}: could not be stored ({exc})")
    return report


def import_file(
    parsed: ParsedFile, fmt: str, actor: str, progress: Progress, report: Report
) -> None:
    name = Path(parsed.path).name
    task = progress.add_task(name, total=parsed.total)
    with transaction.atomic():
        collections, linker = prepare_file(parsed)
    run = FileRun(parsed, collections, linker, fmt, actor, report)
    while run.save_batch(lambda: progress.advance(task)):
        pass
    progress.update(task, total=progress.tasks[task].completed)


@dataclass
class FileRun:
    """Saving the documents of one parsed file, COMMIT_EVERY to a commit."""

    parsed: ParsedFile
    collections: list[str]
    linker: VolumeLinker
    fmt: str
    actor: str
    report: Report

    def __post_init__(self) -> None:
        self.documents = iter(self.parsed.documents)
        self.reason = f"import {self.fmt} {Path(self.parsed.path).name}"
        self.vocabularies = Vocabularies()

    def next_document(self) -> DocumentRecord | None:
        try:
            return next(self.documents, None)
        except ParseError as exc:  # the rest of the file cannot be read
            self.report.reject(self.parsed.path, str(exc))
            return None

    def save_batch(self, advance) -> bool:
        """Save up to COMMIT_EVERY documents in one commit; False once the file is done."""
        batch = []
        while len(batch) < COMMIT_EVERY and (doc := self.next_document()) is not None:
            batch.append(doc)
        with transaction.atomic():
            for field in VOCABULARIES:
                self.vocabularies.ensure(field, {v for d in batch for v in getattr(d, field)})
            stored = Document.objects.in_bulk([d.key for d in batch], field_name="identifier")
            for doc in batch:
                self.save(doc, stored.get(doc.key))
                advance()
        return len(batch) == COMMIT_EVERY

    def save(self, doc: DocumentRecord, existing: Document | None) -> None:
        try:
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
        except (DatabaseError, ValueError) as exc:
            where = f"{self.parsed.path}, record {doc.key}"
            self.report.reject(self.parsed.path, f"{where}: could not be saved ({exc})")
        else:
            self.report.counts[outcome] += 1
