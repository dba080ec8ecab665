"""OCR of a record's scans, end to end: pages drawn with known words in English and Albanian,
imported as scans, read by Tesseract, kept through re-import, corrected by hand, and found
by IIIF Content Search with boxes on the words drawn."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image, ImageDraw, ImageFont
from rich.console import Console

from readingroom.ingest.ocring import (
    correct_text,
    ocr_document,
    pending_ocr,
    queue_ocr,
    record_languages,
    run_ocr,
)
from readingroom.ingest.runner import import_paths
from readingroom.records.contract import BlockRecord, DocumentRecord, ScanRecord
from readingroom.records.models import Document
from readingroom.records.snapshot import snapshot_from_parsed

pytestmark = pytest.mark.django_db

# Typescript of a conversation: English on the first page, Albanian (ë, ç) on the second, both
# on the third. "situ-" / "ation" is broken across a line as a typist would.
PAGES = (
    (
        "The delegation discussed the agricultural situ-",
        "ation and the economic cooperation between both",
        "countries. Comrade Hoxha stated that the harvest",
        "had been good this year, although the weather",
        "in spring was difficult. The ambassador asked",
        "about deliveries of machinery, fertilizer and cotton.",
    ),
    (
        "Shokët e Komitetit Qendror të Partisë së Punës",
        "në Shqipëri përgëzojnë çdo përpjekje për zhvillimin",
        "e bujqësisë dhe të industrisë. Delegacioni vizitoi",
        "uzinat e Elbasanit dhe kooperativat bujqësore të",
        "Korçës. Marrëdhëniet ndërmjet dy vendeve janë",
        "shumë të forta dhe miqësore.",
    ),
    (
        "Translated by the Ministry of Foreign Affairs.",
        "Përktheu Ministria e Punëve të Jashtme, Tiranë.",
    ),
)
FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # fonts-dejavu-core
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
BOX = tuple[int, int, int, int]  # x0, y0, x1, y1


def page_font(size: int) -> ImageFont.FreeTypeFont:
    """A font with ë and ç (Pillow's own default has neither)."""
    for path in FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    pytest.fail("no font with Albanian letters: apt-get install fonts-dejavu-core")


@dataclass
class Drawn:
    files: list[Path]
    boxes: list[dict[str, BOX]]  # per page: each word (punctuation stripped) -> its box

    def words(self) -> set[str]:
        mended = " ".join(" ".join(lines) for lines in PAGES).replace("situ- ation", "situation")
        return set(re.findall(r"\w+", mended))


def draw_pages(folder: Path) -> Drawn:
    """The pages as PNG files, every word drawn on its own so its box is known."""
    font, files, boxes = page_font(34), [], []
    for number, lines in enumerate(PAGES, start=1):
        image = Image.new("L", (1400, 900), 255)
        draw, found = ImageDraw.Draw(image), {}
        for row, line in enumerate(lines):
            x, y = 90, 100 + row * 62
            for word in line.split():
                draw.text((x, y), word, font=font, fill=0)
                found[word.strip(".,")] = draw.textbbox((x, y), word.strip(".,"), font=font)
                x += draw.textlength(word + " ", font=font)
        files.append(folder / f"p{number}.png")
        image.save(files[-1])
        boxes.append(found)
    return Drawn(files, boxes)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> Drawn:
    return draw_pages(tmp_path_factory.mktemp("pages"))


def write_record(
    drawn: Drawn,
    title: str = "Conversation with the Chinese delegation",
    languages: tuple[str, ...] = ("Albanian",),
) -> Path:
    """A JSON Lines file of one record whose scans are the drawn pages."""
    record = DocumentRecord(
        "ocr-conversation",
        title=title,
        languages=list(languages),
        scans=[ScanRecord(file=path.name) for path in drawn.files],
    )
    line = snapshot_from_parsed(record, []) | {"status": "published"}
    path = drawn.files[0].parent / "record.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def imported(drawn: Drawn, **fields) -> Document:
    report = import_paths([write_record(drawn, **fields)], console=Console(file=io.StringIO()))
    assert not report.rejections, report.lines()
    return Document.objects.get(identifier="ocr-conversation")


def read_words(blocks: list[dict]) -> set[str]:
    return {w for b in blocks if b["kind"] == "paragraph" for w in re.findall(r"\w+", b["text"])}


def test_scans_are_read_into_a_machine_read_transcription(drawn: Drawn) -> None:
    doc = imported(drawn)
    assert pending_ocr() == [doc.pk]
    text = ocr_document(doc)

    assert (text.kind, text.language, text.machine_read) == ("transcription", "sq", True)
    breaks = [b["n"] for b in text.blocks if b["kind"] == "pagebreak"]
    assert breaks == ["1", "2", "3"]
    found, expected = read_words(text.blocks), drawn.words()
    assert len(expected) >= 60
    missed = expected - found
    assert len(missed) <= 0.05 * len(expected), sorted(missed)
    assert {"situation", "përgëzojnë", "çdo", "Korçës", "Marrëdhëniet"} <= found

    scans = list(doc.scans.all())
    assert all(scan.words for scan in scans)
    assert ["Shokët", *scans[1].words[0][1:]] == scans[1].words[0]  # [text, x, y, w, h]

    doc.refresh_from_db()
    revision = doc.revisions.order_by("-number").first()
    assert (doc.version, revision.number, revision.actor) == (2, 2, "ocr")
    assert "texts" in revision.changes and "texts" not in doc.edited_fields  # the archive's
    assert pending_ocr() == []
    assert ocr_document(doc) is None  # read once: a record with a transcription is skipped
    assert doc.revisions.count() == 2


def test_reimport_keeps_the_machine_read_text(drawn: Drawn) -> None:
    doc = imported(drawn)
    text = ocr_document(doc)
    counted = doc.revisions.count()

    unchanged = import_paths([write_record(drawn)], console=Console(file=io.StringIO()))
    assert unchanged.summary().startswith("0 created, 0 updated, 1 unchanged"), unchanged.summary()
    doc.refresh_from_db()
    assert doc.revisions.count() == counted
    assert doc.texts.get().blocks == text.blocks
    assert all(scan.words for scan in doc.scans.all())

    imported(drawn, title="Conversation with the delegation of China")  # a changed file
    doc.refresh_from_db()
    assert doc.title == "Conversation with the delegation of China"
    assert doc.texts.get().blocks == text.blocks and doc.texts.get().machine_read
    assert all(scan.words for scan in doc.scans.all())  # the boxes of the words stay too


def test_a_correction_by_hand_is_a_revision(drawn: Drawn) -> None:
    doc = imported(drawn)
    text = ocr_document(doc)
    blocks = [BlockRecord("pagebreak", "", n="1"), BlockRecord("paragraph", "Corrected.")]

    revision = correct_text(doc, text.order, blocks, "curator", "read against the original")
    text.refresh_from_db()
    doc.refresh_from_db()
    assert (revision.actor, revision.reason) == ("curator", "read against the original")
    assert revision.number == doc.version == 3
    assert not text.machine_read
    assert [b["text"] for b in text.blocks] == ["", "Corrected."]
    assert revision.snapshot["texts"][0]["machine_read"] is False
    assert correct_text(doc, text.order, blocks, "curator", "again") is None


def test_the_records_first_language_is_read_first(drawn: Drawn) -> None:
    doc = imported(drawn, languages=("Russian", "Albanian", "English"))
    assert record_languages(doc) == ["Russian", "Albanian", "English"]  # not by name
    assert ocr_document(doc).language == "ru"


def test_imports_queue_the_reading_once(drawn: Drawn) -> None:
    doc = imported(drawn)
    assert queue_ocr() == 1
    assert queue_ocr() == 0  # a waiting task holds the record already
    report = run_ocr([doc.pk])
    assert (report.read, report.skipped, report.failed) == (1, 0, [])
    assert run_ocr([doc.pk]).skipped == 1


def test_the_command_reads_named_records(drawn: Drawn, index_dir: Path) -> None:
    imported(drawn)
    out = io.StringIO()
    call_command("ocr", "ocr-conversation", stdout=out)
    assert out.getvalue().startswith("1 records read, 0 skipped")
    call_command("ocr", "--all", stdout=out)
    assert "0 records read, 0 skipped" in out.getvalue()


def boxes_for(client, identifier: str, query: str) -> list[tuple[int, BOX]]:
    """(page, box as x0, y0, x1, y1) of each annotation the Content Search answer holds."""
    answer = client.get(f"/iiif/{identifier}/search", {"q": query})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/ld+json")
    assert answer["Access-Control-Allow-Origin"] == "*"
    page = answer.json()
    assert page["@context"] == "http://iiif.io/api/search/2/context.json"
    assert page["type"] == "AnnotationPage"
    assert page["id"] == answer.wsgi_request.build_absolute_uri()
    found = []
    for item in page["items"]:
        assert (item["type"], item["motivation"]) == ("Annotation", "highlighting")
        assert item["body"]["type"] == "TextualBody"
        canvas, xywh = item["target"].split("#xywh=")
        assert canvas.startswith(f"http://testserver/iiif/{identifier}/canvas/")
        x, y, w, h = map(int, xywh.split(","))
        found.append((int(canvas.rsplit("/", 1)[1]), (x, y, x + w, y + h)))
    return found


def overlaps(a: BOX, b: BOX) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_content_search_highlights_the_words_drawn(drawn: Drawn, client) -> None:
    doc = imported(drawn)
    ocr_document(doc)
    for query, page, word in [
        ("përgëzojnë", 2, "përgëzojnë"),
        ("PERPJEKJE", 2, "përpjekje"),  # case and diacritics fold
        ("harvests", 1, "harvest"),  # English stems
        ("Korçës", 2, "Korçës"),
    ]:
        found = boxes_for(client, doc.identifier, query)
        assert any(p == page and overlaps(box, drawn.boxes[page - 1][word]) for p, box in found)
    # a word broken at a line's end is found whole, both its parts highlighted
    broken = boxes_for(client, doc.identifier, "situation")
    assert [p for p, _ in broken] == [1, 1]
    assert overlaps(broken[1][1], drawn.boxes[0]["ation"])
    assert boxes_for(client, doc.identifier, "") == []
    assert boxes_for(client, doc.identifier, "elephant") == []


def test_content_search_targets_the_manifests_canvases(drawn: Drawn, client) -> None:
    doc = imported(drawn)
    ocr_document(doc)
    manifest = client.get(f"/iiif/{doc.identifier}/manifest").json()
    canvases = [canvas["id"] for canvas in manifest["items"]]
    search = client.get(f"/iiif/{doc.identifier}/search", {"q": "the Shokët"}).json()
    targets = {item["target"].split("#")[0] for item in search["items"]}
    assert targets == set(canvases) and len(canvases) == 3  # "the" on 1 and 3, Shokët on 2
    services = [s["id"] for s in manifest.get("service", [])]
    assert f"http://testserver/iiif/{doc.identifier}/search" in services


def test_content_search_of_a_record_not_public_is_not_found(drawn: Drawn, client) -> None:
    doc = imported(drawn)
    ocr_document(doc)
    doc.status = "draft"
    doc.save()
    assert client.get(f"/iiif/{doc.identifier}/search", {"q": "harvest"}).status_code == 404
    assert client.get("/iiif/no-such-record/search", {"q": "harvest"}).status_code == 404
