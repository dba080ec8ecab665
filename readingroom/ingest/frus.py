"""Importer for FRUS TEI volumes (Foreign Relations of the United States, Office of the Historian).

One volume file becomes one `CollectionRecord`, its persons and abbreviations lists, and one
`DocumentRecord` per `div[@type='document']`. The whole file is parsed (safely, see `xmlsafe`)
before the first document is yielded, so a broken file is rejected before anything is saved;
documents are then built lazily, one subtree at a time, in a single pass over each subtree.

Decisions worth knowing:
- Titles drop the printed number ("55. Memorandum of Conversation" -> "Memorandum of
  Conversation"); the number is `DocumentRecord.number` and the heading block keeps both.
- `SourceCitation.text` drops the "Source:" label: it is the publisher's caption, not part of the
  citation, and a citation built from it ("..., {source}.") must not read "Source: ...".
- Page breaks inside a block are emitted as pagebreak blocks right after it, so every block
  starts on the page of the last pagebreak before it. Page breaks between two documents are
  given to the next one, which starts on that page.
- Footnotes are appended after the running text in order of appearance; a note inside a note
  is anchored to the footnote block of its outer note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar

from lxml import etree

from readingroom.ingest.base import Importer, ParsedFile, ParseError
from readingroom.ingest.xmlsafe import parse_xml
from readingroom.records.contract import (
    AnnotationRecord,
    BlockRecord,
    CollectionRecord,
    DocumentRecord,
    MentionRecord,
    ParticipantRecord,
    PersonEntry,
    SourceCitation,
    TermEntry,
)
from readingroom.records.dates import DateValue

TEI_NS = "http://www.tei-c.org/ns/1.0"
# The 2015 files use the first; upstream moved to the second in 2017.
FRUS_NAMESPACES = ("http://history.state.gov/ns/1.0", "http://history.state.gov/frus/ns/1.0")
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _tei(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


_TAG_NAMES = (
    "TEI text body div head note pb list item hi dateline date placeName opener "
    "persName gloss term table row cell closer signed"
)
(TEI, TEXT, BODY, DIV, HEAD, NOTE, PB, LIST, ITEM, HI, DATELINE, DATE, PLACENAME, OPENER,
 PERSNAME, GLOSS, TERM, TABLE, ROW, CELL, CLOSER, SIGNED
 ) = map(_tei, _TAG_NAMES.split())  # fmt: skip

# Elements that start and end a line in print: their text is kept apart by a space.
_BREAKS = frozenset(
    _tei(name)
    for name in (
        "p", "item", "lb", "head", "signed", "salute", "dateline", "closer", "opener",
        "table", "label", "ab", "lg", "l", "byline", "postscript",
    )
)  # fmt: skip
_BLOCK_KINDS = {HEAD: "heading", DATELINE: "heading", OPENER: "heading", LIST: "list",
                CLOSER: "closer", SIGNED: "closer"}  # fmt: skip
_PUNCT_END = frozenset(".;:,!?—–")
_DATE_ATTRS = ("when", "notBefore", "notAfter", "from", "to")
_DOC_DATETIME = tuple(
    (f"{{{ns}}}doc-dateTime-min", f"{{{ns}}}doc-dateTime-max") for ns in FRUS_NAMESPACES
)
_CLASSIFICATION = re.compile(
    r"(?:^|[.;]\s+)(Top Secret|Secret|Confidential|Limited Official Use|Official Use Only"
    r"|Unclassified)(?=[;.,\s]|$)"
)
_CAPTION = re.compile(r"^[\w.’' -]+ (side|participants)$", re.IGNORECASE)
# A comma or dash between name and role; not the comma before "Jr." or "III".
_NAME_ROLE_SEPARATOR = re.compile(r",(?!\s*(?:Jr|Sr)\.|\s*I{2,3}\b)\s*|\s*[—–]\s*")
_OFFICE_SYMBOL = re.compile(r"^[A-Z][A-Z/:.\-]{0,9}$")
_SECTION_XPATH = etree.XPath("t:text/t:front//t:div[@xml:id=$id]", namespaces={"t": TEI_NS})
_TITLE_XPATH = etree.XPath(
    "t:teiHeader/t:fileDesc/t:titleStmt/t:title[@type=$type]", namespaces={"t": TEI_NS}
)
_EDITOR_XPATH = etree.XPath("t:teiHeader/t:fileDesc/t:titleStmt/t:editor", namespaces={"t": TEI_NS})
_IDNO_XPATH = etree.XPath(
    "t:teiHeader/t:fileDesc/t:publicationStmt/t:idno[@type='frus']", namespaces={"t": TEI_NS}
)
_IMPRINT_XPATH = etree.XPath(
    "t:teiHeader/t:fileDesc/t:publicationStmt/t:*[local-name() = $part]", namespaces={"t": TEI_NS}
)


class FrusImporter(Importer):
    """Reads one FRUS TEI volume into a collection, its authority lists and its documents."""

    format: ClassVar[str] = "frus-tei"

    @classmethod
    def accepts(cls, path: Path, head: bytes) -> bool:
        """An .xml file whose first bytes declare the TEI and the FRUS namespaces."""
        if path.suffix.lower() != ".xml" or TEI_NS.encode() not in head:
            return False
        return any(ns.encode() in head for ns in FRUS_NAMESPACES)

    def parse(self, path: Path) -> ParsedFile:
        """Parse and check the whole volume now; build its documents lazily."""
        path = Path(path)
        root = parse_xml(path).getroot()
        body = _volume_body(root, path)
        divs = _document_divs(body, path)
        volume_id = _first_text(_IDNO_XPATH(root)) or path.stem
        return ParsedFile(
            path=str(path),
            documents=_documents(divs, path.stem, volume_id),
            collection=_collection(root, path.stem),
            persons=_persons(root),
            terms=_terms(root),
            total=len(divs),
        )


# ---------------------------------------------------------------------------------------------
# Volume level


def _volume_body(root: etree._Element, path: Path) -> etree._Element:
    if root.tag != TEI:
        raise ParseError(
            f"expected a TEI root element, found <{etree.QName(root).localname}>",
            path=str(path),
            line=root.sourceline,
        )
    body = root.find(f"{TEXT}/{BODY}")
    if body is None:
        raise ParseError("no text/body: not a FRUS volume", path=str(path), line=root.sourceline)
    return body


def _document_divs(body: etree._Element, path: Path) -> list[tuple[etree._Element, list[str]]]:
    """Every document div with the page breaks that open it, checked before any is built."""
    found: list[tuple[etree._Element, list[str]]] = []
    pages: list[str] = []
    seen: set[str] = set()

    def visit(parent: etree._Element) -> None:
        for child in parent:
            if child.tag == PB:
                pages.append(child.get("n", ""))
            elif child.tag == DIV and child.get("type") == "document":
                _check_document_id(child, seen, path)
                found.append((child, pages.copy()))
                pages.clear()
            elif child.tag == DIV:
                visit(child)

    visit(body)
    if not found:
        raise ParseError("no div[@type='document'] in text/body", path=str(path))
    return found


def _check_document_id(div: etree._Element, seen: set[str], path: Path) -> None:
    doc_id = div.get(XML_ID)
    if not doc_id:
        raise ParseError("document div without xml:id", path=str(path), line=div.sourceline)
    if doc_id in seen:
        raise ParseError(f"duplicate document id {doc_id!r}", path=str(path), line=div.sourceline)
    seen.add(doc_id)


def _collection(root: etree._Element, stem: str) -> CollectionRecord:
    parts = (
        _first_text(_TITLE_XPATH(root, type=kind)) for kind in ("series", "subseries", "volume")
    )
    title = _first_text(_TITLE_XPATH(root, type="complete")) or ", ".join(filter(None, parts))
    volume = _first_text(_TITLE_XPATH(root, type="volumenumber")) or _first_text(
        _TITLE_XPATH(root, type="volume-number")
    )
    editors = [name for name in (_plain(e) for e in _EDITOR_XPATH(root)) if name]
    publisher, place, year = (
        _first_text(_IMPRINT_XPATH(root, part=part)) for part in ("publisher", "pubPlace", "date")
    )
    return CollectionRecord(
        key=stem,
        title=title or stem,
        volume=volume,
        editors=editors,
        publisher=publisher,
        publication_place=place,
        publication_year=year,
    )


def _persons(root: etree._Element) -> list[PersonEntry]:
    return [
        PersonEntry(key=key, name=label, description=description)
        for key, label, description in _list_entries(root, "persons", PERSNAME)
    ]


def _terms(root: etree._Element) -> list[TermEntry]:
    return [
        TermEntry(key=key, term=label, expansion=expansion)
        for key, label, expansion in _list_entries(root, "terms", TERM)
    ]


def _list_entries(root: etree._Element, section: str, tag: str) -> Iterator[tuple[str, str, str]]:
    """(xml:id, label, text after the bold label) for each labelled entry of a front section.

    Entries read `<item><hi><persName xml:id=..>Name</persName>,</hi> description</item>`.
    """
    for div in _SECTION_XPATH(root, id=section):
        for label in div.iter(tag):
            key = label.get(XML_ID)
            if key:
                yield key, _plain(label), _text_after_label(label)


def _text_after_label(label: etree._Element) -> str:
    child = label
    item = label.getparent()
    while item is not None and item.tag != ITEM:
        child, item = item, item.getparent()
    if item is None:
        return ""
    out = _Text()
    out.add(child.tail)
    for sibling in child.itersiblings():
        _inline(sibling, out, None)
        out.add(sibling.tail)
    return out.text().lstrip(",;: ").strip()


# ---------------------------------------------------------------------------------------------
# Document level


@dataclass
class _Doc:
    """What one document's walk needs to share: its source note and the footnotes it defers."""

    source: etree._Element | None
    source_anchor: int | None = None
    blocks: list[BlockRecord] = field(default_factory=list)
    notes: list[tuple[etree._Element, int | None]] = field(default_factory=list)


def _documents(
    divs: list[tuple[etree._Element, list[str]]], stem: str, volume_id: str
) -> Iterator[DocumentRecord]:
    for div, pages in divs:
        yield _document(div, pages, stem, volume_id)
        div.clear()  # this subtree is done; let lxml free it


def _document(div: etree._Element, pages: list[str], stem: str, volume_id: str) -> DocumentRecord:
    doc_id = div.get(XML_ID, "")
    number = div.get("n", "")
    doc = _Doc(source=_source_note(div))
    doc.blocks.extend(BlockRecord(kind="pagebreak", text="", n=n) for n in pages)
    title = ""
    for child in div:
        index = len(doc.blocks)
        _add_child_blocks(child, doc)
        if child.tag == HEAD and not title and len(doc.blocks) > index:
            title = _strip_number(doc.blocks[index].text, number)
    source = _source_citation(doc)
    _add_footnotes(doc)
    dateline = _dateline(div)
    lists = list(div.iterchildren(LIST))
    title = title or f"Document {number}"
    return DocumentRecord(
        key=f"{stem}-{doc_id}",
        title=title,
        date=_date_value(div, dateline),
        types=[document_type(title, has_dateline=dateline is not None)],
        blocks=doc.blocks,
        source=source,
        languages=["en"],
        classification=_classification(source),
        record_id=f"{volume_id}/{doc_id}",
        number=number,
        places=_places(dateline),
        subjects=[s for lst in lists if lst.get("type") == "subject" for s in _subjects(lst)],
        participants=[
            p for lst in lists if lst.get("type") == "participants" for p in _participants(lst)
        ],
        line=div.sourceline,
    )


def _strip_number(heading: str, number: str) -> str:
    """ "55. Memorandum of Conversation" -> "Memorandum of Conversation"."""
    prefix = f"{number}."
    if number and heading.startswith(prefix):
        return heading[len(prefix) :].strip()
    return re.sub(r"^\d+[A-Za-z]?\.\s+", "", heading)


def _add_child_blocks(child: etree._Element, doc: _Doc) -> None:
    tag = child.tag
    if tag == PB:
        doc.blocks.append(BlockRecord(kind="pagebreak", text="", n=child.get("n", "")))
    elif tag == TABLE:
        for row in child.iter(ROW):
            _add_block(row, "paragraph", doc)
    else:
        _add_block(child, _BLOCK_KINDS.get(tag, "paragraph"), doc)


def _add_block(
    el: etree._Element, kind: str, doc: _Doc, n: str = "", anchor: int | None = None
) -> None:
    """Walk `el` into one block; queue its footnotes; follow it with the page breaks it holds."""
    out = _Text()
    _content(el, out, doc)
    text, mentions, annotations = out.finish()
    if not text and not out.notes and not out.pages and kind != "footnote":
        return
    index = len(doc.blocks)
    doc.blocks.append(
        BlockRecord(kind, text, n=n, anchor=anchor, annotations=annotations, mentions=mentions)
    )
    doc.notes.extend((note, index) for note in out.notes)
    if out.holds_source:
        doc.source_anchor = index
    if kind != "footnote":
        doc.blocks.extend(BlockRecord(kind="pagebreak", text="", n=page) for page in out.pages)


def _add_footnotes(doc: _Doc) -> None:
    """Footnotes after the running text; notes found inside footnotes are queued behind them."""
    done = 0
    while done < len(doc.notes):
        note, anchor = doc.notes[done]
        done += 1
        _add_block(note, "footnote", doc, n=note.get("n", ""), anchor=anchor)


def _source_note(div: etree._Element) -> etree._Element | None:
    """The note typed "source", else the first note if it begins "Source:"."""
    first = None
    for note in div.iter(NOTE):
        if note.get("type") == "source":
            return note
        if first is None:
            first = note
    if first is not None and _plain(first).startswith("Source:"):
        return first
    return None


def _source_citation(doc: _Doc) -> SourceCitation | None:
    if doc.source is None:
        return None
    out = _Text()
    _walk(doc.source, out, doc)
    text, _, _ = out.finish()
    doc.notes[:0] = [(note, doc.source_anchor) for note in out.notes]  # printed first
    text = re.sub(r"^Source:\s*", "", text)
    return SourceCitation(text=text)


def _classification(source: SourceCitation | None) -> str:
    """The marking FRUS prints after the archive reference ("... 748.00/11–658. Confidential.")."""
    if source is None:
        return ""
    found = _CLASSIFICATION.search(source.text)
    return found.group(1) if found else ""


def _dateline(div: etree._Element) -> etree._Element | None:
    dateline = div.find(DATELINE)
    if dateline is None:
        dateline = div.find(f"{OPENER}/{DATELINE}")
    return dateline


def _places(dateline: etree._Element | None) -> list[str]:
    if dateline is None:
        return []
    place = dateline.find(f".//{PLACENAME}")
    name = _plain(place) if place is not None else ""
    return [name] if name else []


def _subjects(lst: etree._Element) -> list[str]:
    return [text for text in (_plain(item) for item in lst.iter(ITEM)) if text]


# ---------------------------------------------------------------------------------------------
# Participants


def _participants(lst: etree._Element) -> list[ParticipantRecord]:
    """One participant per list item; group captions ("United States", "USSR") are skipped."""
    found: list[ParticipantRecord] = []
    for item in lst.iterchildren(ITEM):
        inner = item.find(LIST)
        if inner is not None:
            found.extend(_participants(inner))
        elif not _is_group_caption(item):
            participant = _participant(item)
            if participant.name:
                found.append(participant)
    return found


def _is_group_caption(item: etree._Element) -> bool:
    children = list(item)
    only_hi = len(children) == 1 and children[0].tag == HI and not (item.text or "").strip()
    if only_hi and not (children[0].tail or "").strip():
        return True
    if item.find(f".//{PERSNAME}") is not None:
        return False
    text = _plain(item)
    return not any(ch.islower() for ch in text) or bool(_CAPTION.match(text))


def _participant(item: etree._Element) -> ParticipantRecord:
    """ "Mr. Foy D. Kohler, Deputy Assistant Secretary" -> name, role; the name's persName key."""
    out = _Text()
    _walk(item, out, None)
    text, mentions, _ = out.finish()
    persons = [m for m in mentions if m.kind == "person"]
    name, role, start = _split_name_role(text)
    key = next((m.key for m in persons if start <= m.start < start + len(name)), "")
    if not key and role and role == text[-len(role) :]:
        # "Chinese Defense Minister, <persName>Chiang Ching-kuo</persName>": the tagged name
        # after the comma is the person, what precedes it the role.
        tail = next((m for m in persons if m.text == role and m.end == len(text)), None)
        if tail is not None:
            return ParticipantRecord(name=role, role=name, key=tail.key)
    return ParticipantRecord(name=name, role=role, key=key)


def _split_name_role(text: str) -> tuple[str, str, int]:
    """Split at the first comma or dash; an office symbol before a dash ("E—Mr. Beale") is role."""
    found = _NAME_ROLE_SEPARATOR.search(text)
    if found is None:
        paren = re.match(r"^(.*?)\s*\(([^()]*)\)$", text)
        if paren:
            return paren.group(1), paren.group(2), 0
        return text, "", 0
    head, tail = text[: found.start()], text[found.end() :]
    if "," not in found.group() and _OFFICE_SYMBOL.match(head) and tail:
        return tail, head, found.end()
    return head, tail, 0


# ---------------------------------------------------------------------------------------------
# Dates


def _date_value(div: etree._Element, dateline: etree._Element | None) -> DateValue:
    """The dateline date, normalized from the publisher's attributes, never from the words."""
    date_el = _dateline_date(dateline)
    text = _plain(date_el) if date_el is not None else ""
    for min_attr, max_attr in _DOC_DATETIME:
        low, high = div.get(min_attr), div.get(max_attr)
        if low or high:
            return _range_value(text, low or high, high or low)
    if date_el is None:
        return DateValue(text=text, precision="unknown")
    when = date_el.get("when")
    if when:
        bounds = _iso_bounds(when)
        if bounds is None:
            return DateValue(text=text, precision="unknown")
        return DateValue(text=text, start=bounds[0], end=bounds[1], precision=bounds[2])
    low = date_el.get("notBefore") or date_el.get("from")
    high = date_el.get("notAfter") or date_el.get("to")
    if low or high:
        return _range_value(text, low, high)
    return DateValue(text=text, precision="unknown")


def _dateline_date(dateline: etree._Element | None) -> etree._Element | None:
    """The first date carrying a normalized value, else the first date (e.g. "undated")."""
    if dateline is None:
        return None
    dates = list(dateline.iter(DATE))
    for candidate in dates:
        if any(candidate.get(attr) for attr in _DATE_ATTRS):
            return candidate
    return dates[0] if dates else None


def _range_value(text: str, low: str | None, high: str | None) -> DateValue:
    first = _iso_bounds(low) if low else None
    last = _iso_bounds(high) if high else None
    start = first[0] if first else None
    end = last[1] if last else None
    if start is None and end is None:
        return DateValue(text=text, precision="unknown")
    precision = "day" if start is not None and start == end else "range"
    return DateValue(text=text, start=start, end=end, precision=precision)


def _iso_bounds(value: str) -> tuple[date, date, str] | None:
    """First and last day an ISO date (YYYY, YYYY-MM, YYYY-MM-DD, or a dateTime) covers."""
    value = value.strip()[:10]
    try:
        if len(value) == 4:
            year = int(value)
            return date(year, 1, 1), date(year, 12, 31), "year"
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            following = date(year + month // 12, month % 12 + 1, 1)
            return date(year, month, 1), date.fromordinal(following.toordinal() - 1), "month"
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day, day, "day"


# ---------------------------------------------------------------------------------------------
# Types


_TYPE_RULES = tuple(
    (re.compile(pattern, re.IGNORECASE), name)
    for pattern, name in (
        (r"^editorial note\b", "Editorial Note"),
        (r"\bmemorandum of (a )?conversation", "Memorandum of Conversation"),
        (r"telephone conversation|^transcript of (a )?telephone", "Telephone Conversation"),
        (r"^special national intelligence estimate", "Special National Intelligence Estimate"),
        (r"^national intelligence estimate", "National Intelligence Estimate"),
        (r"^national security action memorandum", "National Security Action Memorandum"),
        (r"^circular telegram", "Circular Telegram"),
        (r"^(circular )?airgram", "Airgram"),
        (r"^telegram|^intelligence information cable", "Telegram"),
        (r"^(circular )?instruction", "Instruction"),
        (r"^despatch", "Despatch"),
        (r"^(draft )?letter\b", "Letter"),
        (r"^(oral |draft )?message\b|^informal communication\b", "Message"),
        (r"^memorandum of discussion\b", "Memorandum of Discussion"),
        (r"^(summary |preliminary |draft )?minutes\b", "Minutes"),
        (r"^(summary )?record of|^memorandum of (a )?(conference|meeting)", "Record of Meeting"),
        (r"^highlights (of|from)\b", "Record of Meeting"),
        (r"^(preliminary |summary )?notes\b", "Notes"),
        (r"^([\w-]+ )?note\b", "Note"),
        (r"^transcript\b", "Transcript"),
        (r"\bdiary entry\b", "Diary Entry"),
        (r"^aide-m[ée]moire\b", "Aide-Mémoire"),
        (r"^([\w-]+ ){0,4}paper\b|^talking points\b|^intelligence brief\b", "Paper"),
        (r"^([\w-]+ ){0,4}report\b", "Report"),
        (r"^current intelligence weekly", "Report"),
        (r"^([\w-]+ ){0,4}study\b", "Study"),
        (r"^(weekly )?summary\b", "Summary"),
        (r"^([\w-]+ ){0,5}statement\b|^address\b", "Statement"),
        (r"press release\b", "Press Release"),
        (r"communiqu[ée]\b", "Communiqué"),
        (r"^([\w-]+ ){0,2}memorandum\b", "Memorandum"),
    )
)


def document_type(title: str, *, has_dateline: bool = True) -> str:
    """The one document type a FRUS title states ("Telegram From the Embassy…" -> "Telegram")."""
    for pattern, name in _TYPE_RULES:
        if pattern.search(title):
            return name
    return "Document" if has_dateline else "Editorial Note"


# ---------------------------------------------------------------------------------------------
# Text


class _Text:
    """Whitespace-normalized text that keeps exact offsets for what is marked while it grows."""

    __slots__ = (
        "_last", "_parts", "_space", "holds_source", "length", "marks", "notes", "pages",
    )  # fmt: skip

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._space = False
        self._last = ""
        self.length = 0
        self.marks: list[tuple[str, str, int, int]] = []  # (kind, key or note n, start, end)
        self.notes: list[etree._Element] = []
        self.pages: list[str] = []
        self.holds_source = False

    def add(self, raw: str | None) -> None:
        if not raw:
            return
        words = raw.split()
        if not words:
            self._space = True
            return
        if self.length and (self._space or raw[0].isspace()):
            self._parts.append(" ")
            self.length += 1
        joined = " ".join(words)
        self._parts.append(joined)
        self.length += len(joined)
        self._space = raw[-1].isspace()
        self._last = joined[-1]

    def gap(self) -> None:
        self._space = True

    def close_with(self, mark: str) -> None:
        """End the text so far with `mark` unless it already ends in punctuation."""
        if self.length and self._last not in _PUNCT_END:
            self._space = False
            self.add(mark)

    def text(self) -> str:
        return "".join(self._parts)

    def finish(self) -> tuple[str, list[MentionRecord], list[AnnotationRecord]]:
        text = self.text()
        mentions: list[MentionRecord] = []
        annotations: list[AnnotationRecord] = []
        for kind, key, start, end in self.marks:
            if kind == "noteref":
                annotations.append(AnnotationRecord(kind="noteref", start=start, end=end, text=key))
                continue
            while start < end and text[start] == " ":
                start += 1
            if start < end:
                mentions.append(MentionRecord(kind, key, start, end, text[start:end]))
        return text, mentions, annotations


def _content(el: etree._Element, out: _Text, doc: _Doc | None) -> None:
    if el.tag == LIST:
        _walk_list(el, out, doc)
    elif el.tag == ROW:
        _walk_row(el, out, doc)
    else:
        _walk(el, out, doc)


def _walk(el: etree._Element, out: _Text, doc: _Doc | None) -> None:
    """Append the text inside `el` (not its tail), marking names, notes and page breaks."""
    out.add(el.text)
    for child in el:
        _inline(child, out, doc)
        out.add(child.tail)


def _inline(el: etree._Element, out: _Text, doc: _Doc | None) -> None:
    tag = el.tag
    if tag == NOTE:
        _defer_note(el, out, doc)
    elif tag == PB:
        out.pages.append(el.get("n", ""))
    elif tag in (PERSNAME, GLOSS):
        _walk_mention(el, out, doc)
    elif tag == LIST:
        _walk_list(el, out, doc)
    elif tag == ROW:
        _walk_row(el, out, doc)
    elif tag in _BREAKS:
        out.gap()
        _walk(el, out, doc)
        out.gap()
    else:
        _walk(el, out, doc)


def _defer_note(note: etree._Element, out: _Text, doc: _Doc | None) -> None:
    """Leave a zero-width marker where a footnote stood; its text becomes its own block."""
    if doc is not None and note is doc.source:
        out.holds_source = True
        return
    out.marks.append(("noteref", note.get("n", ""), out.length, out.length))
    out.notes.append(note)
    out.pages.extend(pb.get("n", "") for pb in note.iter(PB))


def _walk_mention(el: etree._Element, out: _Text, doc: _Doc | None) -> None:
    if el.tag == PERSNAME:
        kind, ref = "person", el.get("corresp")
    else:
        kind, ref = "term", el.get("target")
    start = out.length
    _walk(el, out, doc)
    if ref:
        for key in ref.split():
            out.marks.append((kind, key.removeprefix("#"), start, out.length))


def _walk_list(el: etree._Element, out: _Text, doc: _Doc | None) -> None:
    """Head, then items: "PARTICIPANTS: A, role; B; C" (captions and items kept apart)."""
    out.gap()
    out.add(el.text)
    items = 0
    for child in el:
        if child.tag == ITEM:
            if items:
                out.close_with(";")
            out.gap()
            _walk(child, out, doc)
            items += 1
        elif child.tag == HEAD:
            _walk(child, out, doc)
            out.close_with(":")
        else:
            _inline(child, out, doc)
        out.add(child.tail)
    out.gap()


def _walk_row(row: etree._Element, out: _Text, doc: _Doc | None) -> None:
    """Table cells on one line, kept apart by " | "."""
    out.gap()
    for index, cell in enumerate(row.iterchildren(CELL)):
        if index:
            out.add(" | ")
        _walk(cell, out, doc)
    out.gap()


def _plain(el: etree._Element | None) -> str:
    """Whitespace-normalized text of `el` with notes left out."""
    if el is None:
        return ""
    out = _Text()
    _walk(el, out, None)
    return out.text()


def _first_text(elements: list[etree._Element]) -> str:
    return _plain(elements[0]) if elements else ""
