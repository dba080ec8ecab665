"""`readingroom export --format parquet -o DIR`: a Frictionless data package (CSV + Parquet)
that `frictionless validate` accepts, with the same rows in both files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command
from frictionless import validate
from rich.console import Console

from readingroom.api.management.commands.export import Command as ExportCommand
from readingroom.ingest.csvrows import COLUMNS
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status
from tests.frus_data import volume_path

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

VOLUME = "frus1961-63v06"


@pytest.fixture
def archive(seed_paths, index_dir) -> None:
    report = import_paths([*seed_paths, volume_path(VOLUME)], console=Console(file=io.StringIO()))
    assert not report.rejections


def export_package(target: Path, *args: str) -> Path:
    call_command(ExportCommand(), "--format", "parquet", "-o", str(target), *args)
    return target


@pytest.mark.frus
def test_package_validates_and_both_files_hold_every_document(archive, tmp_path):
    out = export_package(tmp_path / "package")
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])
    assert {task.name for task in report.tasks} == {"documents-csv", "documents-parquet"}
    descriptor = json.loads((out / "datapackage.json").read_text())
    formats = {r["name"]: r["format"] for r in descriptor["resources"]}
    assert formats == {"documents-csv": "csv", "documents-parquet": "parquet"}

    table = pq.read_table(out / "documents.parquet")
    assert tuple(table.column_names) == COLUMNS
    assert table.num_rows == Document.objects.count() > 2
    with (out / "documents.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["identifier"] for r in rows] == table.column("identifier").to_pylist()
    assert [r["text"] for r in rows] == table.column("text").to_pylist()
    starts = table.column("date_start").to_pylist()
    assert [r["date_start"] for r in rows] == [d.isoformat() if d else "" for d in starts]


@pytest.mark.frus
def test_public_package_leaves_out_drafts(archive, tmp_path):
    draft = Document.objects.order_by("identifier").first()
    draft.status = Status.DRAFT
    draft.save()
    out = export_package(tmp_path / "public", "--public")
    assert validate(str(out / "datapackage.json")).valid
    ids = pq.read_table(out / "documents.parquet").column("identifier").to_pylist()
    assert draft.identifier not in ids and len(ids) == Document.objects.public().count()
    with (out / "documents.csv").open(encoding="utf-8", newline="") as stream:
        assert [r["identifier"] for r in csv.DictReader(stream)] == ids


def test_parquet_needs_an_output_directory():
    with pytest.raises(CommandError, match="--output"):
        call_command(ExportCommand(), "--format", "parquet")
