from django.conf import settings
from django.core.management.base import BaseCommand
from waitress import serve

from readingroom.search.sync import sync_index
from readingroom.wsgi import application


class Command(BaseCommand):
    help = "Serve the reading room (waitress; the search index is brought up to date first)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host: str, port: int, threads: int, **options) -> None:
        sync_index()
        self.stdout.write(f"Serving {settings.HOME} at http://{host}:{port}/", ending="\n")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="readingroom")
