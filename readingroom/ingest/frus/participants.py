"""Participant lists ("PARTICIPANTS: Mr. Foy D. Kohler, Deputy Assistant Secretary; ...").

Each item is one person: the text before the first comma or dash is the name, the rest the
role, and the person key is taken from a persName inside the name. Group captions ("United
States", "Soviet side") are items too in the files, and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from lxml import etree

from readingroom.enrich.gazetteer import places
from readingroom.enrich.meetings import side_of
from readingroom.enrich.titles import QUALIFIERS
from readingroom.ingest.frus.tei import HI, ITEM, LIST, PERSNAME
from readingroom.ingest.frus.text import Text, plain, walk
from readingroom.records.contract import ParticipantRecord

_CAPTION = re.compile(r"^[\w.’' -]+ (side|participants)$", re.IGNORECASE)
# A comma or dash between name and role; not the comma before "Jr." or "III".
_NAME_ROLE_SEPARATOR = re.compile(
    r",(?!\s*(?:Jr|Sr)\.|\s*I{2,3}\b)\s*|\s*[—–]\s*|-(?=[A-Z]{2,5}$)"  # "Dobrynin-USSR"
)
_OFFICE_SYMBOL = re.compile(r"^[A-Z][A-Z/:.\-]{0,9}$")
_AND = re.compile(r"\s+and\s+")
_CAPITALIZED = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}$")  # "Murray Snyder"
_MESSRS = re.compile(r"^Messrs\.?\s+")
_LISTED = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_TITLED = re.compile(r"^(?:[A-Z][\w.]*\s+){1,3}[A-Z][\w'’-]+$")  # "Secretary Rusk", "Mr. Whitman"
_GROUP = re.compile(
    r"^(?:(?:Two|Three|Four|Other|and)\s+)*(?:\w+\s+)?(?:Advisers|Representatives|Members|"
    r"Delegation|Delegations|Staff|Officials|Participants|Observers|Others)$"
    r"|^(?:Office|Department|Bureau|Ministry|Embassy|Division|House|Chamber|Council) of\b",
    re.IGNORECASE,
)
#: Departments and agencies FRUS lists use as captions ("State", "Defense", "CIA").
_AGENCIES = frozenset(
    """State Defense Treasury Commerce Agriculture Labor Interior Justice Army Navy CIA USIA ICA
    AID JCS NSC AEC ACDA OSD USUN Budget Embassy Congress Senate""".split()  # noqa: SIM905
) | {"White House", "Air Force", "Joint Chiefs of Staff", "Department of State"}
_NATIONS = frozenset(QUALIFIERS | {f"{word}s" for word in QUALIFIERS})  # "Americans"


def participants(lst: etree._Element, side: str = "") -> list[ParticipantRecord]:
    """One participant per person. A group caption is no person: one naming a country or a
    side ("USSR", "Japanese Side") is the side of the people after it; an agency ("State",
    "CIA") leaves the side as it was."""
    found: list[ParticipantRecord] = []
    for item in lst.iterchildren(ITEM):
        inner = item.find(LIST)
        if inner is not None:
            found.extend(participants(inner, _side(item.text or "") or side))
        elif _is_group_caption(item):
            side = _side(plain(item)) or side
        else:
            found.extend(replace(p, side=side) for p in _people(_participant(item)) if p.name)
    return found


def _side(caption: str) -> str:
    """A caption as the side it names, as printed ("USSR"), or "" for an agency or a group."""
    text = " ".join(caption.split()).strip(" :.")
    if side_of(text) or _CAPTION.match(text) or _folded(text) in _place_names():
        return text
    return ""


def _people(item: ParticipantRecord) -> list[ParticipantRecord]:
    """The people of one item: none for a caption or an editor's note ("[Here follows the
    same list as Document 139.]"), the person after a caption on the same line ("State—Mr.
    Jacob D. Beam, Chairman"), each of two joined by "and" ("Secretary Rusk and Mr. Whitman",
    "Murray Snyder and Goodpaster"),
    each of several after "Messrs." ("Messrs. Colby and Smith")."""
    name = item.name.strip()
    if name.startswith("[") or (is_caption(name) and not item.role):
        return []
    if is_caption(name):
        rest, role, _ = _split_name_role(item.role)  # "Member, House of Councillors, Kiichi…"
        return _people(ParticipantRecord(name=rest, role=role))
    if messrs := _MESSRS.match(name):  # "EE—Messrs. Freers and Blake": Mr. Freers, Mr. Blake
        names = _LISTED.split(name[messrs.end() :])
        return [
            replace(item, name=f"Mr. {n}", key=item.key if not i else "")
            for i, n in enumerate(names)
        ]
    pair = _AND.split(name)
    if len(pair) == 2 and all(map(_names_group, pair)):
        return []  # "Japan and Korea", "State and Defense"
    if len(pair) == 2 and all(
        _TITLED.match(p) or (_CAPITALIZED.match(p) and not _names_group(p)) for p in pair
    ):
        return [replace(item, name=pair[0], key=item.key), replace(item, name=pair[1], key="")]
    return [item]


def is_caption(text: str) -> bool:
    """A group's caption, not a person: an agency or department, a country, "... side"."""
    text = text.strip(" :.")
    return (
        " " not in text  # a lone word: FRUS lists name people in full or with a title
        or _names_group(text)
        or bool(_CAPTION.match(text))
    )


def _names_group(text: str) -> bool:
    """An agency, a country or its people, or a group ("Press Representatives")."""
    folded = _folded(text)
    return (
        text in _AGENCIES
        or folded in _place_names()
        or folded in _NATIONS
        or bool(_GROUP.match(text))
    )


@cache
def _place_names() -> frozenset[str]:
    return frozenset(_folded(name) for place in places() for name in place.names)


def _folded(text: str) -> str:
    return " ".join(text.lower().removeprefix("the ").split())


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
