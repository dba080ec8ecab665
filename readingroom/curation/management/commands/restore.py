"""`readingroom restore SRC`: replace the database and files with a backup, then reindex."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from readingroom.curation.backup import BackupError, restore
from readingroom.search.sync import reindex


class Command(BaseCommand):
    help = "Replace the database and the attached files with the backup in SRC."

    def add_arguments(self, parser) -> None:
        parser.add_argument("src", type=Path)

    def handle(self, *args, src: Path, **options) -> None:
        try:
            manifest = restore(src)
        except BackupError as error:
            raise CommandError(str(error)) from error
        count = len(manifest["files"])
        self.stdout.write(f"restored the {manifest['engine']} database and {count} files")
        self.stdout.write(f"{reindex()} documents indexed (other nodes: `readingroom reindex`)")
