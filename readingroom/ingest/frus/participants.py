"""Participant lists ("PARTICIPANTS: Mr. Foy D. Kohler, Deputy Assistant Secretary; ...").

Each item is one person: the text before the first comma or dash is the name, the rest the
role, and the person key is taken from a persName inside the name. Group captions ("United
States", "Soviet side") are items too in the files, and are skipped.
"""

from __future__ import annotations

import re

from lxml import etree

from readingroom.ingest.frus.tei import HI, ITEM, LIST, PERSNAME
from readingroom.ingest.frus.text import Text, plain, walk
from readingroom.records.contract import ParticipantRecord

_CAPTION = re.compile(r"^[\w.’' -]+ (side|participants)$", re.IGNORECASE)
# A comma or dash between name and role; not the comma before "Jr." or "III".
_NAME_ROLE_SEPARATOR = re.compile(r",(?!\s*(?:Jr|Sr)\.|\s*I{2,3}\b)\s*|\s*[—–]\s*")
_OFFICE_SYMBOL = re.compile(r"^[A-Z][A-Z/:.\-]{0,9}$")


def participants(lst: etree._Element) -> list[ParticipantRecord]:
    """One participant per list item; group captions ("United States", "USSR") are skipped."""
    found: list[ParticipantRecord] = []
    for item in lst.iterchildren(ITEM):
        inner = item.find(LIST)
        if inner is not None:
            found.extend(participants(inner))
        elif not _is_group_caption(item):
            participant = _participant(item)
            if participant.name:
                found.append(participant)
    return found


def _is_group_caption(item: etree._Element) -> bool:
    """A bold-only item, or one without a tagged name that is all capitals or "... side"."""
    children = list(item)
    only_hi = len(children) == 1 and children[0].tag == HI and not (item.text or "").strip()
    if only_hi and not (children[0].tail or "").strip():
        return True
    if item.find(f".//{PERSNAME}") is not None:
        return False
    text = plain(item)
    return not any(ch.islower() for ch in text) or bool(_CAPTION.match(text))


def _participant(item: etree._Element) -> ParticipantRecord:
    """ "Mr. Foy D. Kohler, Deputy Assistant Secretary" -> name, role; the name's persName key."""
    out = Text()
    walk(item, out, None)
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
