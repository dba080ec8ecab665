"""Who was there and who is who: participants, note-takers, translators, roles and variants.

A transcript's preface names the people present, usually with a role ("Comrade Enver Hoxha,
First Secretary of the ALP CC", "[Member APL CC Politburo and CC Secretary] Hysni Kapo");
FRUS lists them; the closer and the credits name who took the notes and who translated.
An editor's role in brackets is a dated fact about that person, and an editor's other spelling
is a name variant: both keep the place they were read as evidence.
"""

from __future__ import annotations

import re

from readingroom.enrich.brackets import FUNCTION_WORDS, ROLE_WORDS
from readingroom.enrich.cast import Cast
from readingroom.enrich.results import EntityMention, NameVariant, Presence, RoleFact, TextSpan
from readingroom.records.contract import AnnotationRecord, BlockRecord, DocumentRecord

_WORD = re.compile(r"\[[^\]]*\]|\([^)]*\)|[\w'’-]+|[^\w\s]")
_CREDIT_PARTS = {"note_taker": "note_taker", "translated_by": "translator"}


def role_after(text: str, end: int) -> str:
    """ "Name, First Secretary of the ALP CC received ..." -> "First Secretary of the ALP CC"."""
    rest = text[end:]
    if not rest.startswith(","):
        return ""
    words = _WORD.findall(rest[1:])
    if not words or words[0] not in ROLE_WORDS:
        return ""
    taken: list[str] = []
    for word in words:
        if not re.match(r"[\w'’]", word):
            break
        lowered = word[0].islower() and word not in FUNCTION_WORDS
        if lowered and taken and taken[-1][0].isupper():
            break  # "ALP CC received": a verb, the role has ended
        taken.append(word)
    while taken and taken[-1] in FUNCTION_WORDS:
        taken.pop()
    return " ".join(taken)


def role_before(text: str, start: int) -> str:
    """ "... the Ambassador Extraordinaire of the DPRK to Albania, An Yong" -> that role."""
    head = text[:start].rstrip()
    if not head.endswith(","):
        return ""
    clause = re.split(r"[.;:()\[\]]", head[:-1])[-1]
    words = clause.split()
    first = next((i for i, w in enumerate(words) if w in ROLE_WORDS), None)
    return " ".join(words[first:]) if first is not None else ""


def _bracket_role(block: BlockRecord, mention: EntityMention) -> AnnotationRecord | None:
    for annotation in block.annotations:
        if annotation.kind == "role" and annotation.end <= mention.start:
            gap = block.text[annotation.end : mention.start]
            if len(gap.strip()) == 0 or gap.strip() in ("Comrade", "Comrades"):
                return annotation
    return None


def preface_participants(document: DocumentRecord, mentions: list[EntityMention]) -> list[Presence]:
    """Every person named in the editorial preface attended, with the role given there."""
    found: list[Presence] = []
    for mention in mentions:
        block = document.blocks[mention.block]
        if mention.kind != "person" or block.kind != "preface":
            continue
        bracket = _bracket_role(block, mention)
        role = bracket.text if bracket else ""
        role = role or role_after(block.text, mention.end) or role_before(block.text, mention.start)
        evidence = TextSpan(document.key, mention.block, mention.start, mention.end)
        found.append(Presence(mention.key, mention.text, "participant", role, evidence))
    return _first_per_person(found)


def list_participants(document: DocumentRecord, cast: Cast) -> list[Presence]:
    """A FRUS participants list, one attendance per person with the role as listed."""
    found = []
    for index, participant in enumerate(document.participants):
        evidence = TextSpan(document.key, -1, index, index, "participants")
        key = cast.refer(participant.name, participant.role, present=True)
        if key is not None:
            presence = Presence(key, participant.name, "participant", participant.role, evidence)
            found.append(presence)
    return found


def record_makers(document: DocumentRecord, cast: Cast) -> list[Presence]:
    """Note-takers (closer, credits) and translators (credits), located in the closer if there."""
    closer = next((i for i, b in enumerate(document.blocks) if b.kind == "closer"), None)
    found = []
    for credit in document.credits:
        part = _CREDIT_PARTS.get(credit.role)
        if part is None:
            continue
        evidence = TextSpan(document.key, -1, 0, 0, "credits")
        if closer is not None and (at := document.blocks[closer].text.find(credit.name)) >= 0:
            evidence = TextSpan(document.key, closer, at, at + len(credit.name))
        key = cast.refer(credit.name)
        if key is not None:
            found.append(Presence(key, credit.name, part, "", evidence))
    return found


def bracket_facts(document: DocumentRecord, cast: Cast) -> tuple[list[RoleFact], list[NameVariant]]:
    """Roles and other spellings the editor put in brackets, with the bracket as evidence."""
    roles, variants = [], []
    for index, block in enumerate(document.blocks):
        for a in block.annotations:
            if a.kind not in ("role", "alternate") or not a.target:
                continue
            evidence = TextSpan(document.key, index, a.start, a.end)
            person = cast.add(a.target)
            if a.kind == "role":
                roles.append(RoleFact(person, a.target, a.text, document.date, evidence))
            else:
                cast.add(a.text)
                variants.append(NameVariant(person, a.target, a.text, evidence))
    return roles, variants


def attendance_roles(document: DocumentRecord, attendance: list[Presence]) -> list[RoleFact]:
    """Roles stated for participants in a preface or a list are facts on the document's date."""
    return [
        RoleFact(a.person, a.name, a.role, document.date, a.evidence)
        for a in attendance
        if a.role and a.part == "participant"
    ]


def _first_per_person(found: list[Presence]) -> list[Presence]:
    """One attendance per person: the first with a role, else the first."""
    best: dict[str, Presence] = {}
    for attendance in found:
        current = best.get(attendance.person)
        if current is None or (not current.role and attendance.role):
            best[attendance.person] = attendance
    return list(best.values())
