"""Importer for document pages saved from the Digital Archive as plain text ("seed pages").

A page reads, in order: "Skip to content"; the date; the title; "This document was made
possible with support from ..."; an editorial preface; the translated text (speaker turns,
paragraphs, stage notes); a closer naming the note-taker; a one-paragraph summary; "Document
Information"; the source citation; the rights statement; then labelled fields ("Original
Uploaded Date", "Record ID") and unlabelled ones (the type line, the funders), whose labels
the saved text lost. Paragraphs are separated by blank lines; trailing whitespace is dropped.

Rules for the unlabelled tail, stated once: a label's value is the next line only when it looks
like one (a day date, a record id with a digit), since saved pages keep a label even when its
value is empty; a line naming a known document type is the type line; a line named in the
header's "support from" sentence, or any other line, is a funder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NamedTuple

from readingroom.enrich.brackets import find_annotations
from readingroom.enrich.speakers import match_speaker
from readingroom.ingest.base import Importer, ParsedFile, ParseError
from readingroom.ingest.citation import parse_source_line
from readingroom.records.contract import BlockRecord, CreditRecord, DocumentRecord, SourceCitation
from readingroom.records.dates import DateValue, parse_date
from readingroom.records.identifiers import normalized
from readingroom.records.vocabularies import is_type_line, split_types

BANNER = "Skip to content"
DOC_INFO = "Document Information"
SPONSOR = re.compile(r"This document was made possible with support from\s+(?P<names>.+)", re.S)
_CLOSER = re.compile(
    r"(?P<label>Note[- ]?takers?|Notes? taken by(?: stenograph(?:er|y)?)?|Minutes taken by"
    r"|Recorded by|Written down by|Transcribed by|Stenographer)[,:.]?\s*(?P<name>.*)",
    re.IGNORECASE,
)
_RECORD_ID = re.compile(r"(?=[^\s]*\d)[A-Za-z0-9][\w.:/-]{0,63}")
_LABELS = {
    "original uploaded date": "uploaded",
    "uploaded date": "uploaded",
    "record id": "record_id",
    "type": "types",
    "types": "types",
    "document type": "types",
    "original language": "languages",
    "language": "languages",
    "languages": "languages",
    "original classification": "classification",
    "classification": "classification",
    "funders": "funders",
    "funder": "funders",
    "donors": "funders",
}
_MAX_CLOSER_NAME = 60


class Para(NamedTuple):
    """A paragraph (or a line) and the 1-based line number where it starts."""

    text: str
    line: int


class _Tail(NamedTuple):
    source: SourceCitation
    credits: list[CreditRecord]
    rights: str
    fields: dict[str, object]


# -- text and paragraphs ---------------------------------------------------------------------


def decode_page(data: bytes, path: str) -> str:
    """UTF-8 text of a page; binary or non-UTF-8 input is a ParseError naming the line."""
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise ParseError(
            "binary data (NUL byte); expected the UTF-8 text of a page", path=path, line=line
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        bad = data[err.start]
        raise ParseError(
            f"byte 0x{bad:02x} is not UTF-8; expected UTF-8 text", path=path, line=line
        ) from None


def split_paragraphs(text: str) -> list[Para]:
    """Paragraphs separated by blank lines; lines keep single newlines, lose trailing blanks."""
    paras: list[Para] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if line.strip():
            start = start if current else number
            current.append(line)
        elif current:
            paras.append(Para("\n".join(current), start))
            current = []
    if current:
        paras.append(Para("\n".join(current), start))
    return paras


def _lines(paras: list[Para]) -> list[Para]:
    return [Para(t, p.line + i) for p in paras for i, t in enumerate(p.text.split("\n"))]


def _try_date(text: str) -> DateValue:
    try:
        return parse_date(text)
    except (ValueError, OverflowError, IndexError):  # a date parser's bug must not escape
        return DateValue(text)


# -- header ----------------------------------------------------------------------------------


def _read_header(paras: list[Para], path: str) -> tuple[DateValue, str, str, int]:
    """(date, title, sponsor names, index of the first body paragraph)."""
    i = 1 if paras and paras[0].text.strip() == BANNER else 0
    if i >= len(paras):
        raise ParseError("the page ends here; expected the document date", path=path, line=1)
    when = _try_date(paras[i].text)
    if when.precision == "unknown" or "\n" in paras[i].text:
        expected = "the document date (e.g. 'May 7, 1964')"
        expected = expected if i else f"'{BANNER}' or {expected}"
        raise ParseError(
            f"expected {expected}, found {paras[i].text[:60]!r}", path=path, line=paras[i].line
        )
    if (
        i + 1 >= len(paras)
        or paras[i + 1].text.strip() == DOC_INFO
        or SPONSOR.match(paras[i + 1].text)
    ):
        line = paras[i + 1].line if i + 1 < len(paras) else paras[i].line + 1
        raise ParseError("expected the title after the date", path=path, line=line)
    title = " ".join(paras[i + 1].text.split())
    sponsor = SPONSOR.match(paras[i + 2].text) if i + 2 < len(paras) else None
    names = " ".join(sponsor["names"].split()) if sponsor else ""
    return when, title, names, i + (3 if sponsor else 2)


def _find_doc_info(paras: list[Para], start: int, path: str) -> int:
    for index in range(start, len(paras)):
        if paras[index].text.strip() == DOC_INFO:
            return index
    last = paras[-1].line + paras[-1].text.count("\n") if paras else 1
    raise ParseError(
        f"expected '{DOC_INFO}' after the summary; the page ends here, so it looks truncated",
        path=path,
        line=last,
    )


# -- body ------------------------------------------------------------------------------------


def _closer_names(paras: list[Para]) -> list[str] | None:
    """Note-taker names of a closer starting at paras[0], or None when it is not a closer."""
    lines = paras[0].text.split("\n")
    match = _CLOSER.fullmatch(lines[0].strip())
    if match is None:
        return None
    following = [t.strip() for p in paras[1:] for t in p.text.split("\n")]
    names = [n for n in [match["name"].strip(" ,."), *lines[1:], *following] if n]
    if not names or any(len(n) > _MAX_CLOSER_NAME or ": " in n for n in names):
        return None
    return names


def _split_closer(body: list[Para]) -> tuple[list[Para], list[Para], list[str]]:
    """(text paragraphs, closer paragraphs, note-taker names); the closer ends the text."""
    for index in range(len(body) - 1, max(-1, len(body) - 4), -1):
        names = _closer_names(body[index:])
        if names is not None:
            return body[:index], body[index:], names
    return body, [], []


def _preface_end(body: list[Para]) -> int:
    """How many leading paragraphs are the editorial preface.

    A parenthesized preface runs to the paragraph that closes the parenthesis; otherwise the
    paragraphs before the first speaker turn are the preface (none when there is no turn).
    """
    first_turn = next((i for i, p in enumerate(body) if match_speaker(p.text)), None)
    limit = len(body) if first_turn is None else first_turn
    if body and body[0].text.startswith("("):
        closing = (i for i in range(limit) if body[i].text.rstrip(".").endswith(")"))
        return next(closing, limit - 1) + 1
    return 0 if first_turn is None else first_turn


def _block(kind: str, text: str, speaker: str = "") -> BlockRecord:
    return BlockRecord(kind=kind, text=text, speaker=speaker, annotations=find_annotations(text))


def _is_stage(text: str) -> bool:
    return text.startswith("(") and text.rstrip(".").endswith(")")


def body_blocks(body: list[Para], closer: list[Para]) -> list[BlockRecord]:
    """Blocks of the translated text: preface, turns, paragraphs, stage notes, closer."""
    blocks: list[BlockRecord] = []
    preface = _preface_end(body)
    speaking = ""  # a turn runs on through the paragraphs after it, until a stage note
    for index, para in enumerate(body):
        speaker = match_speaker(para.text)
        if index < preface:
            blocks.append(_block("preface", para.text))
        elif speaker is not None:
            speaking = speaker.label
            blocks.append(_block("turn", para.text, speaking))
        elif _is_stage(para.text):
            speaking = ""
            blocks.append(_block("stage", para.text))
        else:
            blocks.append(_block("paragraph", para.text, speaking))
    if closer:
        blocks.append(_block("closer", "\n".join(p.text for p in closer)))
    return blocks


# -- Document Information ----------------------------------------------------------------------


def _label(text: str) -> str:
    return _LABELS.get(" ".join(text.split()).casefold().rstrip(":"), "")


def _is_field(text: str, sponsors: str) -> bool:
    """Whether a tail paragraph ends the rights statement: a label, a type line or a funder."""
    lines = text.split("\n")
    return any(_label(t) or is_type_line(t) or (sponsors and t.strip() in sponsors) for t in lines)


def _day(text: str) -> date | None:
    value = _try_date(text)
    return value.start if value.precision == "day" else None


_VALUE_READERS: dict[str, Callable[[str], object]] = {
    "uploaded": _day,
    "record_id": lambda t: t if _RECORD_ID.fullmatch(t) else None,
    "types": split_types,
    "classification": lambda t: t if not is_type_line(t) else None,
    "languages": lambda t: [x.strip() for x in re.split(r"[,;]", t) if x.strip()],
}


def _read_fields(items: list[Para], sponsors: str) -> dict[str, object]:
    """Labelled values, then the unlabelled lines sorted into types and funders."""
    fields: dict[str, object] = {"types": [], "funders": []}
    unlabelled: list[str] = []
    expecting = ""
    for item in items:
        text = item.text.strip()
        if label := _label(text):
            expecting = label
            continue
        reader = _VALUE_READERS.get(expecting)
        value = reader(text) if reader else None
        if value is not None:
            fields[expecting] = value
        elif expecting == "funders":
            fields["funders"].append(text)
            continue
        else:
            unlabelled.append(text)
        expecting = ""
    _sort_unlabelled(unlabelled, sponsors, fields)
    return fields


def _sort_unlabelled(lines: list[str], sponsors: str, fields: dict[str, object]) -> None:
    types, funders = fields["types"], fields["funders"]
    typed = [t for t in lines if is_type_line(t) and not (sponsors and t in sponsors)]
    if not typed and not types:
        typed = [t for t in lines if not (sponsors and t in sponsors)][:1]
    for line in lines:
        if line in typed:
            types.extend(t for t in split_types(line) if t not in types)
        elif line not in funders:
            funders.append(line)


def _read_tail(paras: list[Para], sponsors: str, path: str, line: int) -> _Tail:
    if not paras or _is_field(paras[0].text, sponsors):
        raise ParseError(
            f"expected the source citation after '{DOC_INFO}'", path=path, line=line + 1
        )
    source, credits = parse_source_line(" ".join(paras[0].text.split()))
    end = next((i for i in range(1, len(paras)) if _is_field(paras[i].text, sponsors)), len(paras))
    rights = "\n\n".join(p.text for p in paras[1:end])
    return _Tail(source, credits, rights, _read_fields(_lines(paras[end:]), sponsors))


def _split_sponsors(names: str) -> list[str]:
    return [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", names) if n.strip()]


# -- the page --------------------------------------------------------------------------------


def parse_seed_page(text: str, *, path: str, key: str) -> DocumentRecord:
    """Parse one saved page; every problem is a ParseError naming the file and the line."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ParseError(
            "binary data (NUL byte); expected the text of a page", path=path, line=line
        )
    paras = split_paragraphs(text.removeprefix("\ufeff"))
    if not paras:
        raise ParseError(
            f"the file is empty; expected a page starting '{BANNER}'", path=path, line=1
        )
    when, title, sponsors, start = _read_header(paras, path)
    info = _find_doc_info(paras, start, path)
    if info - start < 2:
        where = paras[info].line
        raise ParseError("expected the document text and its summary", path=path, line=where)
    body, closer, note_takers = _split_closer(paras[start : info - 1])
    tail = _read_tail(paras[info + 1 :], sponsors, path, paras[info].line)
    fields = tail.fields
    return DocumentRecord(
        key=key,
        title=title,
        date=when,
        types=fields["types"],
        blocks=body_blocks(body, closer),
        summary=paras[info - 1].text,
        source=tail.source,
        credits=tail.credits + [CreditRecord("note_taker", n) for n in note_takers],
        rights=tail.rights,
        funders=fields["funders"] or _split_sponsors(sponsors),
        languages=fields.get("languages", []),
        classification=fields.get("classification", ""),
        record_id=fields.get("record_id", ""),
        uploaded=fields.get("uploaded"),
        line=1,
    )


def document_key(path: Path) -> str:
    """ "seed-" + the file stem, made URL-safe; the same file always gets the same key
    (a stem too long for an identifier is cut by `normalized`)."""
    return normalized("seed-" + re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-"))


class SeedPageImporter(Importer):
    """Saved page text (the seeds): one document per file, no collection."""

    format = "seed-page"

    @classmethod
    def accepts(cls, path: Path, head: bytes) -> bool:
        if path.suffix.lower() != ".txt":
            return False
        lines = [t.strip() for t in head.decode("utf-8", "replace").lstrip("\ufeff").splitlines()]
        lines = [t for t in lines if t]
        if lines[:1] == [BANNER]:
            return True
        dated = bool(lines) and _try_date(lines[0]).precision != "unknown"
        return dated and any(SPONSOR.match(t) for t in lines[1:4])

    def parse(self, path: Path) -> ParsedFile:
        try:
            data = Path(path).read_bytes()
        except OSError as err:
            raise ParseError(f"cannot read the file ({err.strerror})", path=str(path)) from None
        if not data.strip():
            raise ParseError(
                f"the file is empty; expected a page starting '{BANNER}'", path=str(path), line=1
            )
        document = parse_seed_page(
            decode_page(data, str(path)), path=str(path), key=document_key(Path(path))
        )
        return ParsedFile(path=str(path), documents=iter([document]), total=1)
