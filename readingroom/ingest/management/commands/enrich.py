from django.core.management.base import BaseCommand
from rich.progress import Progress

from readingroom.authorities.enrichment import pending
from readingroom.ingest.runner import progress_columns
from readingroom.ingest.tasks import enrich_ids
from readingroom.search.similar_lists import follow
from readingroom.search.sync import sync_index


class Command(BaseCommand):
    help = "Find speakers, participants, roles, name variants and names in the text."

    def handle(self, *args, **options) -> None:
        ids = pending()
        with Progress(*progress_columns()) as progress:
            task = progress.add_task("enriching", total=len(ids))
            enrich_ids(ids, lambda n: progress.advance(task, n))
        sync_index()
        follow()  # related documents (people, then content) and the network
        self.stdout.write(f"{len(ids)} documents enriched")
