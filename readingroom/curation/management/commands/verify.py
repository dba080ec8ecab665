"""`readingroom verify`: re-hash every stored file; non-zero exit when anything is wrong."""

from django.core.management.base import BaseCommand, CommandError

from readingroom.curation.verify import verify


class Command(BaseCommand):
    help = "Re-hash every attached file; report changed, missing and unexpected files."

    def handle(self, *args, **options) -> None:
        report = verify()
        for kind in ("changed", "missing", "unexpected"):
            for name in getattr(report, kind):
                self.stdout.write(f"{kind}: {name}")
        self.stdout.write(f"{report.checked} files intact")
        if not report.ok:
            problems = len(report.changed) + len(report.missing) + len(report.unexpected)
            raise CommandError(f"{problems} problems in the file store", returncode=1)
