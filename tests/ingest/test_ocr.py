"""Reading Tesseract's TSV and building the machine-read text from it (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from readingroom.ingest import ocr
from readingroom.ingest.ocr import Page, Word
from readingroom.records.contract import BlockRecord

HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def tsv(*words: tuple[int, int, int, str, float]) -> str:
    """Tesseract's TSV with its page/block/paragraph/line rows and the words given as
    (block, paragraph, line, text, confidence)."""
    rows = [HEADER, "1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t"]
    for n, (block, par, line, text, conf) in enumerate(words, start=1):
        rows.append(f"4\t1\t{block}\t{par}\t{line}\t0\t10\t20\t900\t40\t-1\t")
        rows.append(
            f"5\t1\t{block}\t{par}\t{line}\t{n}\t{100 * n}\t{50 * line}\t80\t30\t{conf}\t{text}"
        )
    return "\n".join(rows) + "\n"


def test_words_with_boxes_and_layout() -> None:
    words = ocr.parse_tsv(tsv((1, 1, 1, "Shokët", 96.3), (1, 2, 1, "çdo", 91.0)))
    assert words == [
        Word("Shokët", 100, 50, 80, 30, 96.3, 1, 1, 1),
        Word("çdo", 200, 50, 80, 30, 91.0, 1, 2, 1),
    ]
    assert words[0].stored() == ["Shokët", 100, 50, 80, 30]


def test_noise_is_left_out() -> None:
    read = tsv(
        (1, 1, 1, "kept", 95.0),
        (1, 1, 1, " ", 95.0),  # empty
        (1, 1, 1, "ghost", 8.0),  # read with almost no confidence
        (1, 1, 1, "|", 45.0),  # a doubtful mark: a rule or a speck
        (1, 1, 1, "—", 90.0),  # a dash read surely stays
        (1, 1, 1, "dim", 35.0),  # a doubtful word stays: the reader may still find it
    )
    assert [w.text for w in ocr.parse_tsv(read)] == ["kept", "—", "dim"]


def test_rows_that_are_not_words_are_skipped() -> None:
    assert ocr.parse_tsv("") == []
    assert ocr.parse_tsv("not\ttesseract\n") == []
    broken = HEADER + "\n5\t1\t1\t1\t1\t1\tx\t0\t1\t1\t90\tword\n5\t1\t1\n"
    assert ocr.parse_tsv(broken) == []


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (
            [["the", "agricultural", "situ-"], ["ation", "improved"]],
            "the agricultural situation improved",
        ),
        ([["the", "Anglo-"], ["American", "talks"]], "the Anglo-American talks"),
        ([["in", "1960-"], ["61"]], "in 1960- 61"),  # a number range is no broken word
        ([["he", "said", "--"], ["and", "left"]], "he said -- and left"),
        ([["a", "-"], ["b"]], "a - b"),
        ([["x-"], ["ray"]], "x- ray"),  # one letter is too little to call it a word
        ([["përgë-"], ["zojnë", "çdo"]], "përgëzojnë çdo"),
        ([["first", "line"], ["second", "line"]], "first line second line"),
    ],
)
def test_lines_join_and_broken_words_mend(lines: list[list[str]], text: str) -> None:
    assert ocr.join_lines(lines) == text


def test_paragraphs_follow_tesseracts_blocks_and_paragraphs() -> None:
    words = ocr.parse_tsv(
        tsv(
            (1, 1, 1, "Top", 90),
            (1, 1, 2, "line.", 90),
            (1, 2, 1, "Second", 90),
            (2, 1, 1, "Next", 90),
            (2, 1, 1, "block.", 90),
        )
    )
    assert ocr.paragraphs(words) == ["Top line.", "Second", "Next block."]


def test_transcription_has_a_page_break_before_each_page() -> None:
    first = [Word("Hello", 0, 0, 1, 1, 90, 1, 1, 1), Word("world.", 0, 0, 1, 1, 90, 1, 1, 1)]
    second = [Word("Again.", 0, 0, 1, 1, 90, 1, 1, 1)]
    text = ocr.transcription([Page("12r", first), Page("", second), Page("", [])], "sq")
    assert (text.kind, text.language, text.machine_read) == ("transcription", "sq", True)
    assert text.blocks == [
        BlockRecord("pagebreak", "", n="12r"),
        BlockRecord("paragraph", "Hello world."),
        BlockRecord("pagebreak", "", n="2"),
        BlockRecord("paragraph", "Again."),
        BlockRecord("pagebreak", "", n="3"),
    ]


def test_languages_read_with() -> None:
    installed = {"eng", "sqi", "kor", "rus", "osd"}
    assert ocr.read_with(["Albanian"], installed) == ["sqi", "eng"]
    assert ocr.read_with(["Korean", "English", "Russian"], installed) == ["kor", "eng", "rus"]
    assert ocr.read_with(["German", "Klingon"], installed) == ["eng"]  # deu not installed
    assert ocr.read_with(["en"], installed) == ["eng"]  # FRUS names its language by code
    assert ocr.read_with([], installed) == ["eng"]


def test_the_texts_language_is_the_records_first_known_one() -> None:
    assert ocr.text_language(["Klingon", "Albanian", "English"]) == "sq"
    assert ocr.text_language(["korean"]) == "ko"
    assert ocr.text_language(["rus"]) == "ru"
    assert ocr.text_language([]) == "en"


def test_a_missing_tesseract_names_the_packages(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ocr.OcrError, match="apt-get install tesseract-ocr tesseract-ocr-eng"):
        ocr.read_page(tmp_path / "page.png", ["eng"])


def test_an_unreadable_image_is_an_ocr_error(tmp_path: Path) -> None:
    page = tmp_path / "page.png"
    page.write_bytes(b"not an image")
    with pytest.raises(ocr.OcrError, match=r"could not read page\.png"):
        ocr.read_page(page, ["eng"])


def test_a_drawn_page_is_read_with_its_boxes(tmp_path: Path) -> None:
    """Tesseract itself, on a line drawn with a known box."""
    image = Image.new("L", (1200, 300), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    draw.text((60, 100), "Reading room archive", font=font, fill=0)
    x0, y0, x1, y1 = draw.textbbox((60, 100), "Reading", font=font)
    image.save(tmp_path / "line.png")
    words = ocr.read_page(tmp_path / "line.png", ["eng"])
    assert [w.text for w in words] == ["Reading", "room", "archive"]
    first = words[0]
    assert abs(first.x - x0) < 8 and abs(first.y - y0) < 8
    assert abs(first.x + first.w - x1) < 8 and abs(first.y + first.h - y1) < 12
    assert "eng" in ocr.installed_languages()
