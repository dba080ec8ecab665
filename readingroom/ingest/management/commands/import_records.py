from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from readingroom.authorities.enrichment import pending
from readingroom.ingest.base import ParseError
from readingroom.ingest.mapping import load_mapping
from readingroom.ingest.ocring import queue_ocr
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids, enrich_pending
from readingroom.search.similar_lists import follow
from readingroom.search.sync import sync_index

# Small batches are enriched at once; a large one is queued for `readingroom worker`.
INLINE_ENRICHMENT = 100
# Rows SQLite's ANALYZE reads per index: a full one reads them all (2 s on the ten-fold set,
# for every small file imported into it); a sample is enough.
ANALYSIS_LIMIT = 1000


def analyze() -> None:
    """Fresh statistics for the planner. Plans do not depend on them (indexes and query
    shapes chosen so, tests/system/test_query_plans.py); they help it pick among good ones."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = "Import files (saved document pages, FRUS TEI volumes); re-running changes nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--actor", default="importer", help="who the revisions name")
        parser.add_argument(
            "--mapping",
            help="read CSV files as another archive's export: a mapping file, or the name of "
            "one shipped with readingroom (digital_archive); format in the README",
        )

    def handle(self, *args, paths: list[Path], actor: str, mapping: str | None, **options) -> None:
        try:
            read_as = load_mapping(mapping) if mapping else None
        except ParseError as exc:
            raise CommandError(str(exc)) from None
        report = import_paths(paths, actor=actor, mapping=read_as)
        for line in report.lines():  # rejections, then warnings (which reject nothing)
            self.stderr.write(line)
        stale = pending()
        if len(stale) <= INLINE_ENRICHMENT:
            enrich_ids(stale)
        else:
            enrich_pending.enqueue()
            self.stderr.write(
                f"{len(stale)} documents to enrich: queued for `readingroom worker` "
                "(or run `readingroom enrich` now)"
            )
        queue_ocr()  # scans with no transcription: read by `readingroom worker`
        analyze()
        sync_index()
        follow()  # related documents (people, then content) and the network
        self.stdout.write(report.summary())
        if report.rejections:
            raise CommandError(f"{len(report.rejections)} rejected", returncode=1)
