"""`readingroom createroles`: the contributor, editor and admin groups with their rights."""

from django.core.management.base import BaseCommand

from readingroom.curation.roles import create_roles


class Command(BaseCommand):
    help = "Create or update the curator role groups (contributor, editor, admin)."

    def handle(self, *args, **options) -> None:
        for name, count in create_roles().items():
            self.stdout.write(f"{name}: {count} permissions")
