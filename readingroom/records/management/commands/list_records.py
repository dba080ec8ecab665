import json

from django.core.management.base import BaseCommand

from readingroom.records.models import Document


class Command(BaseCommand):
    help = "List every record with its id (an operator's view: drafts included, with status)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, format: str, **options) -> None:
        rows = Document.objects.values_list("identifier", "date_text", "status", "title")
        if format == "json":
            keys = ("id", "date", "status", "title")
            self.stdout.write(json.dumps([dict(zip(keys, r, strict=True)) for r in rows], indent=2))
            return
        for identifier, date_text, status, title in rows:
            self.stdout.write(f"{identifier}\t{date_text or '—'}\t{status}\t{title}")
