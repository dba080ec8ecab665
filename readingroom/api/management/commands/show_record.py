import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from readingroom.authorities.appearances import public_view
from readingroom.records.models import Document


class Command(BaseCommand):
    help = "Show one record: its fields, blocks, annotations and people."

    def add_arguments(self, parser) -> None:
        parser.add_argument("record", help="the record's id (as `list` prints) or record ID")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, record: str, format: str, **options) -> None:
        doc = Document.objects.filter(Q(identifier=record) | Q(record_id=record)).first()
        if doc is None:
            raise CommandError(f"no record {record!r}; `readingroom list` shows the ids")
        data = public_view(doc)
        if format == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(render_text(data))


def render_text(data: dict) -> str:
    lines = [data["title"], data["date"]["text"], ""]
    for label, value in (
        ("Id", data["identifier"]),
        ("Record ID", data["record_id"] or "—"),
        ("Status", data["status"]),
        ("Types", ", ".join(data["types"])),
        ("Source", data["source"]["text"]),
        ("Credits", "; ".join(f"{c['role']}: {c['name']}" for c in data["credits"])),
        ("Funders", ", ".join(data["funders"])),
        ("People", ", ".join(p["name"] for p in data["people"])),
    ):
        lines.append(f"{label}: {value}")
    lines += ["", "Summary: " + data["summary"], ""]
    for block in data["blocks"]:
        lines.append(f"[{block['kind']}] {block['text']}")
    return "\n".join(lines)
