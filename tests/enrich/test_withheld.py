"""Withheld-passage markers read as data (issue 18), plain Python; the last test reads the 12
FRUS volumes and checks every marker in them is found."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from lxml import etree

from readingroom.enrich.withheld import (
    LINES_PER_PAGE,
    LINES_PER_PARAGRAPH,
    WITHHELD_KINDS,
    WORD_LINES,
    Withheld,
    annotations,
    extent_words,
    find_withheld,
    lines,
)
from readingroom.records.contract import AnnotationRecord
from tests.frus_data import VOLUMES, volume_path

P, L = LINES_PER_PAGE, LINES_PER_PARAGRAPH

# Every distinct form in the 12 volumes (whitespace made single), with what it reads as. The
# 76 bracketed source notes of withheld documents differ only in their archive references, so
# one stands for each way of stating the extent.
FORMS = [
    ("[less than 1 line of source text not declassified]", "text", 0.5),
    ("[less then 1 line of source text not declassified]", "text", 0.5),
    ("[less than one line of source text not declassified]", "text", 0.5),
    ("[less than 1 line of text not declassified]", "text", 0.5),
    ("[less than 1 line of 2-column source text not declassified]", "text", 0.5),
    ("[text not declassified]", "text", 0.5),
    ("[1 line of source text not declassified]", "text", 1.0),
    ("[1 line of 2-column source text not declassified]", "text", 1.0),
    ("[2 line of source text not declassified]", "text", 2.0),
    ("[2 lines of source text not declassified]", "text", 2.0),
    ("[3 lines of 2-column source text not declassified]", "text", 3.0),
    ("[4 lines of source text not declassified]", "text", 4.0),
    ("[31 lines of source text not declassified]", "text", 31.0),
    ("[1-1/2 lines of source text not declassified]", "text", 1.5),
    ("[1–1/2 lines of source text not declassified]", "text", 1.5),
    ("[2-½ lines of source text not declassified]", "text", 2.5),
    ("[2–1/2 lines of source text not declassified]", "text", 2.5),
    ("[2-1/2 lines of 2-column source text not declassified]", "text", 2.5),
    ("[4-½ lines of source text not declassified]", "text", 4.5),
    ("[5– 1/2 lines of source text not declassified]", "text", 5.5),
    ("[8–1/2 lines of source text not declassified]", "text", 8.5),
    ("[10-½ lines of 2-column source text not declassified]", "text", 10.5),
    ("[19-1/2 lines of 2-column source text not declassified]", "text", 19.5),
    ("[2-2/2 lines of source text not declassified]", "text", 3.0),  # a typo, read literally
    ("[1 paragraph (1 line of source text) not declassified]", "text", 1.0),
    ("[1 paragraph (5 lines of source text) not declassified]", "text", 5.0),
    ("[1 paragraph (4-½ lines of source text) not declassified]", "text", 4.5),
    ("[1 paragraph (9–1/2 lines of source text) not declassified]", "text", 9.5),
    ("[1 paragraph (17-½ lines of source text) not declassified]", "text", 17.5),
    ("[1 paragraph (10 lines of 2-column source text) not declassified]", "text", 10.0),
    ("[2 paragraph (5-1/2 lines of source text) not declassified]", "text", 5.5),
    ("[2 paragraphs (29-1/2 lines of source text) not declassified]", "text", 29.5),
    ("[2 paragraphs (47 lines of 2-column source text) not declassified]", "text", 47.0),
    ("[7 paragraphs (41 lines of source text) not declassified]", "text", 41.0),
    ("[3 paragraphs (1 page of source text) not declassified]", "text", P),
    ("[4 paragraphs (2 pages of source text) not declassified]", "text", 2 * P),
    ("[10 paragraphs (5 pages of source text) not declassified]", "text", 5 * P),
    ("[3 paragraphs (1 column of 2-column source text) not declassified]", "text", P / 2),
    ("[heading and 2 paragraphs (5 lines of source text) not declassified]", "text", 5.0),
    ("[2 headings and 3 paragraphs (11 lines of source text) not declassified]", "text", 11.0),
    ("[3 paragraphs (15–1/2 lines of source text) and subject line not declassified]", "text",
     15.5),
    ("[1 paragraph (13 lines of source text) and footnote (4 lines of source text) not "
     "declassified]", "text", 17.0),
    ("[11 lines of source text and footnote (3 lines of source text) not declassified]", "text",
     14.0),
    ("[Footnote not declassified.]", "text", L),
    ("[Footnote in the source text (1 line) not declassified.]", "text", 1.0),
    ("[Footnote in the source text (6–1/2 lines of 2-column source text) not declassified.]",
     "text", 6.5),
    ("[2-1/2 pages of source text not declassified]", "text", 2.5 * P),
    ("[2-1/2 pages of 2-column source text not declassified]", "text", 2.5 * P),
    ("[Annex A (4 pages of source text) not declassified]", "text", 4 * P),
    ("[Appendix (½ page of source text) not declassified]", "text", P / 2),
    ("[Here follow 19 pages of source text scheduled for inclusion in the Supplement but not "
     "declassified.]", "text", 19 * P),
    ("[Here follow 47-½ pages of source text scheduled for inclusion in the Supplement but not "
     "declassified.]", "text", 47.5 * P),
    ("[Here follow 43-1/2 pages of 2-column source text scheduled for inclusion in the "
     "Supplement but not declassified.]", "text", 43.5 * P),
    ("[Here follow 11-1/2 pages of source text scheduled for inclusion in the Supplement, but "
     "not declassified, comprising the “Discussion” portion of the estimate, [text not "
     "declassified].]", "text", 11.5 * P),
    ("[document number and text not declassified]", "text", WORD_LINES + 0.5),
    ("[Source: Department of State, Central Files, 668.81/6–2559. Secret; Noforn; Limit "
     "Distribution. 2-1/2 pages of source text not declassified.]", "document", 2.5 * P),
    ("[Source: Department of State, Central Files, 711.5638/4–1158. Top Secret. 1 page of "
     "source text not declassified.]", "document", P),
    ("[Source: Department of State, INR–NIE Files. Secret. Extract–2 pages of source text not "
     "declassified.]", "document", 2 * P),
    ("[Source: Department of State, Files of the Office of the Legal Adviser. Confidential. 4 "
     "pages of source text including a 2-page attachment not declassified.]", "document", 4 * P),
    ("[Source: Central Intelligence Agency, History Staff Historical Files, Job 83 -0036R. "
     "Secret. 3 pages (including 2-page attachment) of source text not declassified.]",
     "document", 3 * P),
    ("[Source: Department of State, Greek Desk Files: Lot 61 D 456, Official–Informal "
     "Correspondence. Secret; Limit Distribution. 2 pages of source text not declassified. "
     "Transmitted to the Department of State as an enclosure to a letter from Briggs to G. "
     "Lewis Jones, December 15.]", "document", 2 * P),
    ("[Source: Department of State, INR–NIE Files. Top Secret. Not declassified in time for "
     "publication; the full text is in the Supplement.]", "document", P),
    ("[name not declassified]", "name", WORD_LINES),
    ("[names not declassified]", "name", 2 * WORD_LINES),
    ("[Name deleted]", "name", WORD_LINES),
    ("[location not declassified]", "place", WORD_LINES),
    ("[codeword not declassified]", "codeword", WORD_LINES),
    ("[document number not declassified]", "number", WORD_LINES),
    ("[2 document numbers not declassified]", "number", 2 * WORD_LINES),
    ("[report number and date not declassified]", "number", 2 * WORD_LINES),
    ("[classification indicator not declassified]", "other", WORD_LINES),
    # Forms later FRUS volumes use, not seen in these 12.
    ("[place not declassified]", "place", WORD_LINES),
    ("[1½ lines of source text not declassified]", "text", 1.5),
    ("[3 pages not declassified]", "text", 3 * P),
    ("[2 paragraphs not declassified]", "text", 2 * L),
    ("[title not declassified]", "title", WORD_LINES),
    ("[date not declassified]", "date", WORD_LINES),
]  # fmt: skip


@pytest.mark.parametrize(("marker", "kind", "extent"), FORMS)
def test_each_form_reads_as_its_kind_and_lines(marker: str, kind: str, extent: float) -> None:
    text = f"He said {marker} and left."
    (found,) = find_withheld(text)
    assert (found.start, found.end) == (8, 8 + len(marker))
    assert text[found.start : found.end] == marker
    assert found.text == marker[1:-1]
    assert (found.kind, found.lines) == (kind, pytest.approx(extent))
    assert found.kind in WITHHELD_KINDS
    assert lines(marker) == pytest.approx(extent)  # with or without the brackets
    assert lines(marker[1:-1]) == pytest.approx(extent)


def test_offsets_are_exact_with_several_markers_and_line_breaks() -> None:
    text = (
        "Program [less than 1 line of\n        source text not declassified] decided;"
        " [name not declassified] and [2 paragraphs (11 lines of source text)\n not "
        "declassified]"
    )
    found = find_withheld(text)
    assert [text[w.start : w.end][:9] for w in found] == ["[less tha", "[name not", "[2 paragr"]
    assert [(w.start, w.end) for w in found] == [(8, 66), (76, 99), (104, len(text))]
    assert [w.lines for w in found] == [0.5, WORD_LINES, 11.0]
    assert found[0].text == "less than 1 line of\n        source text not declassified"


@pytest.mark.parametrize(
    "text",
    [
        "(NSC 5705/1 was not declassified; NSC 5616/2 and NSC 5608/1 are printed as Documents)",
        "NSC 5705/1 was not declassified. For text of NIE 12–58, see Document 2.",
        "The amount of material not declassified has been noted by headings in the text.",
        "[The amount of material not declassified has been noted.]",
        "[NSC 5705/1 was not declassified.]",
        "Also printed in Declassified Documents, 1977, 73B.",
        "The Top Secret report was later declassified and published.",
        "Caribbean [Missile] Crisis [sic] [Choe Yong Gon]",
        "paragraph 4–c should not be deleted [in the draft]",
        "less than 1 line of source text not declassified",  # FRUS always brackets markers
        "[less than 1 line of source text not declassified",  # never closed
    ],
)
def test_what_is_not_a_marker_is_ignored(text: str) -> None:
    assert find_withheld(text) == []


def test_a_nested_marker_is_part_of_the_outer_one() -> None:
    text = (
        "[Here follow 36-1/2 pages of source text originally scheduled for inclusion in the "
        "Supplement but not declassified, comprising the “Discussion” portion, [text not "
        "declassified].]"
    )
    (found,) = find_withheld(text)
    assert (found.start, found.end, found.lines) == (0, len(text), 36.5 * P)


def test_a_marker_inside_another_bracket_is_found() -> None:
    text = "[Attachment: a report by [name not declassified] on [place not declassified].]"
    found = find_withheld(text)
    assert [(w.kind, text[w.start : w.end]) for w in found] == [
        ("name", "[name not declassified]"),
        ("place", "[place not declassified]"),
    ]


def test_a_stray_bracket_does_not_hide_a_marker() -> None:
    text = "see [note 3 and [name not declassified] here"
    (found,) = find_withheld(text)
    assert text[found.start : found.end] == "[name not declassified]"


def test_annotations_carry_the_inner_text_and_the_kind() -> None:
    text = "Met [name not declassified] at [1 line of source text not declassified]."
    assert annotations(text) == [
        AnnotationRecord("withheld", 4, 27, "name not declassified", "name"),
        AnnotationRecord("withheld", 31, 71, "1 line of source text not declassified", "text"),
    ]


@pytest.mark.parametrize(
    ("marker", "words"),
    [
        ("[2 paragraphs (11 lines of source text) not declassified]", "about 11 lines withheld"),
        ("[1 line of source text not declassified]", "about 1 line withheld"),
        ("[1-1/2 lines of source text not declassified]", "about 1½ lines withheld"),
        ("[less than 1 line of source text not declassified]", "less than a line withheld"),
        ("[2 paragraphs not declassified]", "about 14 lines withheld"),
        ("[1 page of source text not declassified]", "1 page withheld"),
        ("[Appendix (½ page of source text) not declassified]", "½ page withheld"),
        ("[2-1/2 pages of source text not declassified]", "2½ pages withheld"),
        ("[name not declassified]", "a name withheld"),
        ("[Name deleted]", "a name withheld"),
        ("[names not declassified]", "names withheld"),
        ("[location not declassified]", "a location withheld"),
        ("[2 document numbers not declassified]", "2 document numbers withheld"),
        ("[text not declassified]", "some text withheld"),
        ("[Footnote not declassified.]", "a footnote withheld"),
        ("[Source: Department of State, Central Files, 794.5/6–459. Top Secret; Priority. 2 "
         "pages of source text not declassified.]", "whole document withheld, 2 pages"),
        ("[Source: Department of State, INR–NIE Files. Top Secret. Not declassified in time "
         "for publication; the full text is in the Supplement.]", "whole document withheld"),
    ],
)  # fmt: skip
def test_extent_words(marker: str, words: str) -> None:
    (found,) = find_withheld(marker)
    assert extent_words(found) == words


def test_extent_words_of_a_bare_record() -> None:
    assert extent_words(Withheld(0, 0, "text", 3.0, "3 lines of source text")) == (
        "about 3 lines withheld"
    )


# An independent count: a bracket (holding at most one nested bracket) whose words say
# "not declassified", or the one older form "[Name deleted]".
_BRACKETED = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]")
_SAYS_WITHHELD = re.compile(r"not\s+declassified|\bdeleted\]$", re.IGNORECASE)
_TEI = "{http://www.tei-c.org/ns/1.0}"


def _independent_count(text: str) -> int:
    return sum(1 for m in _BRACKETED.finditer(text) if _SAYS_WITHHELD.search(m.group()))


@pytest.mark.frus
def test_every_marker_in_the_12_volumes_is_found() -> None:
    """Each document's full text (across <hi> and into its notes): our markers, one for one
    with the independent count. 848 in all; 1955–57 v25 and 1961–63 v06 have none."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    per_volume: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    differ = []
    for stem in VOLUMES:
        tree = etree.parse(str(volume_path(stem)), parser)
        for div in tree.iter(f"{_TEI}div"):
            if div.get("type") != "document":
                continue
            text = "".join(div.itertext())
            found = find_withheld(text)
            expected = _independent_count(text)
            if len(found) != expected:
                differ.append((stem, div.get("n"), expected, len(found)))
            per_volume[stem] += len(found)
            kinds.update(w.kind for w in found)
    print(f"\nwithheld markers: {sum(per_volume.values())}", dict(per_volume), dict(kinds))
    assert differ == []
    assert sum(per_volume.values()) >= 600
    assert set(kinds) <= set(WITHHELD_KINDS)
