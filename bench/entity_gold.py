"""The publisher's person links as gold, and volume copies without them, for bench/entities.py.

FRUS links names to the volume's persons list (persName/@corresp). The copies the benchmark
imports keep every word of the text and drop those links (and, for the harder run, the persons
list itself), so what `readingroom enrich` stores can be scored against what the editors linked.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from readingroom.ingest.base import ParseError
from readingroom.ingest.frus import FrusImporter
from readingroom.ingest.frus.tei import PERSNAME, XML_ID, tei
from readingroom.ingest.xmlsafe import parse_xml
from readingroom.records.contract import DocumentRecord

Span = tuple[int, int, int, str]  # block, start, end, person key
UNLINKED = "__unlinked"  # a name the editors marked as a person without saying whom


@dataclass
class VolumeGold:
    """One volume's hidden links: mentions and participant items by document identifier."""

    volume: str
    listed: dict[str, str]  # persons-list key -> name as listed
    mentions: dict[str, list[Span]] = field(default_factory=dict)
    echoes: dict[str, list[Span]] = field(default_factory=dict)  # see `echoes`
    unlinked: dict[str, list[Span]] = field(default_factory=dict)  # marked, not linked
    participants: dict[str, list[str]] = field(default_factory=dict)  # key per item, "" if none
    words: int = 0
    contradicted: int = 0  # links set aside: see `contradicted`


def gold_or_reason(path: Path) -> VolumeGold | str:
    """The volume's gold, or why it cannot be read: the benchmark reports it and goes on."""
    try:
        return gold(path)
    except ParseError as exc:  # names the file and line, as `readingroom import` says it
        return str(exc)


def gold(path: Path) -> VolumeGold:
    """The volume's links; names the editors marked but did not link are kept apart."""
    with tempfile.TemporaryDirectory() as scratch:
        parsed = FrusImporter().parse(_marked_copy(path, Path(scratch)))
    found = VolumeGold(path.stem, {p.key: p.name for p in parsed.persons})
    described = {p.key: f"{p.name} {p.description}" for p in parsed.persons}
    for document in parsed.documents:
        spans = [
            (index, m.start, m.end, m.key)
            for index, block in enumerate(document.blocks)
            for m in block.mentions
            if m.kind == "person"
        ]
        linked = [s for s in spans if s[3] in found.listed]
        wrong = [s for s in linked if contradicted(document, s, described[s[3]])]
        found.contradicted += len(wrong)
        found.mentions[document.key] = [s for s in linked if s not in wrong]
        found.unlinked[document.key] = [s for s in spans if s[3] == UNLINKED] + wrong
        found.echoes[document.key] = echoes(document, found.mentions[document.key])
        found.participants[document.key] = [
            "" if p.key == UNLINKED else p.key for p in document.participants
        ]
        found.words += sum(len(b.text.split()) for b in document.blocks)
    return found


_HEAD_OF = re.compile(r"\b(Vice President|President|Prime Minister|Chancellor|King)\s+$")


def contradicted(document: DocumentRecord, span: Span, description: str) -> bool:
    """A link the persons list itself contradicts, set aside like an unlinked name.

    1964-68 v29p1 lists no Lyndon Johnson and links "President Johnson" to its one Johnson,
    U. Alexis, a Deputy Under Secretary, 274 times. A link whose name follows a head's title
    (President, Prime Minister, Chancellor, King…) that the linked entry never mentions is
    such an error; the benchmark reports how many it sets aside."""
    block, start, _, _ = span
    title = _HEAD_OF.search(document.blocks[block].text[max(0, start - 20) : start])
    return bool(title) and title.group(1).split()[-1] not in description


def echoes(document: DocumentRecord, tagged: list[Span]) -> list[Span]:
    """Untagged repeats of a tagged name in the same document, given the tagged person.

    Editors tag a name in one paragraph and leave it plain in the next ("President Chiang"),
    so an untagged but right link would count as wrong. A repeat of the exact text of a tagged
    name, in a document where that text was only ever tagged for one person, is taken as that
    person too. The benchmark reports precision with and without these."""
    keys: dict[str, set[str]] = {}
    for block, start, end, key in tagged:
        keys.setdefault(document.blocks[block].text[start:end], set()).add(key)
    single = {text: next(iter(k)) for text, k in keys.items() if len(k) == 1 and len(text) > 2}
    if not single:
        return []
    pattern = re.compile(
        r"\b(?:" + "|".join(map(re.escape, sorted(single, key=len, reverse=True))) + r")\b"
    )
    taken = {(b, s) for b, s, _, _ in tagged}
    return [
        (index, hit.start(), hit.end(), single[hit.group()])
        for index, block in enumerate(document.blocks)
        for hit in pattern.finditer(block.text)
        if (index, hit.start()) not in taken
        and not any(b == index and s <= hit.start() < e for b, s, e, _ in tagged)
    ]


def _marked_copy(path: Path, into: Path) -> Path:
    """A copy in which every persName the editors left unlinked points to UNLINKED."""
    tree = parse_xml(path)
    for name in tree.iter(PERSNAME):
        if not name.get("corresp") and not name.get(XML_ID):
            name.set("corresp", f"#{UNLINKED}")
    target = into / path.name
    tree.write(str(target), encoding="utf-8", xml_declaration=True)
    return target


def hidden_copy(path: Path, into: Path, *, drop_list: bool = False) -> Path:
    """A copy of the volume without person links (and without its persons list if asked)."""
    tree = parse_xml(path)
    persons = next((d for d in tree.iter(tei("div")) if d.get(XML_ID) == "persons"), None)
    for name in tree.iter(PERSNAME):
        if persons is None or not _inside(name, persons):
            name.attrib.pop("corresp", None)
    if drop_list and persons is not None:
        persons.getparent().remove(persons)
    target = into / path.name
    tree.write(str(target), encoding="utf-8", xml_declaration=True)
    return target


def _inside(element: etree._Element, ancestor: etree._Element) -> bool:
    return any(a is ancestor for a in element.iterancestors())


def overlap(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]
