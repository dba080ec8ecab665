from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the data directory and the database tables (safe to run again)."

    def handle(self, *args, **options) -> None:
        settings.HOME.mkdir(parents=True, exist_ok=True)
        call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write(f"readingroom ready in {settings.HOME}")
