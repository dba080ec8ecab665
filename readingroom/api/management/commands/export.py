"""`readingroom export --format jsonl|csv [--public] [--output FILE]`, or
`readingroom export --format events [--base-url URL] [--output FILE]` (the public events), or
`readingroom export --format parquet --output DIR` (CSV + Parquet + datapackage.json), or
`readingroom export --format tei --output DIR [--base-url URL]` (one TEI file a document)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from readingroom.api import csvexport, exporting


class Command(BaseCommand):
    help = (
        "Write every record with its status (or, with --public, only what readers see) as "
        "JSON Lines or CSV, to a file or stdout; or, as parquet, a data package in a directory; "
        "or, as tei, one TEI file per document in a directory; or, as events, the public "
        "events as JSON Lines."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format", choices=("jsonl", "csv", "parquet", "tei", "events"), default="jsonl"
        )
        parser.add_argument(
            "--public", action="store_true", help="published records only: a public download"
        )
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="file to write (default: stdout); a directory for parquet and tei",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="tei, events: scheme and host of the links (default: site-relative paths)",
        )

    def handle(self, *args, **options) -> None:
        if options["format"] == "parquet":
            self.package(options["output"], public=options["public"])
            return
        if options["format"] == "tei":
            self.tei(options["output"], public=options["public"], base_url=options["base_url"])
            return
        if options["format"] == "events":  # only ever the public ones: events.jsonl's lines
            lines = exporting.event_lines(options["base_url"])
        else:
            lines = self.lines(options["format"], public=options["public"])
        target: Path | None = options["output"]
        if target is None:
            try:
                for line in lines:
                    self.stdout.write(line, ending="")
            except BrokenPipeError:  # `readingroom export | head`: the reader has had enough
                sys.stderr.close()
            return
        with target.open("w", encoding="utf-8", newline="") as stream:
            count = exporting.write_lines(lines, stream)
        print(f"{count} lines written to {target}", file=sys.stderr)

    def package(self, directory: Path | None, *, public: bool) -> None:
        from readingroom.api import parquetexport  # pyarrow is only needed here

        if directory is None:
            raise CommandError("--format parquet writes a directory: give it with --output")
        count = parquetexport.write_package(directory, public=public)
        print(
            f"{count} documents written to {directory} (CSV, Parquet, datapackage.json)",
            file=sys.stderr,
        )

    def tei(self, directory: Path | None, *, public: bool, base_url: str) -> None:
        from readingroom.api import teiexport

        if directory is None:
            raise CommandError("--format tei writes a directory: give it with --output")
        count = teiexport.write_directory(directory, public=public, base_url=base_url)
        print(f"{count} TEI files written to {directory}", file=sys.stderr)

    def lines(self, fmt: str, *, public: bool) -> Iterator[str]:
        docs, collections = exporting.public_only() if public else (None, None)
        if fmt == "csv":
            return csvexport.csv_lines(docs)
        return exporting.jsonl_lines(docs, collections)
