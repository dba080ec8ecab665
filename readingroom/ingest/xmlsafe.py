"""Hardened XML reading for source files we did not write.

Archive XML comes from outside, so a file must never make us expand entities (billion laughs,
quadratic blowup), read local files or fetch URLs (external entities, DTDs). lxml can do all of
that when asked; this module makes sure it is never asked, refuses entity declarations outright
(archive exports have no use for them, and refusing is easier to trust than any expansion limit),
and turns every failure into a `ParseError` naming the file and line.

lxml does not collect `xml:id`s: its check refuses a whole file for one repeated id, and the
publisher's files repeat some (three FRUS volumes). `repeated_ids` finds them instead, so the
importer can say where and still read the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from readingroom.ingest.base import ParseError

_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s>]+)")
_XML_IDS = etree.XPath("//@xml:id")


@dataclass(frozen=True)
class RepeatedId:
    """A later use of an `xml:id` that an earlier element of the file already has."""

    value: str
    element: etree._Element  # the element of this (second or later) use
    first_line: int | None  # where the first use is

    @property
    def line(self) -> int | None:
        return self.element.sourceline


def safe_parser() -> etree.XMLParser:
    """A parser that resolves no entity, loads no DTD and never touches the network.

    A new one per call: lxml parsers keep state and must not be shared between threads.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,  # a repeated xml:id must not refuse the file: see `repeated_ids`
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(path: Path) -> etree._ElementTree:
    """Parse the whole file into a tree, or raise `ParseError` before anything is used."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ParseError(f"cannot read file: {err.strerror or err}", path=str(path)) from None
    _refuse_declared_entities(data, path)
    try:
        root = etree.fromstring(data, safe_parser(), base_url=str(path))
    except etree.XMLSyntaxError as err:
        raise ParseError(_describe(err), path=str(path), line=_error_line(err)) from None
    tree = root.getroottree()
    _refuse_dtd_entities(tree, path)
    return tree


def repeated_ids(root: etree._Element) -> list[RepeatedId]:
    """Every use of an `xml:id` after its first, in document order (one pass over the ids)."""
    first: dict[str, int | None] = {}
    repeats: list[RepeatedId] = []
    for found in _XML_IDS(root):
        value, element = str(found), found.getparent()
        if value in first:
            repeats.append(RepeatedId(value, element, first[value]))
        else:
            first[value] = element.sourceline
    return repeats


def _refuse_declared_entities(data: bytes, path: Path) -> None:
    """Cheap first line of defence: a DOCTYPE that declares entities is refused unparsed."""
    if b"<!DOCTYPE" not in data:
        return
    found = _ENTITY_DECL.search(data)
    if found:
        line = data.count(b"\n", 0, found.start()) + 1
        name = found.group(2).decode("utf-8", "replace")
        raise ParseError(
            f"entity declarations are not allowed in archive files (found {name!r})",
            path=str(path),
            line=line,
        )


def _refuse_dtd_entities(tree: etree._ElementTree, path: Path) -> None:
    """Second line of defence, for encodings the byte scan cannot read (e.g. UTF-16)."""
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return
    names = [entity.name for entity in dtd.iterentities()]
    if names:
        raise ParseError(
            f"entity declarations are not allowed in archive files (found {names[0]!r})",
            path=str(path),
            line=1,
        )


def _describe(err: etree.XMLSyntaxError) -> str:
    message = err.msg or str(err)
    if "amplification" in message or "entity" in message.lower():
        return f"entity expansion refused: {message}"
    return f"not well-formed XML: {message}"


def _error_line(err: etree.XMLSyntaxError) -> int | None:
    line = getattr(err, "lineno", None)
    if not line and err.position:
        line = err.position[0]
    return line or None
