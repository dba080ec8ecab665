from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from readingroom.ingest.attaching import attach
from readingroom.ingest.ocring import queue_ocr
from readingroom.ingest.scanfiles import ScanError
from readingroom.records.models import Document


class Command(BaseCommand):
    help = "Attach scans (JPEG, PNG, TIFF) or PDFs of the original to a record, in order."

    def add_arguments(self, parser) -> None:
        parser.add_argument("record", help="the record's identifier")
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--actor", default="curator", help="who the revision names")
        parser.add_argument("--reason", default="", help="why, for the record's history")

    def handle(self, *args, record: str, files: list[Path], actor: str, reason: str, **options):
        doc = Document.objects.filter(identifier=record).first()
        if doc is None:
            raise CommandError(f"no record with the identifier {record!r}")
        try:
            scans = attach(doc, files, actor=actor, reason=reason)
        except ScanError as exc:
            raise CommandError(f"{exc}; nothing was attached") from None
        self.stdout.write(f"{len(scans)} page{'s' * (len(scans) != 1)} attached to {record}")
        if queue_ocr():  # read in the background when the record has no transcription yet
            self.stdout.write("its text is read from the scans by `readingroom worker`")
