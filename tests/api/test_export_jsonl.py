"""JSON Lines export and import: a round trip through an empty database changes nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from rich.console import Console

from readingroom.api.exporting import jsonl_lines
from readingroom.api.management.commands.export import Command as ExportCommand
from readingroom.authorities.models import Person, Term
from readingroom.ingest.base import ParseError
from readingroom.ingest.jsonl import JsonLinesImporter, read_lines
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Collection, Document, Revision, Status
from tests.frus_data import volume_path

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

VOLUME = "frus1961-63v06"


def export_text() -> str:
    out = io.StringIO()
    call_command(ExportCommand(), "--format", "jsonl", stdout=out)
    return out.getvalue()


def empty_database() -> None:
    Revision.objects.all().delete()
    Document.objects.all().delete()
    for model in (Collection, Person, Term):
        model.objects.all().delete()


@pytest.fixture
def archive(seed_paths, index_dir) -> None:
    report = import_paths([*seed_paths, volume_path(VOLUME)], console=Console(file=io.StringIO()))
    assert not report.rejections


@pytest.mark.frus
def test_round_trip_through_an_empty_database_is_identical(archive, tmp_path: Path):
    draft = Document.objects.order_by("identifier").first()
    Document.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    first = export_text()
    lines = first.splitlines()
    assert len(lines) == Collection.objects.count() + Document.objects.count()
    collection = json.loads(lines[0])["collection"]
    assert collection["key"] and collection["publication_year"] == "1996"
    assert {json.loads(x).get("status") for x in lines[1:]} == {"draft", "published"}
    path = tmp_path / "archive.jsonl"
    path.write_text(first, encoding="utf-8")
    empty_database()
    report = import_paths_jsonl(path)
    assert not report.rejections, report.rejections
    assert export_text() == first


def import_paths_jsonl(path: Path):
    """Through the batch runner, as `readingroom import` will once JSONL is registered."""
    from readingroom.ingest import runner

    registered = runner.IMPORTERS
    if JsonLinesImporter not in registered:
        runner.IMPORTERS = (*registered, JsonLinesImporter)
    try:
        return import_paths([path], console=Console(file=io.StringIO()))
    finally:
        runner.IMPORTERS = registered


@pytest.mark.frus
def test_export_is_ordered_and_stable(archive):
    assert export_text() == export_text() == "".join(jsonl_lines())


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_line() -> dict:
    return json.loads(EXAMPLE)


EXAMPLE = json.dumps(
    {
        "identifier": "x-1",
        "record_id": "",
        "title": "A title",
        "number": "",
        "date": {"text": "1959", "start": "1959-01-01", "end": "1959-12-31", "precision": "year"},
        "types": [],
        "languages": [],
        "subjects": [],
        "funders": [],
        "collections": [],
        "summary": "",
        "source": {
            "text": "",
            "archive": "",
            "archive_abbr": "",
            "fonds": "",
            "file": "",
            "volume": "",
        },
        "credits": [],
        "rights": "",
        "classification": "",
        "uploaded": None,
        "places": [],
        "participants": [],
        "blocks": [],
        "status": "draft",
        "embargo_until": None,
    }
)


def test_a_good_line_parses_with_its_status(tmp_path: Path):
    (doc,) = list(read_lines(write(tmp_path, EXAMPLE)))
    assert doc.status == "draft" and doc.line == 1
    assert "associated_people" not in EXAMPLE  # an export written before the field
    assert doc.associated_people == doc.associated_organizations == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("title"), "field 'title' is missing"),
        (lambda d: d.update(title="  "), "field 'title' is empty"),
        (lambda d: d["date"].update(start="1959-13-01"), "field 'date.start': expected a date"),
        (lambda d: d.update(types="Report"), "field 'types': expected list"),
        (lambda d: d.update(status="secret"), "field 'status': expected one of"),
        (lambda d: d.update(blocks=[{"kind": "paragraph"}]), "field 'blocks[0].text' is missing"),
    ],
)
def test_bad_lines_name_file_line_and_field(tmp_path: Path, change, message):
    data = good_line()
    change(data)
    path = write(tmp_path, EXAMPLE, json.dumps(data))
    with pytest.raises(ParseError) as caught:
        list(read_lines(path))
    assert caught.value.line == 2 and caught.value.path == str(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_not_json_is_a_parse_error(tmp_path: Path):
    with pytest.raises(ParseError, match="line 3: not valid JSON"):
        list(read_lines(write(tmp_path, EXAMPLE, "", "{oops")))
    assert JsonLinesImporter.accepts(Path("a.JSONL"), b"") and not JsonLinesImporter.accepts(
        Path("a.json"), b""
    )


BLOCK = {"n": "", "anchor": "", "annotations": [], "mentions": []}


def test_a_value_too_long_for_its_column_refuses_its_record_on_any_database(tmp_path: Path):
    """SQLite would store it, PostgreSQL would fail the batch: both refuse the one record."""
    long_id, long_subject, long_speaker = good_line(), good_line(), good_line()
    long_id.update(identifier="x-2", record_id="r" * 101)
    long_subject.update(identifier="x-3", subjects=["s" * 1001])
    long_speaker.update(
        identifier="x-4", blocks=[{**BLOCK, "kind": "turn", "text": "Yes.", "speaker": "S" * 301}]
    )
    path = write(tmp_path, EXAMPLE, *(json.dumps(d) for d in (long_id, long_subject, long_speaker)))
    report = import_paths_jsonl(path)
    assert [d.identifier for d in Document.objects.all()] == ["x-1"]
    messages = "\n".join(rejection.message for rejection in report.rejections)
    assert (
        "record x-2: could not be saved (document record_id: 101 characters where at most 100"
        in messages
    )
    assert "record x-3: could not be saved (subjects name: 1,001 characters" in messages
    assert "record x-4: could not be saved (block speaker: 301 characters" in messages
