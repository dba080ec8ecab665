"""A volume's table of contents and its cross-references through JSON Lines: exported,
imported into an empty archive, exported again, unchanged; a public export lists no draft."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from readingroom.api import exporting
from readingroom.ingest.base import ParseError
from readingroom.ingest.jsonl import parse_line
from readingroom.ingest.runner import import_paths
from readingroom.records import contents
from readingroom.records.contract import CONTENTS_DEPTH
from readingroom.records.models import Annotation, Collection, Document, Status
from tests.api.test_export_jsonl import empty_database, export_text, import_paths_jsonl
from tests.web.test_volume_contents import VOLUME, key, small_volume

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def volume(tmp_path, index_dir) -> Collection:
    report = import_paths([small_volume(tmp_path)], console=Console(file=io.StringIO()))
    assert not report.rejections
    return Collection.objects.get(key=VOLUME)


def collection_line(text: str) -> dict:
    return json.loads(text.splitlines()[0])["collection"]


@pytest.mark.frus
def test_contents_and_links_round_trip_through_an_empty_archive(volume, tmp_path: Path):
    Document.objects.filter(identifier=key("d16")).update(status=Status.DRAFT)
    first = export_text()
    line = collection_line(first)
    assert line["contents"] == volume.contents
    assert key("d16") in contents.document_keys(line["contents"])  # the full export: all
    records = {r.get("identifier"): r for r in map(json.loads, first.splitlines())}
    d17 = records[key("d17")]
    links = [a for b in d17["blocks"] for a in b["annotations"] if a["kind"] == "link"]
    assert {"text": "Document 15", "target": key("d15")}.items() <= links[0].items()
    path = tmp_path / "archive.jsonl"
    path.write_text(first, encoding="utf-8")
    links_before = Annotation.objects.filter(kind="link").count()
    empty_database()
    assert not import_paths_jsonl(path).rejections
    assert Collection.objects.get(key=VOLUME).contents == volume.contents
    assert Annotation.objects.filter(kind="link").count() == links_before > 0
    assert export_text() == first


@pytest.mark.frus
def test_a_public_export_lists_no_draft_in_the_contents(volume):
    Document.objects.filter(identifier__in=[key("d1"), key("d16")]).update(status=Status.DRAFT)
    public = "".join(exporting.jsonl_lines(*exporting.public_only()))
    listed = list(contents.document_keys(collection_line(public)["contents"]))
    assert key("d17") in listed and key("d16") not in listed and key("d1") not in listed
    assert "Balkan Pact" not in public.splitlines()[0]  # d1's chapter, left empty, goes


@pytest.mark.frus
def test_a_collection_line_without_contents_keeps_the_stored_ones(volume, tmp_path: Path):
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps({"collection": {"key": VOLUME, "title": "Renamed"}}) + "\n")
    assert not import_paths_jsonl(path).rejections
    stored = Collection.objects.get(key=VOLUME)
    assert stored.title == "Renamed" and stored.contents == volume.contents


def nested(depth: int) -> list[dict]:
    entries: list[dict] = [{"kind": "document", "key": "x-1"}]
    for n in range(depth - 1):
        entries = [{"kind": "chapter", "key": f"ch{n}", "title": "", "entries": entries}]
    return entries


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([{"kind": "volume", "key": "v"}], "'collection.contents[0].kind': expected one of"),
        ([{"kind": "document", "key": "a b"}], "'collection.contents[0].key'"),
        (
            [{"kind": "document", "key": "x-1", "entries": nested(1)}],
            "'collection.contents[0].entries' is not empty",
        ),
        ([{"kind": "chapter", "key": "c", "entries": 3}], "contents[0].entries': expected list"),
        (nested(CONTENTS_DEPTH + 1), "nests deeper than"),
        (nested(400), "nests deeper than"),  # read before checking would recurse 1,200 deep
    ],
)
def test_a_wrong_table_of_contents_is_refused_with_its_field_named(entries, message):
    raw = json.dumps({"collection": {"key": "vol", "title": "T", "contents": entries}})
    with pytest.raises(ParseError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_line(raw.encode(), "c.jsonl", 1)


def test_a_good_table_of_contents_is_read_as_entries():
    entries = [{"kind": "compilation", "key": "comp1", "title": "Korea", "entries": nested(3)}]
    raw = json.dumps({"collection": {"key": "vol", "title": "T", "contents": entries}})
    parsed = parse_line(raw.encode(), "c.jsonl", 1)
    assert parsed.contents[0].title == "Korea"
    assert parsed.contents[0].entries[0].entries[0].entries[0].key == "x-1"
