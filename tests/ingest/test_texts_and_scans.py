"""A record holds several texts and the scans of its original (issue 17, point 1): imported
from JSON Lines and CSV, exported and read back, attached later, searched and shown."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image, ImageDraw

from readingroom.api.csvexport import csv_lines
from readingroom.api.exporting import export_record
from readingroom.ingest.report import Outcome
from readingroom.ingest.runner import import_paths
from readingroom.records import files
from readingroom.records.models import Document, Revision
from readingroom.search.service import find_in, search
from readingroom.search.sync import sync_index
from tests.builders import jsonl_record

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ORIGINAL = "Shoku Enver Hoxha tha se bujqësia shqiptare po përparon"
TRANSLATION = "Comrade Enver Hoxha said that Albanian agriculture is advancing"
RUSSIAN = "Переговоры в городах Москвы и Пекина"
GERMAN = "Die Verhandlungen der Delegationen in Moskau"


def page(path: Path, text: str, fmt: str | None = None, pages: int = 1) -> Path:
    """A page image (or a PDF of `pages` pages) with `text` drawn on it."""
    images = []
    for number in range(pages):
        image = Image.new("RGB", (600, 800), "white")
        ImageDraw.Draw(image).text((40, 40), f"{text} {number + 1}", fill="black")
        images.append(image)
    images[0].save(path, fmt, save_all=pages > 1, append_images=images[1:])
    return path


def texts(language: str = "sq") -> list[dict]:
    block = {"kind": "paragraph", "text": ORIGINAL, "speaker": "", "n": "1", "anchor": None}
    block |= {"annotations": [], "mentions": []}
    credits = [{"role": "transcriber", "name": "Ana Lalaj"}]
    return [{"kind": "transcription", "language": language, "credits": credits, "blocks": [block]}]


def record_file(folder: Path, *lines: str) -> Path:
    path = folder / "records.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def main_text(text: str = TRANSLATION) -> list[dict]:
    block = {"kind": "paragraph", "text": text, "speaker": "", "n": "1", "anchor": None}
    return [block | {"annotations": [], "mentions": []}]


@pytest.fixture
def scanned(tmp_path, index_dir) -> Document:
    """One record with a transcription, a JPEG, a PNG, a TIFF and a two-page PDF."""
    (tmp_path / "scans").mkdir()
    page(tmp_path / "scans" / "p1.jpg", "one", "JPEG")
    page(tmp_path / "scans" / "p2.png", "two", "PNG")
    page(tmp_path / "scans" / "p3.tif", "three", "TIFF")
    page(tmp_path / "scans" / "rest.pdf", "four", "PDF", pages=2)
    scans = [{"file": f"scans/{name}", "label": name[:2]} for name in ("p1.jpg", "p2.png")]
    scans += [{"file": "scans/p3.tif"}, {"file": "scans/rest.pdf", "label": "annex"}]
    line = jsonl_record(
        "scanned-1", blocks=main_text(), texts=texts(), scans=scans, languages=["Albanian"]
    )
    report = import_paths([record_file(tmp_path, line)])
    assert report.rejections == []
    sync_index()
    return Document.objects.get(identifier="scanned-1")


def test_texts_and_scans_are_stored_with_the_record(scanned) -> None:
    (text,) = scanned.texts.all()
    assert (text.kind, text.language, text.machine_read) == ("transcription", "sq", False)
    assert text.blocks[0]["text"] == ORIGINAL and text.credits[0]["name"] == "Ana Lalaj"
    scans = list(scanned.scans.all())
    assert [s.media_type for s in scans] == ["image/jpeg", "image/png", "image/tiff"] + [
        "image/jpeg"
    ] * 2
    assert [s.label for s in scans] == ["p1", "p2", "", "annex p. 1", "annex p. 2"]
    assert [s.pdf_page for s in scans] == [0, 0, 0, 1, 2] and scans[3].pdf == scans[4].pdf
    assert scans[3].pdf and files.path_for(scans[3].pdf).read_bytes().startswith(b"%PDF")
    for scan in scans:  # every page is an image of its stated size in the store
        with Image.open(files.path_for(scan.sha256)) as image:
            assert image.size == (scan.width, scan.height)
    assert (scans[0].width, scans[0].height) == (600, 800)


def test_importing_again_changes_nothing(scanned, tmp_path) -> None:
    report = import_paths([tmp_path / "records.jsonl"])
    assert report.counts[Outcome.UNCHANGED] == 1 and report.rejections == []
    assert scanned.scans.count() == 5 and scanned.revisions.count() == 1


def test_a_missing_or_wrong_scan_rejects_its_record_alone(tmp_path, index_dir) -> None:
    (tmp_path / "notes.txt").write_text("not an image")
    path = record_file(
        tmp_path,
        jsonl_record("ok-1"),
        jsonl_record("missing-1", scans=[{"file": "nowhere.jpg"}]),
        jsonl_record("wrong-1", scans=[{"file": "notes.txt"}]),
    )
    report = import_paths([path])
    messages = "\n".join(r.message for r in report.rejections)
    assert (
        f"{path}, line 2, record missing-1" in messages and "nowhere.jpg: no such file" in messages
    )
    assert (
        f"{path}, line 3, record wrong-1" in messages and "not a PDF, JPEG, PNG or TIFF" in messages
    )
    assert list(Document.objects.values_list("identifier", flat=True)) == ["ok-1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ({"blocks": [{"kind": "paragraph"}]}, "field 'texts[0].blocks[0].text' is missing"),
        ({"kind": "poem"}, "'texts[0].kind': expected one of transcription, translation"),
        ({"language": "Albanian"}, "'texts[0].language': expected an ISO 639 language code"),
    ],
)
def test_a_text_of_unknown_shape_rejects_its_line(tmp_path, index_dir, text, expected) -> None:
    bad = [{"kind": "transcription", "language": "sq", "blocks": []} | text]
    report = import_paths([record_file(tmp_path, jsonl_record("bad-1", texts=bad))])
    assert expected in report.rejections[0].message
    assert f"{tmp_path / 'records.jsonl'}, line 1" in report.rejections[0].message
    assert not Document.objects.exists()


def test_search_finds_the_original_words_and_lang_selects_them(scanned) -> None:
    assert [h.identifier for h in search("bujqësia").hits] == ["scanned-1"]
    assert [h.identifier for h in search("bujqesia lang:Albanian").hits] == ["scanned-1"]
    assert search("bujqesia lang:Korean").hits == []
    found, _ = find_in(scanned.pk, "përparon")
    assert [(f.anchor, f.language) for f in found] == [("t1-0", "Albanian")]
    assert "<mark>përparon</mark>" in found[0].html


def test_the_page_shows_the_texts_in_tabs_and_the_scans(client, scanned) -> None:
    response = client.get(scanned.get_absolute_url())
    page = response.content.decode()
    assert '<a href="#text-main" aria-current="true">English translation</a>' in page
    assert '<a href="#text-1">Albanian original</a>' in page and 'lang="sq"' in page
    assert ">Scans (5 pages)</a>" in page and "bujqësia shqiptare" in page
    assert page.count('<figure class="scan"') == 5 and 'data-align="page-p1"' in page
    assert 'data-align="p-1"' in page  # the two texts' first paragraphs meet
    assert "/iiif/scanned-1/1/full/600,/0/default.jpg" in page
    assert 'rel="alternate" type="application/ld+json;profile=' in page
    found = client.get(scanned.get_absolute_url(), {"find": "bujqësia"}).content.decode()
    assert 'href="#t1-0"><span class="lang">Albanian:</span>' in found and 'id="t1-0"' in found


def test_csv_carries_texts_by_column_and_scans_by_path(tmp_path, index_dir) -> None:
    page(tmp_path / "p1.png", "one", "PNG")
    rows = [["identifier", "title", "text", "text:transcription:sq", "scans"]]
    rows += [["csv-1", "A record", TRANSLATION, ORIGINAL + "\n\nTjetër paragraf", "p1.png"]]
    path = tmp_path / "records.csv"
    with path.open("w", newline="") as out:
        csv.writer(out).writerows(rows)
    assert import_paths([path]).rejections == []
    doc = Document.objects.get(identifier="csv-1")
    (text,) = doc.texts.all()
    assert [b["text"] for b in text.blocks] == [ORIGINAL, "Tjetër paragraf"]
    assert doc.scans.get().media_type == "image/png"


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("text:poem:sq", "one of transcription, translation, summary"),
        ("text:summary:xx", "ISO 639"),
    ],
)
def test_a_bad_text_column_rejects_the_file(tmp_path, index_dir, column, expected) -> None:
    path = tmp_path / "records.csv"
    path.write_text(f"identifier,title,{column}\nx-1,A record,words\n")
    (rejection,) = import_paths([path]).rejections
    message = rejection.message
    assert f"column '{column}'" in message and expected in message
    assert not Document.objects.exists()


def test_exports_read_back_unchanged(scanned, tmp_path) -> None:
    jsonl = tmp_path / "export.jsonl"
    jsonl.write_text(json.dumps(export_record(scanned), ensure_ascii=False) + "\n")
    assert import_paths([jsonl]).counts[Outcome.UNCHANGED] == 1
    exported = tmp_path / "export.csv"
    exported.write_text("".join(csv_lines(Document.objects.all())))
    row = next(csv.DictReader(io.StringIO(exported.read_text())))
    assert json.loads(row["texts"])[0]["blocks"][0]["text"] == ORIGINAL
    assert row["scans"].split("|") == list(scanned.scans.values_list("sha256", flat=True))
    exported.write_text(exported.read_text().replace("scanned-1", "scanned-2"))
    assert import_paths([exported]).rejections == []
    again = Document.objects.get(identifier="scanned-2")  # a CSV row keeps less than JSON
    assert again.texts.get().blocks[0]["text"] == ORIGINAL
    fields = ("sha256", "media_type", "width", "height")
    assert list(again.scans.values_list(*fields)) == list(scanned.scans.values_list(*fields))


def test_attach_adds_pages_as_a_revision_that_reimport_keeps(scanned, tmp_path) -> None:
    more = page(tmp_path / "more.pdf", "five", "PDF", pages=2)
    call_command("attach", "scanned-1", str(more), "--actor", "ana", stdout=io.StringIO())
    assert [s.page for s in scanned.scans.all()] == [1, 2, 3, 4, 5, 6, 7]
    revision = Revision.objects.filter(document=scanned).latest("number")
    assert revision.actor == "ana" and revision.reason == "attach more.pdf"
    assert len(revision.changes["scans"][1]) == 7
    assert import_paths([tmp_path / "records.jsonl"]).counts[Outcome.UNCHANGED] == 1
    assert scanned.scans.count() == 7


def test_attach_refuses_what_it_cannot_store_and_attaches_nothing(scanned, tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("text")
    good = page(tmp_path / "ok.png", "ok", "PNG")
    for args, expected in [
        (["nobody-1", str(good)], "no record with the identifier 'nobody-1'"),
        (["scanned-1", str(good), str(tmp_path / "notes.txt")], "not a PDF, JPEG, PNG or TIFF"),
        (["scanned-1", str(tmp_path / "gone.jpg")], "gone.jpg: no such file"),
    ]:
        with pytest.raises(CommandError, match=expected):
            call_command("attach", *args, stdout=io.StringIO())
    assert scanned.scans.count() == 5


def test_a_text_is_read_as_its_language(tmp_path, index_dir) -> None:
    """Russian and German through their own stemmers, Albanian folded (no stemmer)."""
    russian = [{"kind": "transcription", "language": "rus", "blocks": main_text(RUSSIAN)}]
    german = [{"kind": "translation", "language": "de", "blocks": main_text(GERMAN)}]
    lines = [jsonl_record("ru-1", texts=russian), jsonl_record("de-1", texts=german)]
    assert import_paths([record_file(tmp_path, *lines)]).rejections == []
    sync_index()
    assert [h.identifier for h in search("городами").hits] == ["ru-1"]  # город-ах / -ами
    assert [h.identifier for h in search("Verhandlung").hits] == ["de-1"]
    assert [h.identifier for h in search('"in Moskau"').hits] == ["de-1"]
    assert [h.identifier for h in search("Verhandl*").hits] == ["de-1"]
    assert [h.identifier for h in search("lang:Russian город").hits] == ["ru-1"]
    (hit,) = search("городами").hits
    assert "<mark>городах</mark>" in hit.snippets[0].html
    assert hit.snippets[0].language == "Russian" and hit.snippets[0].anchor == "t1-0"
    found, _ = find_in(Document.objects.get(identifier="de-1").pk, "Verhandlung")
    assert "<mark>Verhandlungen</mark>" in found[0].html
