"""Declassification as data (issue 18): withheld passages shown and exported, searched by
kind and classification, counted on /declassification/ as search counts them, and the
passages a later release opened recorded and shown."""

from __future__ import annotations

import csv
import io
import re

import pytest
from lxml import etree

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document
from readingroom.search.service import declassification, search
from readingroom.search.sync import sync_index
from tests.builders import jsonl_record
from tests.frus_data import volume_path

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.frus]

WITHHELD = "The CIA reported [2 paragraphs (11 lines of source text) not declassified] today."
NAMED = "Also present was [name not declassified], who said nothing."
OPENED = "The CIA reported that the network in Tirana had been broken up today."


def paragraph(text: str) -> dict:
    block = {"kind": "paragraph", "text": text, "speaker": "", "n": "", "anchor": None}
    return block | {"annotations": [], "mentions": []}


def release(tmp_path, first: str, classification: str = "Secret; Eyes Only") -> None:
    """The record `cia-1` as a release prints it."""
    blocks = [paragraph(first), paragraph(NAMED)]
    date = {"text": "1961", "start": "1961-01-01", "end": "1961-12-31", "precision": "year"}
    line = jsonl_record("cia-1", blocks=blocks, classification=classification, date=date)
    path = tmp_path / "release.jsonl"
    path.write_text(line + "\n")
    assert import_paths([path]).rejections == []
    sync_index()


@pytest.fixture
def archive(tmp_path, seed_paths, index_dir) -> Document:
    import_paths([*seed_paths, volume_path("frus1958-60v19")])
    release(tmp_path, WITHHELD)
    return Document.objects.get(identifier="cia-1")


def test_markers_are_annotations_shown_as_withheld(archive, client) -> None:
    kinds = [(a.target, a.text) for b in archive.blocks.all() for a in b.annotations.all()]
    assert kinds == [
        ("text", "2 paragraphs (11 lines of source text) not declassified"),
        ("name", "name not declassified"),
    ]
    page = client.get(archive.get_absolute_url()).content.decode()
    assert '<span class="withheld" title="About 11 lines withheld">' in page
    assert '<span class="visually-hidden">Withheld: a name withheld. </span>' in page
    tei = client.get(f"/api/v1/documents/{archive.identifier}/tei").content
    gaps = etree.fromstring(tei).findall(".//{http://www.tei-c.org/ns/1.0}gap")
    assert [(g.get("reason"), g.get("unit"), g.get("quantity")) for g in gaps] == [
        ("not declassified", "lines", "11"),
        ("not declassified", "lines", "0.2"),
    ]
    assert gaps[0][0].text == "[2 paragraphs (11 lines of source text) not declassified]"
    detail = client.get(f"/api/v1/documents/{archive.identifier}").json()
    assert detail["blocks"][1]["annotations"][0]["kind"] == "withheld"


def test_search_fields_find_kinds_and_classifications(archive) -> None:
    assert "cia-1" in {h.identifier for h in search("withheld:name").hits}
    assert search("withheld:yes").total >= 2
    eyes_only = search('classification:"eyes only" reported', page_size=50).hits
    assert "cia-1" in {h.identifier for h in eyes_only}
    for hit in eyes_only:
        assert "Eyes Only" in Document.objects.get(identifier=hit.identifier).classification
    facets = dict(search("").facets["classification"])
    assert facets["Eyes Only"] == search('classification:"eyes only"').total >= 2


def test_the_page_counts_as_search_does(archive, client) -> None:
    for query in ("", "Quemoy", "date:1958"):
        found = declassification(query)
        assert found.total.documents == search(query).total
        assert found.total.withheld == search(f"{query} withheld:yes").total
        for row in found.groups["year"]:
            assert row.documents == search(f"{query} date:{row.key}").total, (query, row)
            assert row.withheld == search(f"{query} withheld:yes date:{row.key}").total
    page = client.get("/declassification/", {"q": "date:1961"}).content.decode()
    assert re.search(r"<strong>1</strong> document found; <strong>1</strong> \(100.0 %\)", page)
    assert page.count('<svg class="chart"') == 3  # no collection, no agency to group by
    assert page.count("None of these documents has one.") == 2
    assert client.get("/declassification/by-year.csv").status_code == 404
    table = client.get("/declassification/lines-by-year.csv", {"q": "date:1961"})
    rows = list(csv.reader(io.StringIO(table.content.decode())))
    assert rows[0][:2] == ["year", "documents"] and rows[1][:6] == [
        "1961",
        "1",
        "1",
        "100.0",
        "2",
        "11.2",
    ]


def test_a_later_release_opens_a_passage(archive, tmp_path, client) -> None:
    release(tmp_path, OPENED)
    (opened,) = archive.opened.all()
    assert opened.marker == "[2 paragraphs (11 lines of source text) not declassified]"
    assert opened.text == "that the network in Tirana had been broken up"
    assert (opened.kind, opened.lines, opened.revision.number) == ("text", 11.0, 2)
    page = client.get(archive.get_absolute_url()).content.decode()
    assert "Opened in a later release" in page and "now reads “that the network in Tirana" in page
    assert declassification("").total.opened == 1
    assert declassification("date:1961").groups["year"][0].opened == 1
    release(tmp_path, OPENED)  # the same release again opens nothing more
    assert archive.opened.count() == 1
