from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from readingroom.authorities.enrichment import pending
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids, enrich_pending
from readingroom.search.sync import sync_index

# Small batches are enriched at once; a large one is queued for `readingroom worker`.
INLINE_ENRICHMENT = 100


class Command(BaseCommand):
    help = "Import files (saved document pages, FRUS TEI volumes); re-running changes nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--actor", default="importer", help="who the revisions name")

    def handle(self, *args, paths: list[Path], actor: str, **options) -> None:
        report = import_paths(paths, actor=actor)
        for rejection in report.rejections:
            self.stderr.write(f"rejected: {rejection.message}")
        stale = pending()
        if len(stale) <= INLINE_ENRICHMENT:
            enrich_ids(stale)
        else:
            enrich_pending.enqueue()
            self.stderr.write(
                f"{len(stale)} documents to enrich: queued for `readingroom worker` "
                "(or run `readingroom enrich` now)"
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics: the planner picks keys, not scans
        sync_index()
        self.stdout.write(report.summary())
        if report.rejections:
            raise CommandError(f"{len(report.rejections)} rejected", returncode=1)
