from django.core.management.base import BaseCommand
from rich.progress import Progress

from readingroom.authorities.enrichment import KnownPeople, Resolver, enrich_documents, pending
from readingroom.ingest.runner import progress_columns
from readingroom.search.sync import sync_index


class Command(BaseCommand):
    help = "Find speakers, participants, roles, name variants and names in the text."

    def handle(self, *args, **options) -> None:
        ids = pending()
        known, resolve = KnownPeople(), Resolver()
        with Progress(*progress_columns()) as progress:
            task = progress.add_task("enriching", total=len(ids))
            for start in range(0, len(ids), 50):
                chunk = ids[start : start + 50]
                enrich_documents(chunk, known, resolve)
                progress.advance(task, len(chunk))
        sync_index()
        self.stdout.write(f"{len(ids)} documents enriched")
