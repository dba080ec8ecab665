"""`readingroom backup DEST`: the database and the attached files, into a new directory."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from readingroom.curation.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the attached files into DEST (a new or empty directory)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("dest", type=Path)

    def handle(self, *args, dest: Path, **options) -> None:
        try:
            manifest = backup(dest)
        except BackupError as error:
            raise CommandError(str(error)) from error
        count = len(manifest["files"])
        self.stdout.write(
            f"backed up the {manifest['engine']} database and {count} files to {dest}"
        )
