"""Source citation lines and credit sentences (plain Python, no database)."""

from __future__ import annotations

import pytest

from readingroom.ingest.citation import parse_credits, parse_source_line, split_source_line
from readingroom.records.contract import CreditRecord, SourceCitation

LINE_1959 = (
    "Albanian State Archives (AQPPSH), MPP Korese, D1, V. 1959. "
    "Obtained by Ana Lalaj and translated by Enkel Daljani."
)
LINE_1964 = "AQPPSH, MPP Korese, D 3, V. 1964. Translated for NKIDP by Enkel Daljani."


def test_full_reference_with_two_credits() -> None:
    source, credits = parse_source_line(LINE_1959)
    assert source == SourceCitation(
        text=LINE_1959,
        archive="Albanian State Archives",
        archive_abbr="AQPPSH",
        fonds="MPP Korese",
        file="D1",
        volume="1959",
    )
    assert credits == [
        CreditRecord("obtained_by", "Ana Lalaj"),
        CreditRecord("translated_by", "Enkel Daljani"),
    ]


def test_bare_abbreviation_and_translated_for() -> None:
    source, credits = parse_source_line(LINE_1964)
    assert source.text == LINE_1964
    assert (source.archive, source.archive_abbr) == ("Albanian State Archives", "AQPPSH")
    assert (source.fonds, source.file, source.volume) == ("MPP Korese", "D 3", "1964")
    assert credits == [
        CreditRecord("translated_for", "NKIDP"),
        CreditRecord("translated_by", "Enkel Daljani"),
    ]


def test_text_is_kept_exactly() -> None:
    line = "  AQPPSH,MPP Korese ,  D 3 , V.1964 .  "
    source, _ = parse_source_line(line)
    assert source.text == line.strip()
    assert (source.fonds, source.file, source.volume) == ("MPP Korese", "D 3", "1964")


def test_split_reference_from_credits() -> None:
    assert split_source_line(LINE_1964) == (
        "AQPPSH, MPP Korese, D 3, V. 1964.",
        "Translated for NKIDP by Enkel Daljani.",
    )
    assert split_source_line("AQPPSH, MPP Korese") == ("AQPPSH, MPP Korese", "")


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("AQPPSH", ("Albanian State Archives", "AQPPSH", "", "", "")),
        ("XYZA, Fond 12", ("", "XYZA", "Fond 12", "", "")),
        ("Some Archive, D 4", ("Some Archive", "", "", "D 4", "")),
        ("Some Archive, V. 1962", ("Some Archive", "", "", "", "1962")),
        (
            "Russian State Archive of Contemporary History (RGANI), fond 5, opis 58, delo 12.",
            ("Russian State Archive of Contemporary History", "RGANI", "fond 5", "delo 12", ""),
        ),
        ("", ("", "", "", "", "")),
        ("Obtained by Ana Lalaj.", ("", "", "", "", "")),
    ],
)
def test_references_missing_parts(line: str, parts: tuple[str, ...]) -> None:
    source, _ = parse_source_line(line)
    assert (source.archive, source.archive_abbr, source.fonds, source.file, source.volume) == parts


@pytest.mark.parametrize(
    ("text", "credits"),
    [
        (
            "Translated for NKIDP by Enkel Daljani.",
            [("translated_for", "NKIDP"), ("translated_by", "Enkel Daljani")],
        ),
        (
            "Obtained and translated by Sergey Radchenko.",
            [("obtained_by", "Sergey Radchenko"), ("translated_by", "Sergey Radchenko")],
        ),
        (
            "Obtained by Ana Lalaj and translated by Enkel Daljani.",
            [("obtained_by", "Ana Lalaj"), ("translated_by", "Enkel Daljani")],
        ),
        (
            "Translated by Gary Goldberg, Jane Doe, and John Roe.",
            [
                ("translated_by", "Gary Goldberg"),
                ("translated_by", "Jane Doe"),
                ("translated_by", "John Roe"),
            ],
        ),
        ("Obtained by A. Edited by B.", [("obtained_by", "A"), ("editor", "B")]),
        ("Donated by the family.", []),
        ("", []),
    ],
)
def test_credits(text: str, credits: list[tuple[str, str]]) -> None:
    assert parse_credits(text) == [CreditRecord(role, name) for role, name in credits]


def test_a_source_note_in_prose_is_kept_as_text() -> None:
    """FRUS 1958-60 v19 d307's source note read as a source line: its second part (349
    characters) is no fonds, and would not fit the column."""
    prose = (
        "Presidential Correspondence: Lot 66 D 204. Secret; Presidential Handling. The message "
        + "was transmitted to the Embassy in Taipei for delivery by the Ambassador in person "
        + "and a copy was sent to the President's staff secretary with a note that the reply "
        + "would follow when the Generalissimo had read it with his advisers in the capital."
    )
    note = f"Department of State, {prose}"
    citation, credits = parse_source_line(note)
    assert citation == SourceCitation(text=note) and credits == []
    assert parse_source_line("Department of State, Central Files, 611.95B/1-1559.")[0].fonds
