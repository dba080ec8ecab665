from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress, ProgressColumn, Task
from rich.text import Text

from readingroom.ingest.ocr import OcrError
from readingroom.ingest.ocring import page_count, pending_ocr, run_ocr
from readingroom.ingest.runner import RateColumn, progress_columns
from readingroom.records.models import Document
from readingroom.search.sync import sync_index


class PageRateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.2f} pages/s" if speed else "… pages/s", style="progress.data.speed")


def page_columns() -> tuple[ProgressColumn, ...]:
    """The import's columns, the rate counted in pages (a record may have hundreds)."""
    columns = progress_columns()
    return tuple(PageRateColumn() if isinstance(c, RateColumn) else c for c in columns)


class Command(BaseCommand):
    help = (
        "Read the scans of records with no transcription (Tesseract): the words' places on "
        "each page and a machine-read transcription, added as a revision."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("identifiers", nargs="*", metavar="IDENTIFIER")
        parser.add_argument(
            "--all", action="store_true", help="every record with scans and no transcription"
        )

    def handle(self, *args, identifiers: list[str], all: bool, **options) -> None:
        if bool(identifiers) == all:
            raise CommandError("name the records to read, or --all (not both)")
        if identifiers:
            found = Document.objects.filter(identifier__in=identifiers)
            known = set(found.values_list("identifier", flat=True))
            if missing := [i for i in identifiers if i not in known]:
                raise CommandError(f"no record {', '.join(missing)}")
        ids = pending_ocr(identifiers or None)
        with Progress(*page_columns(), console=Console(stderr=True)) as progress:
            bar = progress.add_task("reading scans", total=page_count(ids))
            try:
                report = run_ocr(ids, lambda n: progress.advance(bar, n))
            except OcrError as exc:
                raise CommandError(str(exc)) from None
        for line in report.failed:
            self.stderr.write(line)
        sync_index()
        if identifiers:  # those named with a transcription already, or no scans
            report.skipped += len(set(identifiers)) - len(ids)
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{len(report.failed)} failed", returncode=1)
