"""One `div[@type='document']` -> one `DocumentRecord`, in a single pass over its subtree.

Blocks are the running text in order, then the footnotes; the source note becomes the
citation and is not repeated as a footnote. How titles, the "Source:" caption, page breaks
and nested notes are treated is listed under "Decisions worth knowing" in the package doc.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from readingroom.enrich import classification
from readingroom.ingest.frus.dateline import date_value, find_dateline, places
from readingroom.ingest.frus.doctype import document_type
from readingroom.ingest.frus.participants import participants
from readingroom.ingest.frus.tei import (
    CLOSER,
    DATELINE,
    HEAD,
    ITEM,
    LIST,
    NOTE,
    OPENER,
    PB,
    ROW,
    SIGNED,
    TABLE,
    XML_ID,
)
from readingroom.ingest.frus.text import Text, content, plain, walk
from readingroom.ingest.frus.turns import mark_turns
from readingroom.records.contract import BlockRecord, DocumentRecord, SourceCitation
from readingroom.records.identifiers import normalized

_BLOCK_KINDS = {HEAD: "heading", DATELINE: "heading", OPENER: "heading", LIST: "list",
                CLOSER: "closer", SIGNED: "closer"}  # fmt: skip


@dataclass
class DocumentDiv:
    """A document div found in the volume, before it is built."""

    element: etree._Element
    pages: list[str]  # the page breaks that stood before it
    doc_id: str  # its xml:id; "-2" ("-3", …) added when an earlier document has the same one


def document_key(stem: str, doc_id: str) -> str:
    """The stored identifier: "my vol" + "d1.5" -> "my-vol-d1-5"."""
    return normalized(f"{stem}-{doc_id}")


@dataclass
class _Doc:
    """What one document's walk needs to share: its source note and the footnotes it defers."""

    source: etree._Element | None
    stem: str  # the volume's, which a cross-reference within it leaves out
    source_anchor: int | None = None
    blocks: list[BlockRecord] = field(default_factory=list)
    notes: list[tuple[etree._Element, int | None]] = field(default_factory=list)


def documents(divs: list[DocumentDiv], stem: str, volume_id: str) -> Iterator[DocumentRecord]:
    """Build each document when asked for, then free its subtree, to keep memory flat."""
    for found in divs:
        yield document(found, stem, volume_id)
        found.element.clear()  # this subtree is done; let lxml free it


def document(found: DocumentDiv, stem: str, volume_id: str) -> DocumentRecord:
    """One document div, opened by the page breaks that stood before it.

    `record_id` keeps the publisher's xml:id as written, even when the key had to be suffixed.
    """
    div, pages = found.element, found.pages
    number = div.get("n", "")
    doc = _Doc(source=_source_note(div), stem=stem)
    doc.blocks.extend(BlockRecord(kind="pagebreak", text="", n=n) for n in pages)
    title = ""
    for child in div:
        index = len(doc.blocks)
        _add_child_blocks(child, doc)
        if child.tag == HEAD and not title and len(doc.blocks) > index:
            title = _strip_number(doc.blocks[index].text, number)
    source = _source_citation(doc)
    mark_turns(doc.blocks)
    _add_footnotes(doc)
    dateline = find_dateline(div)
    lists = list(div.iterchildren(LIST))
    title = title or f"Document {number}"
    return DocumentRecord(
        key=document_key(stem, found.doc_id),
        title=title,
        date=date_value(div, dateline),
        types=[document_type(title, has_dateline=dateline is not None)],
        blocks=doc.blocks,
        source=source,
        languages=["en"],
        classification=_classification(source),
        record_id=f"{volume_id}/{div.get(XML_ID, '')}",
        number=number,
        places=places(dateline),
        subjects=[s for lst in lists if lst.get("type") == "subject" for s in _subjects(lst)],
        participants=[
            p for lst in lists if lst.get("type") == "participants" for p in participants(lst)
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
    """A top-level child as blocks: a page break, one block per table row, or one block."""
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
    out = Text()
    content(el, out, doc.source)
    text, mentions, annotations = out.finish(doc.stem)
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
    if first is not None and plain(first).startswith("Source:"):
        return first
    return None


def _source_citation(doc: _Doc) -> SourceCitation | None:
    """The source note as the citation, without its "Source:" caption (see the package doc)."""
    if doc.source is None:
        return None
    out = Text()
    walk(doc.source, out, doc.source)
    text, _, _ = out.finish()
    doc.notes[:0] = [(note, doc.source_anchor) for note in out.notes]  # printed first
    text = re.sub(r"^Source:\s*", "", text)
    return SourceCitation(text=text)


def _classification(source: SourceCitation | None) -> str:
    """The marking FRUS prints after the archive reference ("... 748.00/11–658. Secret;
    Eyes Only."): its level and handling caveats in their controlled spelling, or "Unmarked"
    where the note says the source bears no classification marking."""
    if source is None:
        return ""
    found = classification.read(source.text)
    level = found.level or (classification.UNMARKED if found.unmarked else "")
    return "; ".join(filter(None, [level, *found.caveats]))


def _subjects(lst: etree._Element) -> list[str]:
    """The items of a subject list, as printed."""
    return [text for text in (plain(item) for item in lst.iter(ITEM)) if text]
