"""The saved-page importer: golden seeds, variants, bad input and a mutation property.

Plain-Python tests (no database): parsing must not need Django.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readingroom.enrich.speakers import match_speaker
from readingroom.ingest.base import ParseError
from readingroom.ingest.seedpage import (
    SeedPageImporter,
    decode_page,
    document_key,
    parse_seed_page,
)
from readingroom.records.contract import BLOCK_KINDS, CreditRecord, DocumentRecord
from readingroom.records.dates import DateValue
from readingroom.records.vocabularies import split_types

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "sample_data" / "seeds"
SEED_1964 = SEEDS / "000_1068440e2b6c39f3.txt"
SEED_1959 = SEEDS / "001_3f704298176807c3.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "seedpages"

RIGHTS = (
    "The History and Public Policy Program welcomes reuse of Digital Archive materials for "
    "research and educational purposes. Some documents may be subject to copyright, which is "
    "retained by the rights holders in accordance with US and international copyright laws. "
    "When possible, rights holders have been contacted for permission to reproduce their "
    "materials.\n\n"
    "To enquire about this document's rights status or request permission for commercial use, "
    "please contact the History and Public Policy Program at [email\xa0protected]."
)
HOXHA, LI, AN, CHOE = (
    "Comrade Enver Hoxha",
    "Comrade Li Byeongchan",
    "Ambassador An Yong",
    "Comrade Choe Yong-geon",
)


def parse_file(path: Path) -> DocumentRecord:
    parsed = SeedPageImporter().parse(path)
    assert parsed.collection is None
    documents = list(parsed.documents)
    assert len(documents) == 1
    return documents[0]


def kinds(doc: DocumentRecord) -> Counter[str]:
    return Counter(block.kind for block in doc.blocks)


def speakers(doc: DocumentRecord) -> list[str]:
    return [block.speaker for block in doc.blocks if block.kind == "turn"]


def annotations(doc: DocumentRecord) -> list[tuple[str, str, str]]:
    return [(a.kind, a.text, a.target) for b in doc.blocks for a in b.annotations]


def source_paragraphs(text: str) -> list[str]:
    """The page's paragraphs, computed independently of the parser: blank-line separated."""
    lines = "\n".join(line.rstrip() for line in text.split("\n"))
    return [p for p in re.split(r"\n(?:[ \t]*\n)+", lines.strip("\n")) if p.strip()]


def block_paragraphs(doc: DocumentRecord) -> list[str]:
    """Block texts as source paragraphs (a closer joins its paragraphs with one newline)."""
    out: list[str] = []
    for block in doc.blocks:
        out.extend(block.text.split("\n") if block.kind == "closer" else [block.text])
    return out


# -- golden: seed 000 (May 7, 1964) ------------------------------------------------------------


@pytest.fixture(scope="module")
def doc1964() -> DocumentRecord:
    return parse_file(SEED_1964)


@pytest.fixture(scope="module")
def doc1959() -> DocumentRecord:
    return parse_file(SEED_1959)


def test_1964_metadata(doc1964: DocumentRecord) -> None:
    doc = doc1964
    assert doc.key == "seed-000_1068440e2b6c39f3"
    assert doc.title == "Report on a Meeting between Enver Hoxha and Li Byeongchan"
    assert doc.date == DateValue(
        text="May 7, 1964", start=date(1964, 5, 7), end=date(1964, 5, 7), precision="day"
    )
    assert doc.types == ["Minutes of Conversation", "Report"]
    assert doc.record_id == ""
    assert doc.uploaded is None
    assert doc.funders == ["Leon Levy Foundation"]
    assert doc.rights == RIGHTS
    assert doc.languages == []
    assert doc.classification == ""
    assert doc.line == 1
    assert doc.summary == (
        "Enver Hoxha exchanges greetings with the delegation from the DPRK and discusses the "
        "strides that both countries have made in agriculture. They criticize the foreign and "
        "domestic policies of Khrushchev, which resulted in concessions to the West and decreased "
        "agricultural productivity. Both sides congratulate one another for standing up to Soviet "
        '"revisionism" and talk about the positive exchanges and cooperation with China.'
    )


def test_1964_source_and_credits(doc1964: DocumentRecord) -> None:
    source = doc1964.source
    assert source is not None
    assert source.text == (
        "AQPPSH, MPP Korese, D 3, V. 1964. Translated for NKIDP by Enkel Daljani."
    )
    assert (source.archive, source.archive_abbr) == ("Albanian State Archives", "AQPPSH")
    assert (source.fonds, source.file, source.volume) == ("MPP Korese", "D 3", "1964")
    assert doc1964.credits == [
        CreditRecord("translated_for", "NKIDP"),
        CreditRecord("translated_by", "Enkel Daljani"),
        CreditRecord("note_taker", "Sadik Myftiu"),
    ]


def test_1964_blocks(doc1964: DocumentRecord) -> None:
    assert kinds(doc1964) == {"preface": 4, "turn": 50, "paragraph": 23, "stage": 1, "closer": 1}
    assert [b.text[:40] for b in doc1964.blocks[:4]] == [
        "(On May 7, 1964, before noon, Comrade En",
        "The delegation was accompanied by the Am",
        "In the reception, the Member of the Poli",
        "The translation was conducted into Korea",
    ]
    assert all(b.kind == "preface" for b in doc1964.blocks[:4])
    assert doc1964.blocks[3].text.endswith("embassy of the DPR of Korea.)")
    stage, closer = doc1964.blocks[-2:]
    assert (stage.kind, stage.text) == (
        "stage",
        "(This was the end of the conversation. Then the guests took pictures together.)",
    )
    assert (closer.kind, closer.text) == ("closer", "Notes taken by stenograph.\nSadik Myftiu")


def test_1964_speaker_turns(doc1964: DocumentRecord) -> None:
    expected = [HOXHA, LI] + [HOXHA, AN] * 15 + [HOXHA, LI] + [HOXHA, AN] * 7 + [HOXHA, LI]
    assert speakers(doc1964) == expected
    assert len(speakers(doc1964)) == 50
    for block in doc1964.blocks:
        if block.kind == "turn":
            assert block.text.startswith(block.speaker + ": ")


def test_1964_annotations(doc1964: DocumentRecord) -> None:
    role = (
        "Member of the Political Bureau of the ALP CC and President of the Central Council of "
        "the Professional Unions of Albania"
    )
    assert annotations(doc1964) == [
        ("role", role, "Gogo Nushi"),
        ("role", "General Secretary of the Korean Worker’s Party (KWP)", "Kim Il Sung"),
        ("supplied", "Missile", ""),
    ]


# -- golden: seed 001 (June 6, 1959) -----------------------------------------------------------


def test_1959_metadata(doc1959: DocumentRecord) -> None:
    doc = doc1959
    assert doc.key == "seed-001_3f704298176807c3"
    assert doc.title == "Notes taken during a Meeting between Enver Hoxha and Choe Yong-geon"
    assert doc.date == DateValue(
        text="June 6, 1959", start=date(1959, 6, 6), end=date(1959, 6, 6), precision="day"
    )
    assert doc.types == ["Minutes of Conversation"]
    assert doc.record_id == ""
    assert doc.uploaded is None
    assert doc.funders == ["Leon Levy Foundation"]
    assert doc.rights == RIGHTS
    assert (doc.languages, doc.classification) == ([], "")
    assert doc.summary == (
        "Enver Hoxha and Choe Yeonggeon discuss industry and socialist development in North "
        "Korea and Albania while disproving of revisionism."
    )


def test_1959_source_and_credits(doc1959: DocumentRecord) -> None:
    source = doc1959.source
    assert source is not None
    assert source.text == (
        "Albanian State Archives (AQPPSH), MPP Korese, D1, V. 1959. Obtained by Ana Lalaj and "
        "translated by Enkel Daljani."
    )
    assert (source.archive, source.archive_abbr) == ("Albanian State Archives", "AQPPSH")
    assert (source.fonds, source.file, source.volume) == ("MPP Korese", "D1", "1959")
    assert doc1959.credits == [
        CreditRecord("obtained_by", "Ana Lalaj"),
        CreditRecord("translated_by", "Enkel Daljani"),
        CreditRecord("note_taker", "Haxhi Kroi"),
    ]


def test_1959_blocks(doc1959: DocumentRecord) -> None:
    assert kinds(doc1959) == {"preface": 1, "turn": 36, "paragraph": 42, "closer": 1}
    preface = doc1959.blocks[0]
    assert preface.kind == "preface"
    assert preface.text.startswith("From our side there were also these attendees at the meeting:")
    assert preface.text.endswith("[Member of the APL CC Politburo and CC Secretary] Haki Toska.")
    assert (doc1959.blocks[-1].kind, doc1959.blocks[-1].text) == (
        "closer",
        "Note taker,\nHaxhi Kroi",
    )


def test_1959_speaker_turns(doc1959: DocumentRecord) -> None:
    assert speakers(doc1959) == [HOXHA, CHOE] * 18
    assert len(speakers(doc1959)) == 36


def test_1959_annotations(doc1959: DocumentRecord) -> None:
    assert annotations(doc1959) == [
        (
            "role",
            "Chairman of the Council of Ministers and member of the Albanian Party of Labor (APL) "
            "Central Committee (CC) Politburo",
            "Mehmet Shehu",
        ),
        ("role", "Member APL CC Politburo and CC Secretary", "Hysni Kapo"),
        (
            "role",
            "First Vice-Chairman of the Council of Ministers, Minister of People’s Defense and "
            "member of the APL CC Politburo",
            "Beqir Balluku",
        ),
        (
            "role",
            "First Vice-Chairman of the Council of Ministers and Member of the APL CC Politburo",
            "Spiro Koleka",
        ),
        ("role", "Member of the APL CC Politburo and CC Secretary", "Haki Toska"),
        ("alternate", "Choe Yong Gon", "Choe Yong-geon"),
        ("role", "General Secretary of the Korean Workers’ Party", "Kim Il Sung"),
        ("alternate", "Pak Jong Ae", "Pak Jeong-ae"),
    ]


@pytest.mark.parametrize("path", [SEED_1964, SEED_1959], ids=["1964", "1959"])
def test_body_is_reproducible_from_blocks(path: Path) -> None:
    """Block texts, in order, are exactly the published paragraphs between header and summary."""
    doc = parse_file(path)
    paragraphs = source_paragraphs(path.read_text(encoding="utf-8"))
    start = next(i for i, p in enumerate(paragraphs) if p.startswith("This document was")) + 1
    end = paragraphs.index(doc.summary)
    assert block_paragraphs(doc) == paragraphs[start:end]
    assert all(block.kind in BLOCK_KINDS for block in doc.blocks)


@pytest.mark.parametrize("path", [SEED_1964, SEED_1959], ids=["1964", "1959"])
def test_annotation_offsets_point_at_brackets(path: Path) -> None:
    for block in parse_file(path).blocks:
        for a in block.annotations:
            assert block.text[a.start] == "[" and block.text[a.end - 1] == "]"
            assert block.text[a.start + 1 : a.end - 1].strip() == a.text


def test_key_is_stable_across_reimports(tmp_path: Path) -> None:
    copy = tmp_path / SEED_1964.name
    copy.write_bytes(SEED_1964.read_bytes())
    assert parse_file(copy).key == parse_file(SEED_1964).key == "seed-000_1068440e2b6c39f3"
    assert document_key(Path("a b/My page (2).txt")) == "seed-My-page-2"


def test_importer_metadata_and_accepts() -> None:
    assert SeedPageImporter.format == "seed-page"
    head = SEED_1964.read_bytes()[:512]
    assert SeedPageImporter.accepts(SEED_1964, head)
    assert not SeedPageImporter.accepts(Path("x.xml"), head)
    assert not SeedPageImporter.accepts(Path("x.txt"), b"id,title\n1,Hello\n")
    assert not SeedPageImporter.accepts(Path("x.txt"), b"")
    no_banner = FIXTURES / "no_banner.txt"
    assert SeedPageImporter.accepts(no_banner, no_banner.read_bytes()[:512])


# -- variants ----------------------------------------------------------------------------------


def test_variant_no_preface_inline_stage_and_sic() -> None:
    doc = parse_file(FIXTURES / "no_preface.txt")
    assert doc.date.precision == "month"
    assert (doc.date.start, doc.date.end) == (date(1966, 10, 1), date(1966, 10, 31))
    assert [b.kind for b in doc.blocks] == ["turn", "turn", "stage", "turn", "closer"]
    assert speakers(doc) == ["Comrade Kim Il Sung", "Mr. Brezhnev", "Comrade Kim Il Sung"]
    assert doc.blocks[1].text == "Mr. Brezhnev: Thank you.\nWe are glad to be here."
    assert doc.blocks[2].text == "(Laughter)"
    assert annotations(doc) == [("sic", "sic", "")]
    assert doc.blocks[-1].text == "Note taker,\nPak Song-chol"
    assert doc.types == ["Memorandum of Conversation"]
    assert (doc.record_id, doc.uploaded) == ("", None)
    assert (
        doc.rights
        == "The History and Public Policy Program welcomes reuse of Digital Archive materials."
    )
    source = doc.source
    assert source is not None
    assert (source.archive, source.archive_abbr) == (
        "Russian State Archive of Contemporary History",
        "RGANI",
    )
    assert (source.fonds, source.file, source.volume) == ("fond 5", "delo 12", "")
    assert doc.credits == [
        CreditRecord("obtained_by", "Sergey Radchenko"),
        CreditRecord("translated_by", "Sergey Radchenko"),
        CreditRecord("note_taker", "Pak Song-chol"),
    ]


def test_variant_no_closer_no_turns() -> None:
    doc = parse_file(FIXTURES / "no_closer.txt")
    assert doc.date.precision == "season"
    assert doc.title == "Letter from the Central Committee"
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 3
    assert doc.blocks[1].text == "The plenum has decided the following: the plan must be fulfilled."
    assert [c.role for c in doc.credits] == ["translated_for", "translated_by"]
    assert doc.types == ["Letter"]
    assert doc.rights.count("\n\n") == 1
    assert doc.summary == "The Central Committee writes to the regional committees about the plan."


def test_variant_full_fields_reordered() -> None:
    """Record ID before the uploaded date and the types; labelled language and classification."""
    doc = parse_file(FIXTURES / "full_fields.txt")
    assert doc.date.precision == "range"
    assert (doc.date.start, doc.date.end) == (date(1959, 1, 1), date(1960, 12, 31))
    assert doc.record_id == "119258"
    assert doc.uploaded == date(2014, 9, 12)
    assert doc.types == ["Memorandum of Conversation", "Telegram", "Report"]
    assert doc.funders == ["Leon Levy Foundation", "Korea Foundation"]
    assert doc.languages == ["Albanian"]
    assert doc.classification == "Top Secret"
    assert doc.summary == (
        "The delegation visits Tirana. The Albanian side welcomes it. Both sides discuss trade."
    )
    assert doc.rights.endswith("at [email protected].")
    assert [b.kind for b in doc.blocks] == ["preface", "turn", "turn", "closer"]
    assert speakers(doc) == ["Comrade Mehmet Shehu", "Ambassador Kim Chang-ho [Kim Chang Ho]"]
    assert annotations(doc) == [
        ("supplied", "to", ""),
        ("alternate", "Kim Chang Ho", "Kim Chang-ho"),
    ]
    source = doc.source
    assert source is not None and (source.file, source.volume) == ("D 12", "1960")


def test_variant_no_banner_no_rights_unknown_type() -> None:
    doc = parse_file(FIXTURES / "no_banner.txt")
    assert doc.title == "Telegram from the Albanian Embassy in Pyongyang"
    assert doc.types == ["Telegram", "Situation Update"]
    assert (doc.record_id, doc.rights, doc.credits) == ("119260", "", [])
    assert annotations(doc) == [("role", "Premier", "Kim Il Sung")]
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]


def test_funders_fall_back_to_the_header_sponsors() -> None:
    text = SEED_1959.read_text(encoding="utf-8")
    text = text.replace("support from Leon Levy Foundation", "support from A Fund and B Trust")
    text = text[: text.rindex("Leon Levy Foundation")]
    doc = parse_seed_page(text, path="p.txt", key="k")
    assert doc.funders == ["A Fund", "B Trust"]


def test_crlf_and_bom_parse_the_same() -> None:
    text = SEED_1959.read_text(encoding="utf-8")
    crlf = decode_page(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), "p.txt")
    assert parse_seed_page(crlf, path="p", key="k") == parse_seed_page(text, path="p", key="k")


# -- bad input ---------------------------------------------------------------------------------


def _write(tmp_path: Path, data: bytes, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: Path) -> ParseError:
    with pytest.raises(ParseError) as info:
        SeedPageImporter().parse(path)
    return info.value


def test_bad_not_this_format(tmp_path: Path) -> None:
    path = _write(tmp_path, b"id,title,date\n1,Hello,1959\n")
    err = _error(path)
    assert str(err).startswith(f"{path}, line 1: expected 'Skip to content' or the document date")


def test_bad_truncated_before_document_information(tmp_path: Path) -> None:
    text = SEED_1959.read_text(encoding="utf-8")
    cut = text[: text.index("Document Information")]
    err = _error(_write(tmp_path, cut.encode()))
    assert "expected 'Document Information'" in str(err)
    assert "truncated" in str(err)
    assert err.line == cut.rstrip().count("\n") + 1
    assert f"page.txt, line {err.line}:" in str(err)


def test_bad_truncated_right_after_document_information(tmp_path: Path) -> None:
    text = SEED_1959.read_text(encoding="utf-8")
    cut = text[: text.index("Document Information") + len("Document Information")]
    err = _error(_write(tmp_path, cut.encode()))
    assert "expected the source citation" in str(err) and err.line is not None


def test_bad_header_without_date(tmp_path: Path) -> None:
    text = SEED_1959.read_text(encoding="utf-8").replace("June 6, 1959", "Sometime")
    err = _error(_write(tmp_path, text.encode()))
    assert str(err).endswith(
        "line 3: expected the document date (e.g. 'May 7, 1964'), found 'Sometime'"
    )


def test_bad_missing_title_and_body(tmp_path: Path) -> None:
    head = "Skip to content\n\nMay 7, 1964\n\n"
    sponsor = "This document was made possible with support from Leon Levy Foundation\n\n"
    tail = "Document Information\n\nAQPPSH, D 3.\n"
    err = _error(_write(tmp_path, (head + sponsor + "Summary only.\n\n" + tail).encode()))
    assert str(err).endswith("line 5: expected the title after the date")
    page = head + "A title\n\n" + sponsor + "Summary only.\n\n" + tail
    err = _error(_write(tmp_path, page.encode()))
    assert str(err).endswith("line 11: expected the document text and its summary")


@pytest.mark.parametrize("data", [b"", b"\n\n  \n"], ids=["empty", "blank"])
def test_bad_empty(tmp_path: Path, data: bytes) -> None:
    err = _error(_write(tmp_path, data))
    assert "line 1: the file is empty" in str(err) and str(err).startswith(str(tmp_path))


def test_bad_binary(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, b"Skip to content\n\n\x89PNG\x00\x00\x01"))
    assert "line 3: binary data (NUL byte)" in str(err)


def test_bad_not_utf8(tmp_path: Path) -> None:
    data = SEED_1959.read_text(encoding="utf-8").encode("cp1252", "replace")
    err = _error(_write(tmp_path, data))
    assert "is not UTF-8; expected UTF-8 text" in str(err) and err.line == 11


def test_bad_missing_file(tmp_path: Path) -> None:
    assert "cannot read the file" in str(_error(tmp_path / "missing.txt"))


# -- vocabulary and speakers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "types"),
    [
        ("Minutes of Conversation Report", ["Minutes of Conversation", "Report"]),
        ("Memorandum of Conversation", ["Memorandum of Conversation"]),
        ("Memorandum Report", ["Memorandum", "Report"]),
        ("Report Situation Update Letter", ["Report", "Situation Update", "Letter"]),
        ("Oral History", ["Oral History"]),
        ("Letter, Telegram", ["Letter", "Telegram"]),
        ("minutes of conversation", ["Minutes of Conversation"]),
        ("", []),
    ],
)
def test_split_types(line: str, types: list[str]) -> None:
    assert split_types(line) == types


@pytest.mark.parametrize(
    ("paragraph", "label", "title", "name"),
    [
        ("Comrade Enver Hoxha: How are you?", "Comrade Enver Hoxha", "Comrade", "Enver Hoxha"),
        ("Ambassador An Yong: Yes.", "Ambassador An Yong", "Ambassador", "An Yong"),
        ("Mr. Brezhnev: Thank you.", "Mr. Brezhnev", "Mr.", "Brezhnev"),
        ("Kim Il Sung: Welcome.", "Kim Il Sung", "", "Kim Il Sung"),
        ("Comrade N.S. Khrushchev: No.", "Comrade N.S. Khrushchev", "Comrade", "N.S. Khrushchev"),
    ],
)
def test_speaker_turns(paragraph: str, label: str, title: str, name: str) -> None:
    speaker = match_speaker(paragraph)
    assert speaker is not None
    assert (speaker.label, speaker.title, speaker.name) == (label, title, name)
    assert paragraph[speaker.end :].startswith(" ")


@pytest.mark.parametrize(
    "paragraph",
    [
        "From our side there were also these attendees at the meeting: Comrades Mehmet Shehu.",
        "The plenum has decided the following: the plan must be fulfilled.",
        "Comrade Khrushchev characterized the situation well: it is good.",
        "Note: this is a note.",
        "Top Secret: copy 1",
        "Time: 10:30",
        "Dear Comrades,",
        "Ambassador: yes",
    ],
)
def test_not_speaker_turns(paragraph: str) -> None:
    assert match_speaker(paragraph) is None


# -- property: mutations raise ParseError or parse --------------------------------------------

SEED_LINES = SEED_1964.read_text(encoding="utf-8").split("\n")


@st.composite
def mutated_pages(draw: st.DrawFn) -> bytes:
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "bytes"]))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        j = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            break
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(st.text(max_size=8)) + lines[i][pos:]
        elif op == "truncate":
            lines = lines[:i]
    data = "\n".join(lines).encode("utf-8")
    if draw(st.booleans()):
        pos = draw(st.integers(0, len(data)))
        data = data[:pos] + draw(st.binary(max_size=4)) + data[pos:]
    return data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_pages())
def test_mutations_raise_only_parse_error(data: bytes) -> None:
    try:
        doc = parse_seed_page(decode_page(data, "m.txt"), path="m.txt", key="seed-m")
    except ParseError as err:
        assert str(err).startswith("m.txt")
        return
    assert doc.title and doc.date.precision != "unknown"
    assert all(block.kind in BLOCK_KINDS for block in doc.blocks)
