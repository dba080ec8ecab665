"""`readingroom restore SRC [--replace]`: a checked backup in place of the archive, then reindex."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from readingroom.curation.backup import BackupError
from readingroom.curation.restoring import restore
from readingroom.search.sync import reindex


class Command(BaseCommand):
    help = (
        "Replace the database and the attached files with the backup in SRC, after checking "
        "all of it; a home that holds an archive is replaced only with --replace."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("src", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the archive already in READINGROOM_HOME (it is kept aside, not deleted)",
        )

    def handle(self, *args, src: Path, replace: bool, **options) -> None:
        try:
            done = restore(src, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for warning in done.manifest.warnings:
            self.stderr.write(f"warning: {warning}")
        count = len(done.manifest.files)
        self.stdout.write(f"restored the {done.manifest.engine} database and {count} files")
        if done.replaced:
            self.stdout.write(
                f"the replaced archive ({', '.join(done.held)}) is kept in {done.replaced}; "
                "delete it when you no longer need it"
            )
        self.stdout.write(f"{reindex()} documents indexed (other nodes: `readingroom reindex`)")
