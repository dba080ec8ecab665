import json

from django.core.management.base import BaseCommand

from readingroom.search.service import as_dict, search


class Command(BaseCommand):
    help = "Search the archive with the reading room's query language."

    def add_arguments(self, parser) -> None:
        parser.add_argument("query")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--sort", choices=["relevance", "date_asc", "date_desc"])
        parser.add_argument(
            "--exact",
            action="store_true",
            help="search the words as typed: no other spellings, no people's documents",
        )

    def handle(
        self, *args, query: str, format: str, page: int, sort: str | None, exact: bool, **opts
    ) -> None:
        result = search(query, page=page, sort=sort or "relevance", exact=exact)
        if format == "json":
            self.stdout.write(json.dumps(as_dict(result), indent=2, ensure_ascii=False))
            return
        for warning in result.warnings:
            self.stderr.write(f"note: {warning}")
        for reading in result.readings:
            who = " or ".join(reading.people)
            self.stderr.write(f"note: {reading.text} read as {who}; --exact searches the words")
        self.stdout.write(f"{result.total} document(s)")
        for hit in result.hits:
            when = hit.date.isoformat() if hit.date else "undated"
            self.stdout.write(f"{hit.identifier}\t{when}\t{hit.title}")
