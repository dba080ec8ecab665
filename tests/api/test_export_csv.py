"""CSV export with the documented columns, CSV import with row and column errors, and the
public bulk download (both formats) holding nothing of a draft."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from rich.console import Console

from readingroom.api.management.commands.export import Command as ExportCommand
from readingroom.ingest.base import ParseError
from readingroom.ingest.csvrows import COLUMNS, CsvImporter, read_rows
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Block, Document, Revision, Status
from tests.frus_data import volume_path

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

VOLUME = "frus1961-63v06"
PLANTED = "Zqxwvplantedword"


def export(*args: str) -> str:
    out = io.StringIO()
    call_command(ExportCommand(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def archive(seed_paths, index_dir) -> None:
    report = import_paths([*seed_paths, volume_path(VOLUME)], console=Console(file=io.StringIO()))
    assert not report.rejections


def with_jsonl_and_csv(paths: list[Path]):
    from readingroom.ingest import runner
    from readingroom.ingest.jsonl import JsonLinesImporter

    saved = runner.IMPORTERS
    runner.IMPORTERS = (*saved, JsonLinesImporter, CsvImporter)
    try:
        return import_paths(paths, console=Console(file=io.StringIO()))
    finally:
        runner.IMPORTERS = saved


@pytest.mark.frus
def test_csv_has_the_documented_columns_and_joined_values(archive):
    rows = list(csv.DictReader(io.StringIO(export("--format", "csv"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == Document.objects.count()
    seed = next(r for r in rows if r["identifier"].startswith("seed-000"))
    assert seed["types"] == "Minutes of Conversation|Report"
    assert seed["status"] == "published" and seed["date_start"] == "1964-05-07"
    assert "translated_by: " in seed["credits"]
    assert seed["text"].count("\n\n") >= 3


@pytest.mark.frus
def test_csv_round_trip_through_an_empty_database(archive, tmp_path: Path):
    Document.objects.filter(identifier__startswith="seed-001").update(status=Status.DRAFT)
    first = export("--format", "csv")
    path = tmp_path / "archive.csv"
    path.write_text(first, encoding="utf-8", newline="")
    Revision.objects.all().delete()
    Document.objects.all().delete()
    report = with_jsonl_and_csv([path])
    assert not report.rejections, report.rejections
    assert export("--format", "csv") == first


def write_csv(tmp_path: Path, header: str, *rows: str) -> Path:
    path = tmp_path / "rows.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        ("identifier,title,date_start", "a-1,A title,1959-02-30", "row 3, column 'date_start'"),
        ("identifier,title,colour", "a-1,A title,red", "row 1, column 'colour': unknown column"),
        ("identifier,title", "a-1,", "row 3, column 'title': is empty"),
        ("identifier,date", "a-1,1959", "row 1: the column 'title' is required"),
        ("identifier,title,status", "a-1,T,secret", "row 3, column 'status'"),
        ("identifier,title,credits", "a-1,T,Somebody", "row 3, column 'credits'"),
    ],
)
def test_csv_errors_name_row_and_column(tmp_path: Path, header, row, expected):
    path = write_csv(tmp_path, header, _good(header), row)
    with pytest.raises(ParseError) as caught:
        list(read_rows(path))
    assert expected in str(caught.value) and str(path) in str(caught.value)


def _good(header: str) -> str:
    values = {"identifier": "ok-1", "title": "Fine", "date": "1959", "status": "draft"}
    values |= {"credits": "translated_by: A. Person", "date_start": "1959-01-01"}
    return ",".join(values.get(name, "") for name in header.split(","))


def test_a_good_csv_row_reads_every_kind_of_column(tmp_path: Path):
    header = "identifier,title,date,types,credits,text,status,collections"
    row = 'x-1,A title,June 1959,Report|Memo,editor: A. B.,"One.\n\nTwo.",draft,vol-1|vol-2'
    (doc,) = list(read_rows(write_csv(tmp_path, header, row)))
    assert doc.date.precision == "month" and str(doc.date.start) == "1959-06-01"
    assert doc.types == ["Report", "Memo"] and doc.credits[0].role == "editor"
    assert [b.text for b in doc.blocks] == ["One.", "Two."]
    assert doc.status == "draft" and doc.collections == ["vol-1", "vol-2"]


@pytest.mark.frus
def test_public_download_holds_nothing_of_a_draft(archive):
    draft = Document.objects.order_by("identifier").first()
    block = draft.blocks.exclude(text="").first()
    Block.objects.filter(pk=block.pk).update(text=f"{block.text} {PLANTED}")
    draft.title = f"{draft.title} {PLANTED}"
    draft.status = Status.DRAFT
    draft.save()
    for fmt in ("jsonl", "csv"):
        public = export("--format", fmt, "--public")
        assert PLANTED not in public, fmt
        assert f'"{draft.identifier}"' not in public and f"\n{draft.identifier}," not in public
        assert PLANTED in export("--format", fmt)  # the full export keeps drafts, marked
