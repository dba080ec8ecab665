"""A document as a TEI P5 file: header from the record, body from its blocks.

Speaker turns become <sp>, footnotes <note>, page breaks <pb/>; inside the text, editorial
insertions and tagged names become inline elements, and a passage still withheld a <gap>.
Where two spans overlap only the first is marked (TEI nesting cannot hold both), and the text
itself is always kept whole.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from readingroom.enrich import withheld

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_SP = f"{{{TEI_NS}}}sp"
INLINE = {
    "supplied": ("supplied", {"reason": "editorial"}),
    "sic": ("sic", {}),
    "role": ("note", {"type": "role", "place": "inline"}),
    "alternate": ("note", {"type": "alternate-spelling", "place": "inline"}),
    "other": ("note", {"type": "editorial", "place": "inline"}),
    "person": ("persName", {}),
    "place": ("placeName", {}),
    "organization": ("orgName", {}),
    "term": ("term", {}),
}


def _el(parent: etree._Element | None, tag: str, text: str = "", **attrs: str):
    qname = f"{{{TEI_NS}}}{tag}"
    element = etree.Element(qname) if parent is None else etree.SubElement(parent, qname)
    for key, value in attrs.items():
        if value:
            element.set(key, value)
    if text:
        element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    return "".join(ch for ch in str(text) if ch in "\t\n\r" or ord(ch) >= 0x20)


def tei_document(record: dict[str, Any], url: str) -> bytes:
    """The record (a `records.serialize.public_view` dict) as TEI XML bytes."""
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    root.set(f"{{{XML_NS}}}id", record["identifier"])
    _header(_el(root, "teiHeader"), record, url)
    body = _el(_el(root, "text"), "body")
    for block in record["blocks"]:
        _block(body, block)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _header(header: etree._Element, record: dict[str, Any], url: str) -> None:
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", record["title"])
    for credit in record["credits"]:
        resp = _el(title_stmt, "respStmt")
        _el(resp, "resp", credit["role"].replace("_", " "))
        _el(resp, "name", credit["name"])
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", "readingroom")
    _el(publication, "idno", url, type="URI")
    availability = _el(publication, "availability")
    if record["rights"]:
        _el(availability, "p", record["rights"])
    source = _el(file_desc, "sourceDesc")
    bibl = _el(source, "bibl", record["source"]["text"])
    when = record["date"]
    _el(bibl, "date", when["text"], when=when["start"] if when["start"] == when["end"] else "")
    profile = _el(header, "profileDesc")
    if record["summary"]:
        _el(_el(profile, "abstract"), "p", record["summary"])
    keywords = _el(_el(profile, "textClass"), "keywords")
    for term in [*record["types"], *record["subjects"]]:
        _el(keywords, "term", term)


def _block(body: etree._Element, block: dict[str, Any]) -> None:
    kind = block["kind"]
    if kind == "pagebreak":
        _el(body, "pb", n=block["n"])
        return
    if kind == "paragraph" and block["speaker"] and len(body) and body[-1].tag == _SP:
        _inline(_el(body[-1], "p"), block)  # a later paragraph of the same speech
        return
    if kind == "turn":
        sp = _el(body, "sp")
        _el(sp, "speaker", block["speaker"])
        _inline(_el(sp, "p"), block)
        return
    if kind == "footnote":
        _inline(_el(body, "note", n=block["n"], place="foot"), block)
        return
    tag = {"heading": "head", "list": "list", "closer": "closer"}.get(kind, "p")
    target = _el(body, tag, type=kind if tag == "p" and kind != "paragraph" else "")
    _inline(_el(target, "item") if tag == "list" else target, block)


def _spans(block: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """Non-overlapping (start, end, kind, key) spans, earliest first (a withheld passage's
    key is what was withheld)."""
    found = [
        (a["start"], a["end"], a["kind"], a["target"] if a["kind"] == "withheld" else "")
        for a in block["annotations"]
    ]
    found += [(m["start"], m["end"], m["kind"], m["key"]) for m in block["mentions"]]
    chosen: list[tuple[int, int, str, str]] = []
    for span in sorted(found):
        start, end, kind, _ = span
        known = kind in INLINE or kind == "withheld"
        if known and end > start and (not chosen or start >= chosen[-1][1]):
            chosen.append(span)
    return chosen


def _inline(parent: etree._Element, block: dict[str, Any]) -> None:
    text, position, last = block["text"], 0, None
    for start, end, kind, key in _spans(block):
        _append(parent, last, text[position:start])
        if kind == "withheld":
            last = _gap(parent, text[start:end], key)
        else:
            tag, attrs = INLINE[kind]
            last = _el(parent, tag, text[start:end], **attrs, ref=f"#{key}" if key else "")
        position = end
    _append(parent, last, text[position:])


def _gap(parent: etree._Element, marker: str, what: str) -> etree._Element:
    """A withheld passage: <gap reason="not declassified" unit="lines" quantity="…"> with the
    marker as printed in its <desc>, so the text is kept whole."""
    inner = marker.strip()[1:-1] if marker.strip().startswith("[") else marker
    quantity = f"{withheld.lines(inner):g}"
    gap = _el(parent, "gap", reason="not declassified", unit="lines", quantity=quantity)
    gap.set("extent", withheld.described(inner, what))
    _el(gap, "desc", marker, type=what)
    return gap


def _append(parent: etree._Element, last: etree._Element | None, text: str) -> None:
    if not text:
        return
    if last is None:
        parent.text = (parent.text or "") + _clean(text)
    else:
        last.tail = (last.tail or "") + _clean(text)
