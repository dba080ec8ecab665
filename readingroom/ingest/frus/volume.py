"""The volume level: the importer, the volume's collection record and its authority lists.

The whole file is parsed and every document div found and checked (each has an id) before the
first document is built, so a broken file is rejected before anything is saved. A repeated
`xml:id` does not reject it: it is a warning naming the id and both lines, and a document whose
id an earlier document has is stored under the id with "-2" added (see `_distinct_ids`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from lxml import etree

from readingroom.ingest.base import Importer, ParseError
from readingroom.ingest.frus.contents import contents
from readingroom.ingest.frus.document import DocumentDiv, document_key, documents
from readingroom.ingest.frus.tei import (
    BODY,
    DIV,
    FRUS_NAMESPACES,
    ITEM,
    NAMESPACES,
    PB,
    PERSNAME,
    TEI,
    TEI_NS,
    TERM,
    TEXT,
    XML_ID,
)
from readingroom.ingest.frus.text import Text, first_text, inline, plain
from readingroom.ingest.report import WarnedFile
from readingroom.ingest.xmlsafe import RepeatedId, parse_xml, repeated_ids
from readingroom.records.contract import (
    CollectionRecord,
    ContentsEntry,
    PersonEntry,
    TermEntry,
)
from readingroom.records.identifiers import KEY_LENGTH, normalized

_SECTION_XPATH = etree.XPath("t:text/t:front//t:div[@xml:id=$id]", namespaces=NAMESPACES)
_TITLE_XPATH = etree.XPath(
    "t:teiHeader/t:fileDesc/t:titleStmt/t:title[@type=$type]", namespaces=NAMESPACES
)
_EDITOR_XPATH = etree.XPath("t:teiHeader/t:fileDesc/t:titleStmt/t:editor", namespaces=NAMESPACES)
_IDNO_XPATH = etree.XPath(
    "t:teiHeader/t:fileDesc/t:publicationStmt/t:idno[@type='frus']", namespaces=NAMESPACES
)
_IMPRINT_XPATH = etree.XPath(
    "t:teiHeader/t:fileDesc/t:publicationStmt/t:*[local-name() = $part]", namespaces=NAMESPACES
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

    def parse(self, path: Path) -> WarnedFile:
        """Parse and check the whole volume now; build its documents lazily."""
        path = Path(path)
        root = parse_xml(path).getroot()
        body = _volume_body(root, path)
        divs = _document_divs(body, path)
        volume_id = first_text(_IDNO_XPATH(root)) or path.stem
        renamed = {d.element: d.doc_id for d in divs if d.doc_id != d.element.get(XML_ID)}
        warnings = [_repeat_warning(r, renamed, path) for r in repeated_ids(root)]
        return WarnedFile(
            path=str(path),
            documents=documents(divs, path.stem, volume_id),
            collection=_collection(root, path.stem, contents(body, divs, path.stem)),
            persons=_persons(root),
            terms=_terms(root),
            total=len(divs),
            warnings=warnings,
        )


def _volume_body(root: etree._Element, path: Path) -> etree._Element:
    """The text/body of a TEI root, or a ParseError that says what the file is instead."""
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


def _document_divs(body: etree._Element, path: Path) -> list[DocumentDiv]:
    """Every document div with the page breaks that open it, checked before any is built."""
    found: list[DocumentDiv] = []
    pages: list[str] = []

    def visit(parent: etree._Element) -> None:
        for child in parent:
            if child.tag == PB:
                pages.append(child.get("n", ""))
            elif child.tag == DIV and child.get("type") == "document":
                found.append(DocumentDiv(child, pages.copy(), _document_id(child, path)))
                pages.clear()
            elif child.tag == DIV:
                visit(child)

    visit(body)
    if not found:
        raise ParseError("no div[@type='document'] in text/body", path=str(path))
    _distinct_ids(found)
    return found


def _document_id(div: etree._Element, path: Path) -> str:
    """Document keys are built from xml:id, so a missing one rejects the file."""
    doc_id = div.get(XML_ID)
    if not doc_id:
        raise ParseError("document div without xml:id", path=str(path), line=div.sourceline)
    return doc_id


def _distinct_ids(divs: list[DocumentDiv]) -> None:
    """Give each document whose xml:id an earlier one has the id with "-2" ("-3", …) added.

    Its identifier must be its own, and the same at every import of the file: the suffix counts
    the uses of the id in file order, skipping any id the file already has.
    """
    taken = {d.doc_id for d in divs}
    uses: Counter[str] = Counter()
    for div in divs:
        written = div.doc_id
        uses[written] += 1
        if uses[written] > 1:
            n = uses[written]
            while f"{written}-{n}" in taken:
                n += 1
            div.doc_id = f"{written}-{n}"
            taken.add(div.doc_id)


def _repeat_warning(repeat: RepeatedId, renamed: dict[etree._Element, str], path: Path) -> str:
    """What the archivist reads about one repeated xml:id: where, and what was done."""
    where = f"{path}, line {repeat.line}" if repeat.line is not None else str(path)
    first = f"line {repeat.first_line}" if repeat.first_line is not None else "an earlier line"
    if repeat.element in renamed:
        key = document_key(path.stem, renamed[repeat.element])
        return (
            f"{where}: document xml:id {repeat.value!r} repeats the one on {first}; "
            f"this document is stored as {key!r}"
        )
    tag = etree.QName(repeat.element).localname
    return (
        f"{where}: xml:id {repeat.value!r} (a <{tag}>) repeats the one on {first}; "
        "imported as it is, so a link to this id may mean either"
    )


def _collection(root: etree._Element, stem: str, entries: list[ContentsEntry]) -> CollectionRecord:
    """The volume as a collection, from the TEI header's title and publication statements,
    with its table of contents."""
    parts = (
        first_text(_TITLE_XPATH(root, type=kind)) for kind in ("series", "subseries", "volume")
    )
    title = first_text(_TITLE_XPATH(root, type="complete")) or ", ".join(filter(None, parts))
    volume = first_text(_TITLE_XPATH(root, type="volumenumber")) or first_text(
        _TITLE_XPATH(root, type="volume-number")
    )
    editors = [name for name in (plain(e) for e in _EDITOR_XPATH(root)) if name]
    publisher, place, year = (
        first_text(_IMPRINT_XPATH(root, part=part)) for part in ("publisher", "pubPlace", "date")
    )
    return CollectionRecord(
        key=normalized(stem, KEY_LENGTH),
        title=title or stem,
        volume=volume,
        editors=editors,
        publisher=publisher,
        publication_place=place,
        publication_year=year,
        contents=entries,
    )


def _persons(root: etree._Element) -> list[PersonEntry]:
    """The volume's "Persons" list, which the documents' persName keys point into."""
    return [
        PersonEntry(key=key, name=label, description=description)
        for key, label, description in _list_entries(root, "persons", PERSNAME)
    ]


def _terms(root: etree._Element) -> list[TermEntry]:
    """The volume's "Abbreviations and Terms" list, which the documents' glosses point into."""
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
                yield key, plain(label), _text_after_label(label)


def _text_after_label(label: etree._Element) -> str:
    """What follows the label's item-level ancestor inside the item, without the leading comma."""
    child = label
    item = label.getparent()
    while item is not None and item.tag != ITEM:
        child, item = item, item.getparent()
    if item is None:
        return ""
    out = Text()
    out.add(child.tail)
    for sibling in child.itersiblings():
        inline(sibling, out, None)
        out.add(sibling.tail)
    return out.text().lstrip(",;: ").strip()
