"""A volume's table of contents: its compilations and chapters as the editors built them.

FRUS volumes group their documents in `div[@type='compilation']` (a country, a topic) and
`div[@type='chapter']` inside them; some have one compilation and no chapters
(frus1961-63v05), some several compilations and no chapters (frus1964-68v30). The front
matter's sections are not in the body and never part of it. A grouping's title is its head
as printed, without the note some heads carry ("For previous documentation, see …").
"""

from __future__ import annotations

from lxml import etree

from readingroom.ingest.frus.document import DocumentDiv, document_key
from readingroom.ingest.frus.tei import DIV, HEAD, XML_ID
from readingroom.ingest.frus.text import plain
from readingroom.records.contract import ContentsEntry
from readingroom.records.identifiers import normalized


def contents(body: etree._Element, divs: list[DocumentDiv], stem: str) -> list[ContentsEntry]:
    """The body's groupings and documents in order; documents by their stored keys (a
    repeated xml:id's "-2" included), groupings holding no document left out."""
    keys = {d.element: document_key(stem, d.doc_id) for d in divs}
    return _entries(body, keys, [0])


def _entries(
    parent: etree._Element, keys: dict[etree._Element, str], unnamed: list[int]
) -> list[ContentsEntry]:
    out: list[ContentsEntry] = []
    for child in parent.iterchildren(DIV):
        if child in keys:
            out.append(ContentsEntry(kind="document", key=keys[child]))
            continue
        entries = _entries(child, keys, unnamed)
        if entries:
            out.append(_grouping(child, entries, unnamed))
    return out


def _grouping(
    div: etree._Element, entries: list[ContentsEntry], unnamed: list[int]
) -> ContentsEntry:
    """A compilation, or a chapter (any other grouping: a subchapter is a chapter in one)."""
    key = div.get(XML_ID, "")
    if not key:
        unnamed[0] += 1
        key = f"part{unnamed[0]}"
    kind = "compilation" if div.get("type") == "compilation" else "chapter"
    title = plain(div.find(HEAD))
    return ContentsEntry(kind=kind, key=normalized(key), title=title, entries=entries)
