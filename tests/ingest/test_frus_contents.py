"""FRUS volumes by chapter: the table of contents each volume's editors built, and the
cross-references in its notes kept as links."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree
from rich.console import Console

from readingroom.ingest.frus.text import link_target
from readingroom.ingest.frus.volume import FrusImporter
from readingroom.ingest.runner import import_paths
from readingroom.ingest.store import save_collection
from readingroom.records import contents
from readingroom.records.contract import contents_dicts
from readingroom.records.models import Annotation, Collection
from tests.fixtures.frus import excerpt
from tests.frus_data import VOLUMES, volume_path

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def tei_groupings(stem: str) -> dict[str, int]:
    """The body's compilation and chapter divs, counted straight from the TEI."""
    root = etree.parse(str(volume_path(stem))).getroot()
    body = root.find(f"{TEI}text/{TEI}body")
    kinds = [d.get("type") for d in body.iter(f"{TEI}div")]
    return {kind: kinds.count(kind) for kind in ("compilation", "chapter")}


def parsed(stem: str):
    return FrusImporter().parse(volume_path(stem))


def tree(stem: str) -> list[dict]:
    return contents_dicts(parsed(stem).collection.contents)


def counted(entries: list[dict], kind: str) -> int:
    return sum((e["kind"] == kind) + counted(e.get("entries", []), kind) for e in entries)


def chapter_of(entries: list[dict], key: str) -> list[str]:
    place = contents.place_of(entries, key)
    return [g["key"] for g in place.groupings]


@pytest.mark.frus
@pytest.mark.parametrize("stem", sorted(VOLUMES))
def test_every_volume_keeps_its_compilations_chapters_and_documents(stem):
    found = parsed(stem)
    entries = contents_dicts(found.collection.contents)
    assert {k: counted(entries, k) for k in ("compilation", "chapter")} == tei_groupings(stem)
    keys = list(contents.document_keys(entries))
    assert len(keys) == len(set(keys)) == found.total == VOLUMES[stem].documents
    assert keys == [d.key for d in found.documents]  # reading order is the volume's


@pytest.mark.frus
def test_volumes_without_chapters_hold_their_documents_in_compilations():
    v05 = tree("frus1961-63v05")
    assert [(e["kind"], e["key"], e["title"]) for e in v05] == [
        ("compilation", "comp1", "Soviet Union")
    ]
    assert {e["kind"] for e in v05[0]["entries"]} == {"document"}
    v30 = tree("frus1964-68v30")
    assert [e["title"] for e in v30] == ["China", "Questions Pertaining to Tibet", "Mongolia"]
    assert chapter_of(v30, "frus1964-68v30-d1") == ["comp1"]


@pytest.mark.frus
def test_a_document_stands_in_its_chapter():
    v25 = tree("frus1955-57v25")
    assert chapter_of(v25, "frus1955-57v25-d1") == ["comp1", "ch1"]
    assert chapter_of(v25, "frus1955-57v25-d15") == ["comp3", "ch3"]
    assert chapter_of(v25, "frus1955-57v25-d20") == ["comp3", "ch4"]
    v19 = tree("frus1958-60v19")
    assert chapter_of(v19, "frus1958-60v19-d41") == ["comp1", "ch2"]
    place = contents.place_of(v19, "frus1958-60v19-d41")
    assert place.siblings[0] == "frus1958-60v19-d41" and len(place.siblings) == 191
    v14 = tree("frus1964-68v14")
    assert chapter_of(v14, "frus1964-68v14-d235") == ["comp1", "ch6"]  # Glassboro, June 1967
    assert chapter_of(v14, "frus1964-68v14-d239") == ["comp1", "ch7"]


@pytest.mark.frus
def test_a_heading_keeps_its_words_and_not_its_note():
    v25 = tree("frus1955-57v25")
    first = v25[0]["entries"][0]  # its head ends in a note "For previous documentation, see …"
    assert first["title"] == (
        "United States Interest in the Alliance Among Greece, Turkey, and Yugoslavia"
    )
    un = next(g for g in contents.groupings(v25) if g["key"] == "ch11")
    assert un["title"].startswith("Report of the U.N. Special Committee")  # a gloss inside
    v06 = tree("frus1961-63v06")
    assert v06[0]["title"] == "Kennedy-Khrushchev Exchanges"  # two persNames


@pytest.mark.parametrize(
    "raw, target",
    [
        ("#d83", "frus1958-60v18-d83"),
        ("#d83fn2", "frus1958-60v18-d83#fn2"),
        ("frus1961-63v24#d34", "frus1961-63v24-d34"),
        ("frus1955-57v23p1#d1fn3", "frus1955-57v23p1-d1#fn3"),
        ("frus1952-54v08", "frus1952-54v08"),  # a whole volume
        ("frus1952-54v08fn9", "frus1952-54v08"),  # a note of its front matter
        ("frus1961-63v07#pg_494", "frus1961-63v07"),  # a page of it
        ("https://history.state.gov/x", "https://history.state.gov/x"),
        ("#pg_41", ""),  # a page of this volume: nothing the archive holds
        ("#ch1", ""),
        ("javascript:alert(1)", ""),
    ],
)
def test_a_cross_reference_names_what_it_points_to(raw, target):
    assert link_target(raw, "frus1958-60v18") == target


@pytest.mark.frus
def test_cross_references_are_link_annotations_over_their_words():
    found = {d.key: d for d in parsed("frus1955-57v25").documents}
    links = [
        (b.kind, a.text, a.target)
        for b in found["frus1955-57v25-d17"].blocks
        for a in b.annotations
        if a.kind == "link"
    ]
    assert ("footnote", "Document 15", "frus1955-57v25-d15") in links
    d4 = [a for b in found["frus1955-57v25-d4"].blocks for a in b.annotations]
    assert ("footnote 4, supra", "frus1955-57v25-d3#fn4") in [(a.text, a.target) for a in d4]
    for doc in found.values():
        for block in doc.blocks:
            for a in block.annotations:
                assert block.text[a.start : a.end] == a.text or a.kind == "noteref"


def small_volume(tmp_path: Path) -> Path:
    """frus1955-57v25 cut to a few documents of three chapters, named like the volume."""
    ids = ("d1", "d3", "d4", "d15", "d16", "d17", "d18", "d21", "d26")
    return excerpt.write(volume_path("frus1955-57v25"), ids, tmp_path)


@pytest.mark.frus
@pytest.mark.django_db
def test_the_import_stores_the_contents_and_a_reimport_keeps_them(tmp_path, index_dir):
    path = small_volume(tmp_path)
    quiet = Console(file=io.StringIO())
    assert not import_paths([path], console=quiet).rejections
    stored = Collection.objects.get(key="frus1955-57v25").contents
    assert stored == contents_dicts(FrusImporter().parse(path).collection.contents)
    assert [g["key"] for g in contents.groupings(stored)] == [
        "comp1", "ch1", "comp3", "ch3", "ch4"
    ]  # fmt: skip
    assert Annotation.objects.filter(kind="link", target="frus1955-57v25-d15").exists()
    import_paths([path], console=quiet)
    assert Collection.objects.get(key="frus1955-57v25").contents == stored


@pytest.mark.frus
@pytest.mark.django_db
def test_the_twelve_volumes_contents_are_stored_as_the_tei_has_them():
    for stem in sorted(VOLUMES):
        save_collection(parsed(stem).collection)
        stored = Collection.objects.defer(None).get(key=stem).contents
        assert {k: counted(stored, k) for k in ("compilation", "chapter")} == tei_groupings(stem)
        assert counted(stored, "document") == VOLUMES[stem].documents
    v22 = Collection.objects.defer(None).get(key="frus1961-63v22").contents
    assert chapter_of(v22, "frus1961-63v22-d200") == ["comp1", "ch2"]  # Mongolia
    assert [g["title"] for g in v22[0]["entries"]] == ["China", "Mongolia", "Korea", "Japan"]
