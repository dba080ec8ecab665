"""The FRUS TEI parser on the 12 real volumes, on hand-checked documents, and on hostile XML.

Hand-checked documents and lists come from the committed excerpts (tests/fixtures/frus/) where
they are in one; tests marked `frus` read whole volumes from ../shared/data/frus.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from readingroom.ingest.base import ParsedFile, ParseError
from readingroom.ingest.frus import FrusImporter, document_type
from readingroom.ingest.frus.doctype import TYPE_RULES
from readingroom.ingest.xmlsafe import parse_xml, safe_parser
from readingroom.records.contract import DocumentRecord
from readingroom.records.dates import DateValue
from readingroom.records.vocabularies import DOCUMENT_TYPES
from tests.builders import hostile_tei
from tests.frus_data import VOLUMES, excerpt_path, volume_path

MOC = "Memorandum of Conversation"


@cache
def _parsed(path: Path) -> tuple[ParsedFile, tuple[DocumentRecord, ...]]:
    """Each file parsed once per test session; documents materialized."""
    parsed = FrusImporter().parse(path)
    return parsed, tuple(parsed.documents)


def _volume(stem: str) -> tuple[ParsedFile, tuple[DocumentRecord, ...]]:
    """The whole volume (tests that call this are marked `frus`)."""
    return _parsed(volume_path(stem))


def _excerpt(stem: str) -> tuple[ParsedFile, tuple[DocumentRecord, ...]]:
    """The committed excerpt: the volume's header and lists and a few of its documents."""
    return _parsed(excerpt_path(stem))


def _document(stem: str, doc_id: str, *, whole_volume: bool = False) -> DocumentRecord:
    _, documents = _volume(stem) if whole_volume else _excerpt(stem)
    key = f"{stem}-{doc_id}"
    return next(doc for doc in documents if doc.key == key)


# ---------------------------------------------------------------------------------------------
# Counts on the real volumes


@pytest.mark.frus
@pytest.mark.parametrize("stem", sorted(VOLUMES))
def test_counts_match_sources_md(stem: str) -> None:
    parsed, documents = _volume(stem)
    expected = VOLUMES[stem]
    assert parsed.total == len(documents) == expected.documents
    assert len(parsed.persons) == expected.persons
    assert len(parsed.terms) == expected.terms
    assert sum(doc.date.precision != "unknown" for doc in documents) == expected.dated
    assert sum(doc.source is not None for doc in documents) == expected.source_notes
    assert sum(doc.types == [MOC] for doc in documents) == expected.moc_any_form


# frus1958-60v18 d27 carries two attachments whose own source notes (n=4, n=5) are typed
# "source"; SOURCES.md leaves them out of "footnotes", we keep them: they are numbered notes.
FOOTNOTE_DEVIATIONS = {"frus1958-60v18": 2}


@pytest.mark.frus
@pytest.mark.parametrize("stem", sorted(VOLUMES))
def test_footnote_counts(stem: str) -> None:
    _, documents = _volume(stem)
    found = sum(block.kind == "footnote" for doc in documents for block in doc.blocks)
    assert found == VOLUMES[stem].footnotes + FOOTNOTE_DEVIATIONS.get(stem, 0)


@pytest.mark.frus
@pytest.mark.parametrize("stem", sorted(VOLUMES))
def test_document_shape(stem: str) -> None:
    parsed, documents = _volume(stem)
    assert parsed.collection is not None and parsed.collection.key == stem
    assert parsed.collection.title.startswith("Foreign Relations of the United States, 19")
    assert parsed.collection.volume.startswith("Volume ")
    assert parsed.collection.editors
    assert parsed.collection.publisher == "United States Government Printing Office"
    assert parsed.collection.publication_place == "Washington"
    assert re.fullmatch(r"(19|20)\d\d", parsed.collection.publication_year)
    assert len({doc.key for doc in documents}) == len(documents)
    for doc in documents:
        assert doc.key.startswith(f"{stem}-d") and doc.number and doc.title
        assert len(doc.types) == 1 and doc.languages == ["en"]
        assert doc.blocks[0].kind in ("pagebreak", "heading")
        for index, block in enumerate(doc.blocks):
            assert block.text == " ".join(block.text.split())
            if block.kind == "footnote":
                assert block.n and block.anchor is not None and block.anchor < index
            for mention in block.mentions:
                assert block.text[mention.start : mention.end] == mention.text
            for note in block.annotations:
                if note.kind == "link":  # a cross-reference, over its words
                    assert block.text[note.start : note.end] == note.text and note.target
                    continue
                assert note.kind == "noteref" and 0 <= note.start == note.end <= len(block.text)


def test_persons_and_terms_lists() -> None:
    parsed, _ = _excerpt("frus1958-60v10p2")
    persons = {person.key: person for person in parsed.persons}
    assert persons["p_AGGJ1"].name == "Ackerson, Garrett G., Jr."
    assert persons["p_AGGJ1"].description == (
        "Counselor of the Legation in Budapest and Chargé d’Affaires ad interim"
    )
    assert persons["p_KFD1"].name.startswith("Kohler, Foy D")
    terms = {term.key: term for term in parsed.terms}
    assert (terms["t_GATT1"].term, terms["t_GATT1"].expansion) == (
        "GATT",
        "General Agreement on Tariffs and Trade",
    )


def test_every_volume_lists_khrushchev_as_written() -> None:
    names = {person.name for person in _excerpt("frus1961-63v06")[0].persons}
    assert any(name.startswith("Khrushchev, Nikita S") for name in names)


# Mention keys missing from their volume's lists: publisher errors kept as published.
KNOWN_UNLINKED = {"frus1955-57v24": {("person", "$p_ZGN1"): 1}}


@pytest.mark.frus
@pytest.mark.parametrize("stem", sorted(VOLUMES))
def test_mentions_point_into_the_volume_lists(stem: str) -> None:
    parsed, documents = _volume(stem)
    known = {"person": {p.key for p in parsed.persons}, "term": {t.key for t in parsed.terms}}
    missing: Counter[tuple[str, str]] = Counter()
    mentions = 0
    for doc in documents:
        for block in doc.blocks:
            for mention in block.mentions:
                mentions += 1
                if mention.key not in known[mention.kind]:
                    missing[(mention.kind, mention.key)] += 1
    assert mentions > 1000
    assert dict(missing) == KNOWN_UNLINKED.get(stem, {})


@pytest.mark.frus
def test_wrong_link_is_kept_as_published() -> None:
    """SOURCES.md: v29p1 d2 links "President Johnson" to U. Alexis Johnson; we do not guess."""
    doc = _document("frus1964-68v29p1", "d2", whole_volume=True)
    links = {(m.text, m.key) for block in doc.blocks for m in block.mentions}
    assert any(key == "p_JUA1" and "Johnson" in text for text, key in links)


# ---------------------------------------------------------------------------------------------
# Chosen documents, field by field


def test_memorandum_of_conversation_d55() -> None:
    doc = _document("frus1958-60v10p2", "d55")
    assert doc.number == "55"
    assert doc.title == "Memorandum of Conversation"
    assert doc.types == [MOC]
    assert doc.date == DateValue(
        text="October 13, 1958", start=date(1958, 10, 13), end=date(1958, 10, 13), precision="day"
    )
    assert doc.places == ["Washington"]
    assert doc.record_id == "frus1958-60v10p2/d55"
    assert doc.classification == "Confidential"
    assert doc.source is not None
    assert doc.source.text == (
        "Department of State, EE Files: Lot 67 D 238, GATT July 1–Dec. 31, 1958. "
        "Confidential. Drafted by Colbert on October 13."
    )
    assert doc.subjects == [
        "Polish Participation in the General Agreement on Tariffs and Trade (GATT)"
    ]
    assert [(p.name, p.role, p.key) for p in doc.participants] == [
        ("The Polish Ambassador", "", ""),
        ("Mr. Foy D. Kohler", "Deputy Assistant Secretary for European Affairs", "p_KFD1"),
        ("Mr. James L. Colbert", "EE", ""),
    ]
    kinds = [block.kind for block in doc.blocks]
    assert kinds == ["pagebreak", "heading", "heading", "list", "list"] + ["paragraph"] * 3 + [
        "pagebreak",
        "footnote",
    ]
    assert doc.blocks[0].n == "141"  # the page break just before the document opens it
    assert doc.blocks[1].text == "55. Memorandum of Conversation"
    assert doc.blocks[2].text == "Washington, October 13, 1958."
    assert doc.blocks[3].text.startswith("SUBJECT: Polish Participation")
    assert doc.blocks[4].text == (
        "PARTICIPANTS: The Polish Ambassador; Mr. Foy D. Kohler, Deputy Assistant Secretary "
        "for European Affairs; Mr. James L. Colbert, EE"
    )
    assert doc.blocks[8].n == "142"  # page 142 starts inside paragraph 7


def test_d55_footnote_and_its_anchor() -> None:
    doc = _document("frus1958-60v10p2", "d55")
    footnote = doc.blocks[-1]
    assert (footnote.kind, footnote.n) == ("footnote", "1")
    assert footnote.text == "This aide-mémoire, dated October 13, is not printed."
    anchor = doc.blocks[footnote.anchor]
    assert footnote.anchor == 5
    assert anchor.text.startswith(
        "The Polish Ambassador handed Mr. Kohler an aide-mémoire (copy attached) requesting"
    )
    assert "not printed" not in anchor.text
    [marker] = anchor.annotations
    assert (marker.kind, marker.text) == ("noteref", "1")
    assert anchor.text[: marker.start].endswith("(copy attached)")
    kohler = anchor.mentions[0]
    assert (kohler.kind, kohler.key, kohler.text) == ("person", "p_KFD1", "Kohler")
    assert anchor.text[kohler.start : kohler.end] == "Kohler"
    gatt = [m for m in anchor.mentions if m.kind == "term"]
    assert len(gatt) == 9 and {m.key for m in gatt} == {"t_GATT1", "t_IBRD1", "t_IMF1"}


@pytest.mark.frus
def test_editorial_note() -> None:
    doc = _document("frus1958-60v19", "d1", whole_volume=True)
    assert doc.title == "Editorial Note"
    assert doc.types == ["Editorial Note"]
    assert doc.date == DateValue(text="", precision="unknown")
    assert doc.places == [] and doc.source is None and doc.participants == []
    assert [block.kind for block in doc.blocks] == ["heading"] + ["paragraph"] * 5
    first = doc.blocks[1]
    assert first.text.startswith("Ambassador to Czechoslovakia U. Alexis Johnson and Chinese")
    assert ("p_WPWB1", "Wang Ping-nan") in {(m.key, m.text) for m in first.mentions}


def test_telegram() -> None:
    doc = _document("frus1958-60v10p2", "d142")
    assert doc.title == "Telegram From the Embassy in Yugoslavia to the Department of State"
    assert doc.types == ["Telegram"]
    # @when="1959-03-31T09:00:00": the day is kept, the time stays in the text as written.
    assert doc.date == DateValue(
        text="March 31, 1959, 9 a.m.",
        start=date(1959, 3, 31),
        end=date(1959, 3, 31),
        precision="day",
    )
    assert doc.places == ["Belgrade"]
    assert doc.source is not None
    assert doc.source.text == "Department of State, Central Files, 768.5–MSP/3–3159. Confidential."
    opening = doc.blocks[2]
    assert opening.text.startswith("883. Re Deptel 624. In our talk on March 19 Tito in single")
    assert [(a.text, opening.text[: a.start][-11:]) for a in opening.annotations] == [
        ("1", "Deptel 624."),
        ("2", "on March 19"),
    ]
    closer = [block for block in doc.blocks if block.kind == "closer"]
    assert [(b.text, b.mentions[0].key) for b in closer] == [("Rankin", "p_RK1")]
    footnotes = [block for block in doc.blocks if block.kind == "footnote"]
    assert [(b.n, b.anchor) for b in footnotes] == [("1", 2), ("2", 2), ("3", 5), ("4", 6)]
    assert footnotes[1].text == "see Document 141."
    assert [b.n for b in doc.blocks if b.kind == "pagebreak"] == ["375", "376"]


def test_table_rows_become_lines() -> None:
    doc = _document("frus1958-60v10p2", "d180")
    rows = [b.text for b in doc.blocks if " | " in b.text]
    assert rows[0] == "Pre-Election Parliament | Post-Election Parliament"
    assert "Communists (SKDL) | 43 | 50" in rows


@pytest.mark.frus
def test_notes_inside_the_source_note_anchor_on_the_heading() -> None:
    doc = _document("frus1961-63v22", "d101", whole_volume=True)
    footnotes = [b for b in doc.blocks if b.kind == "footnote"]
    assert [(b.n, b.anchor) for b in footnotes[:2]] == [("1", 0), ("2", 0)]
    assert doc.blocks[0].kind == "heading"


@pytest.mark.frus
def test_memorandum_of_a_conversation_is_one_type() -> None:
    _, documents = _volume("frus1955-57v24")
    titles = [doc.title for doc in documents if doc.types == [MOC]]
    assert any(title.startswith("Memorandum of a Conversation") for title in titles)
    assert all(re.search("memorandum of (a )?conversation", t, re.I) for t in titles)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Memorandum of a Conversation, Department of State, Washington", MOC),
        ("Telegram From the Embassy in Poland to the Department of State", "Telegram"),
        ("Circular Telegram From the Department of State to All Posts", "Circular Telegram"),
        ("Special National Intelligence Estimate", "Special National Intelligence Estimate"),
        ("National Intelligence Estimate", "National Intelligence Estimate"),
        ("Letter From President Kennedy to Chairman Khrushchev", "Letter"),
        ("Action Memorandum From the Assistant Secretary (Tyler)", "Memorandum"),
        ("Despatch From the Legation in Hungary to the Department of State", "Despatch"),
        ("Paper Prepared in the Department of State", "Paper"),
        ("Editorial Note", "Editorial Note"),
        ("Something Unheard Of", "Document"),
    ],
)
def test_document_type(title: str, expected: str) -> None:
    assert document_type(title) == expected


# ---------------------------------------------------------------------------------------------
# Dates and small volumes written here

TEI_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/ns/1.0">\n'
    '<teiHeader><fileDesc><titleStmt><title type="complete">Test Volume</title>'
    '<title type="volumenumber">Volume I</title><editor role="primary">A. Editor</editor>'
    '</titleStmt></fileDesc></teiHeader>\n<text><body><div type="chapter">\n'
)
TEI_TAIL = "</div></body></text></TEI>\n"


def _tiny_volume(tmp_path: Path, documents: str, name: str = "frus-test.xml") -> Path:
    path = tmp_path / name
    path.write_text(TEI_HEAD + documents + TEI_TAIL, encoding="utf-8")
    return path


def _dated(tmp_path: Path, date_xml: str, div_attrs: str = "") -> DateValue:
    path = _tiny_volume(
        tmp_path,
        f'<div type="document" xml:id="d1" n="1" {div_attrs}><head>1. Telegram</head>'
        f"<dateline><placeName>Paris</placeName>, {date_xml}</dateline><p>Text.</p></div>",
    )
    [doc] = FrusImporter().parse(path).documents
    return doc.date


@pytest.mark.parametrize(
    ("date_xml", "expected"),
    [
        ('<date when="1958">1958</date>', ("1958", date(1958, 1, 1), date(1958, 12, 31), "year")),
        (
            '<date when="1960-02">February 1960</date>',
            ("February 1960", date(1960, 2, 1), date(1960, 2, 29), "month"),
        ),
        (
            '<date from="1962-11-15" to="1962-11-17">November 15 and 17, 1962</date>',
            ("November 15 and 17, 1962", date(1962, 11, 15), date(1962, 11, 17), "range"),
        ),
        (
            '<date notBefore="1964-10" notAfter="1964-12">Fall 1964</date>',
            ("Fall 1964", date(1964, 10, 1), date(1964, 12, 31), "range"),
        ),
        (
            '<date notBefore="1964-10-02" notAfter="1964-10-02">October 2</date>',
            ("October 2", date(1964, 10, 2), date(1964, 10, 2), "day"),
        ),
        ("<date>undated</date>", ("undated", None, None, "unknown")),
        ("undated", ("", None, None, "unknown")),
        ('<date when="1958-02-30">Feb 30</date>', ("Feb 30", None, None, "unknown")),
    ],
)
def test_dateline_dates(tmp_path: Path, date_xml: str, expected: tuple) -> None:
    assert _dated(tmp_path, date_xml) == DateValue(*expected)


def test_doc_datetime_attributes_win(tmp_path: Path) -> None:
    value = _dated(
        tmp_path,
        '<date when="1958-10-13">October 13, 1958</date>',
        'frus:doc-dateTime-min="1958-10-13T00:00:00-05:00" '
        'frus:doc-dateTime-max="1958-10-14T23:59:59-05:00"',
    )
    assert value == DateValue(
        text="October 13, 1958", start=date(1958, 10, 13), end=date(1958, 10, 14), precision="range"
    )


def test_volume_is_checked_before_any_document(tmp_path: Path) -> None:
    path = _tiny_volume(
        tmp_path,
        '<div type="document" xml:id="d1" n="1"><head>1. Editorial Note</head><p>A.</p></div>\n'
        '<div type="document" n="2"><head>2. Editorial Note</head><p>B.</p></div>',
    )
    with pytest.raises(ParseError, match="document div without xml:id") as info:
        FrusImporter().parse(path)
    assert info.value.line == 6


def test_documents_are_yielded_lazily(tmp_path: Path) -> None:
    path = _tiny_volume(
        tmp_path, '<div type="document" xml:id="d1" n="1"><head>1. Editorial Note</head></div>'
    )
    parsed = FrusImporter().parse(path)
    assert parsed.total == 1 and iter(parsed.documents) is parsed.documents
    assert [doc.key for doc in parsed.documents] == ["frus-test-d1"]


def test_accepts() -> None:
    head = excerpt_path("frus1961-63v06").read_bytes()[:1024]
    assert FrusImporter.accepts(Path("frus1961-63v06.xml"), head)
    assert not FrusImporter.accepts(Path("frus1961-63v06.txt"), head)
    assert not FrusImporter.accepts(Path("other.xml"), b'<TEI xmlns="http://www.tei-c.org/ns/1.0">')


def test_not_tei_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<html><body/></html>")
    with pytest.raises(ParseError, match="expected a TEI root"):
        FrusImporter().parse(path)


# ---------------------------------------------------------------------------------------------
# Hostile and broken files (made by tests.builders.hostile_tei)

XXE = '<!ENTITY xxe SYSTEM "file:///etc/passwd">'


def _refused_unexpanded(path: Path, entity: str) -> ParseError:
    """Refused at the DOCTYPE's first entity declaration (line 3 of a hostile_tei file),
    so before any entity could be expanded or fetched: no clock needed to tell."""
    with pytest.raises(ParseError) as info:
        FrusImporter().parse(path)
    assert info.value.path == str(path)
    assert info.value.line == 3
    assert f"(found {entity!r})" in str(info.value)
    return info.value


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    error = _refused_unexpanded(
        hostile_tei(tmp_path, name="lol.xml", doctype="\n".join(entities), payload="&lol9;"),
        "lol0",
    )
    assert "entity" in str(error)


def test_quadratic_blowup_is_refused(tmp_path: Path) -> None:
    doctype = f'<!ENTITY a "{"A" * 100_000}">'
    error = _refused_unexpanded(
        hostile_tei(tmp_path, name="quad.xml", doctype=doctype, payload="&a;" * 100_000), "a"
    )
    assert "entity" in str(error)


def test_external_entity_is_never_resolved(tmp_path: Path) -> None:
    path = hostile_tei(tmp_path, name="xxe.xml", doctype=XXE, payload="&xxe;")
    error = _refused_unexpanded(path, "xxe")
    assert "root:" not in str(error)
    # Even the bare parser, without our refusal on top, leaves the reference unresolved.
    tree = etree.parse(str(path), safe_parser())
    assert b"root:" not in etree.tostring(tree)


def test_external_entity_in_utf16_is_refused_too(tmp_path: Path) -> None:
    path = hostile_tei(tmp_path, name="xxe16.xml", doctype=XXE, payload="&xxe;")
    text = path.read_text(encoding="utf-8").replace(
        'version="1.0"?>', 'version="1.0" encoding="UTF-16"?>'
    )
    path.write_bytes(text.encode("utf-16"))
    with pytest.raises(ParseError, match="entity"):
        parse_xml(path)


@pytest.mark.frus  # cut mid-body, after whole documents (half an excerpt is its lists)
def test_truncated_volume_is_refused_before_any_document(tmp_path: Path) -> None:
    data = volume_path("frus1961-63v06").read_bytes()
    broken = tmp_path / "frus1961-63v06.xml"
    broken.write_bytes(data[: len(data) // 2])
    yielded: list[DocumentRecord] = []
    with pytest.raises(ParseError) as info:
        yielded.extend(FrusImporter().parse(broken).documents)
    assert yielded == []
    error = info.value
    assert error.path == str(broken) and str(broken) in str(error)
    last_line = broken.read_bytes().count(b"\n") + 1
    assert error.line is not None and last_line - 1 <= error.line <= last_line + 1
    assert f"line {error.line}" in str(error)


def test_mismatched_tag_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<p>\n</q>\n')
    with pytest.raises(ParseError, match="not well-formed") as info:
        FrusImporter().parse(path)
    assert info.value.line == 4


def test_frus_types_come_from_the_one_type_vocabulary():
    assert {name for _, name in TYPE_RULES} <= set(DOCUMENT_TYPES)
