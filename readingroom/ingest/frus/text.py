"""The text walker: TEI inline markup to normalized text with exact offsets.

One pass over an element yields its text and, at their offsets, the person and term mentions
and the footnote markers; the notes themselves and the page breaks met on the way are collected
for the caller, who turns them into blocks of their own. `source` is the document's source note
when there is one: it becomes the citation, not a footnote, so the walk only records that the
block holds it. A cross-reference (`<ref target="#d83">Document 83</ref>`) becomes a "link"
annotation over its words, its target as written until `link_target` names what it points to.
"""

from __future__ import annotations

import re

from lxml import etree

from readingroom.ingest.frus.tei import (
    CELL,
    GLOSS,
    HEAD,
    ITEM,
    LIST,
    NOTE,
    PB,
    PERSNAME,
    REF,
    ROW,
    tei,
)
from readingroom.records.contract import AnnotationRecord, MentionRecord
from readingroom.records.identifiers import KEY_LENGTH, normalized

# Elements that start and end a line in print: their text is kept apart by a space.
_BREAKS = frozenset(
    tei(name)
    for name in (
        "p", "item", "lb", "head", "signed", "salute", "dateline", "closer", "opener",
        "table", "label", "ab", "lg", "l", "byline", "postscript",
    )
)  # fmt: skip
_PUNCT_END = frozenset(".;:,!?—–")

Source = etree._Element | None


class Text:
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
        """Append `raw` with runs of whitespace made one space, as a reader sees it."""
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
        """Ask for a space before the next text, so words of two lines do not run together."""
        self._space = True

    def close_with(self, mark: str) -> None:
        """End the text so far with `mark` unless it already ends in punctuation."""
        if self.length and self._last not in _PUNCT_END:
            self._space = False
            self.add(mark)

    def text(self) -> str:
        return "".join(self._parts)

    def finish(self, stem: str = "") -> tuple[str, list[MentionRecord], list[AnnotationRecord]]:
        """The text with its mentions (leading spaces trimmed off), note markers and the
        links of its cross-references (read as written in the volume `stem`)."""
        text = self.text()
        mentions: list[MentionRecord] = []
        annotations: list[AnnotationRecord] = []
        for kind, key, start, end in self.marks:
            if kind == "noteref":
                annotations.append(AnnotationRecord(kind="noteref", start=start, end=end, text=key))
                continue
            while start < end and text[start] == " ":
                start += 1
            if kind == "link":
                if start < end and (target := link_target(key, stem)):
                    annotations.append(AnnotationRecord(kind, start, end, text[start:end], target))
            elif start < end:
                mentions.append(MentionRecord(kind, key, start, end, text[start:end]))
        annotations.sort(key=lambda a: a.start)  # as stored rows are read back
        return text, mentions, annotations


def content(el: etree._Element, out: Text, source: Source) -> None:
    """Walk a block-level element; lists and table rows get their printed separators."""
    if el.tag == LIST:
        _walk_list(el, out, source)
    elif el.tag == ROW:
        _walk_row(el, out, source)
    else:
        walk(el, out, source)


def walk(el: etree._Element, out: Text, source: Source) -> None:
    """Append the text inside `el` (not its tail), marking names, notes and page breaks."""
    out.add(el.text)
    for child in el:
        inline(child, out, source)
        out.add(child.tail)


def inline(el: etree._Element, out: Text, source: Source) -> None:
    """Append one child element (not its tail) by what it is."""
    tag = el.tag
    if tag == NOTE:
        _defer_note(el, out, source)
    elif tag == PB:
        out.pages.append(el.get("n", ""))
    elif tag in (PERSNAME, GLOSS):
        _walk_mention(el, out, source)
    elif tag == REF:
        _walk_ref(el, out, source)
    elif tag == LIST:
        _walk_list(el, out, source)
    elif tag == ROW:
        _walk_row(el, out, source)
    elif tag in _BREAKS:
        out.gap()
        walk(el, out, source)
        out.gap()
    else:
        walk(el, out, source)


def _defer_note(note: etree._Element, out: Text, source: Source) -> None:
    """Leave a zero-width marker where a footnote stood; its text becomes its own block."""
    if note is source:
        out.holds_source = True
        return
    out.marks.append(("noteref", note.get("n", ""), out.length, out.length))
    out.notes.append(note)
    out.pages.extend(pb.get("n", "") for pb in note.iter(PB))


def _walk_mention(el: etree._Element, out: Text, source: Source) -> None:
    """A persName or gloss: its text, marked with every key its reference names."""
    if el.tag == PERSNAME:
        kind, ref = "person", el.get("corresp")
    else:
        kind, ref = "term", el.get("target")
    start = out.length
    walk(el, out, source)
    if ref:
        for key in ref.split():
            out.marks.append((kind, key.removeprefix("#"), start, out.length))


def _walk_ref(el: etree._Element, out: Text, source: Source) -> None:
    """A cross-reference: its words, marked with its target as written."""
    start = out.length
    walk(el, out, source)
    target = (el.get("target") or "").strip()
    if target:
        out.marks.append(("link", target, start, out.length))


_URL = re.compile(r"https?://[^\s\"<>]+")
_VOLUME = re.compile(r"frus[0-9A-Za-z-]+?")
_DOCUMENT = re.compile(r"(?P<doc>d[0-9][0-9A-Za-z_.-]*?)(?:fn(?P<note>[0-9]+))?")
_TARGET_LENGTH = 300  # records.Annotation.target


def link_target(raw: str, stem: str) -> str:
    """What a `ref` of the volume `stem` points to, as a link annotation keeps it: a document
    key ("frus1958-60v18-d83"), with "#fn2" for one of its footnotes; a volume's collection
    key for a whole volume (or a page of it); an http(s) URL; "" when it names nothing this
    archive could hold (a page of the volume itself, a chapter)."""
    if _URL.fullmatch(raw):
        return raw if len(raw) <= _TARGET_LENGTH else ""
    volume, _, fragment = raw.partition("#")
    volume = re.sub(r"fn[0-9]+$", "", volume)  # a note of a volume's front matter
    if volume and not _VOLUME.fullmatch(volume):
        return ""
    document = _DOCUMENT.fullmatch(fragment)
    if document:
        key = normalized(f"{volume or stem}-{document['doc']}")
        return f"{key}#fn{document['note']}" if document["note"] else key
    return normalized(volume, KEY_LENGTH) if volume else ""


def _walk_list(el: etree._Element, out: Text, source: Source) -> None:
    """Head, then items: "PARTICIPANTS: A, role; B; C" (captions and items kept apart)."""
    out.gap()
    out.add(el.text)
    items = 0
    for child in el:
        if child.tag == ITEM:
            if items:
                out.close_with(";")
            out.gap()
            walk(child, out, source)
            items += 1
        elif child.tag == HEAD:
            walk(child, out, source)
            out.close_with(":")
        else:
            inline(child, out, source)
        out.add(child.tail)
    out.gap()


def _walk_row(row: etree._Element, out: Text, source: Source) -> None:
    """Table cells on one line, kept apart by " | "."""
    out.gap()
    for index, cell in enumerate(row.iterchildren(CELL)):
        if index:
            out.add(" | ")
        walk(cell, out, source)
    out.gap()


def plain(el: etree._Element | None) -> str:
    """Whitespace-normalized text of `el` with notes left out."""
    if el is None:
        return ""
    out = Text()
    walk(el, out, None)
    return out.text()


def first_text(elements: list[etree._Element]) -> str:
    """The plain text of the first match of an XPath, or "" when nothing matched."""
    return plain(elements[0]) if elements else ""
