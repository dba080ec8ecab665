from django.core.management.base import BaseCommand

from readingroom.search.sync import reindex


class Command(BaseCommand):
    help = "Rebuild this machine's search index from the database."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{reindex()} documents indexed")
