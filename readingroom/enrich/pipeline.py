"""One call that enriches a parsed document: conversation, people, entities, facts.

Order matters and is fixed here: names the document vouches for (speaker labels, bracket
targets, participants, credits) are registered first, so that recognition in running text can
link their later, shorter forms ("Hoxha", "Comrade Choe") to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from readingroom.enrich import people
from readingroom.enrich.cast import Cast
from readingroom.enrich.conversation import attribute_blocks, speaker_label
from readingroom.enrich.entities import Context, recognize
from readingroom.enrich.gazetteer import Authority, key_for, place_and_org_matcher
from readingroom.enrich.glossary import Glossary, find_definitions
from readingroom.enrich.initials import is_initials
from readingroom.enrich.linking import PersonIndex, key_of
from readingroom.enrich.results import (
    Definition,
    Enrichment,
    EntityMention,
    Presence,
    ReviewCase,
    RoleFact,
    TextSpan,
    Turn,
)
from readingroom.records.contract import DocumentRecord

#: A signature in capitals: typed initials ("JFD", "C.A.H.") or a name ("DULLES").
_CAPITALS = re.compile(r"(?:[A-Z]\.){2,4}|[A-Z]{2,}(?: [A-Z][A-Z.]*){0,3}")


def enrich(
    document: DocumentRecord,
    known_people: Iterable[Authority] | PersonIndex = (),
    *,
    glossary: Glossary | None = None,
) -> Enrichment:
    """Enrich one document. `known_people` are authority records (or a prepared index)."""
    index = known_people if isinstance(known_people, PersonIndex) else PersonIndex(known_people)
    glossary = (
        Glossary(dict(glossary.entries)) if glossary else Glossary()
    )  # definitions stay local
    cast = Cast(index, document.date.start)
    definitions = _definitions(document, glossary)
    roles, variants = people.bracket_facts(document, cast)
    listed = people.list_participants(document, cast)
    makers = people.record_makers(document, cast)
    turns, fixed = _turns(document, cast)
    ctx = Context(document.key, cast, index, place_and_org_matcher(), glossary)
    mentions = recognize(ctx, document.blocks, fixed)
    mentions = _read_initials(document, turns, mentions, cast)
    mentions += _signatures(document, mentions, cast)
    attendance = _attendance(document, turns, mentions, listed, makers)
    mentions += _labels(document, cast)
    roles = _unique_roles(roles + people.attendance_roles(document, attendance))
    return Enrichment(
        document=document.key,
        date=document.date,
        turns=turns,
        attendance=attendance,
        mentions=mentions,
        roles=roles,
        variants=variants,
        definitions=definitions,
        people=cast.records(),
        review=ctx.review + _fuzzy_review(document.key, cast, index, mentions),
    )


def _definitions(document: DocumentRecord, glossary: Glossary) -> list[Definition]:
    """Abbreviations defined in the text; they join the glossary for this document."""
    found = []
    for index, block in enumerate(document.blocks):
        for abbreviation, start, end in find_definitions(block.text):
            glossary.add(abbreviation.term, abbreviation.expansion)
            evidence = TextSpan(document.key, index, start, end)
            found.append(Definition(abbreviation.term, abbreviation.expansion, evidence))
    return found


def _turns(
    document: DocumentRecord, cast: Cast
) -> tuple[list[Turn], dict[int, list[EntityMention]]]:
    """Speaker turns (continuations included) and the label mentions they fix in the text."""
    turns, fixed = [], {}
    for index, label, continued in attribute_blocks(document.blocks):
        initials = is_initials(label.name) and not label.title  # read after the text
        person = "" if initials else cast.refer(f"{label.title} {label.name}".strip()) or ""
        turns.append(
            Turn(
                index, person, label.name, label.title, "" if continued else label.label, continued
            )
        )
        if not continued:
            mention = EntityMention(
                "person", person, label.name, index, label.start, label.end, "speaker"
            )
            fixed[index] = [mention]
    return turns, fixed


def _read_initials(
    document: DocumentRecord, turns: list[Turn], mentions: list[EntityMention], cast: Cast
) -> list[EntityMention]:
    """Whom initials labels stand for ("JFK:", "K:"), read once the whole text has named its
    people: "K" is Kennedy where the heading names him, though the text calls Khrushchev "K"
    too. Sets the turns; returns the mentions with the labels' people."""
    letters = {t.name for t in turns if not t.title and is_initials(t.name)}
    if not letters:
        return mentions
    blocks = document.blocks
    heading = [m.key for m in mentions if m.key and blocks[m.block].kind == "heading"]
    found = {name: cast.by_initials(name, heading) for name in letters}
    for turn in turns:
        if turn.name in found and not turn.title:
            turn.person = found[turn.name] or ""
    return [
        replace(m, key=found[m.text] or "") if m.source == "speaker" and found.get(m.text) else m
        for m in mentions
    ]


def _signatures(
    document: DocumentRecord, mentions: list[EntityMention], cast: Cast
) -> list[EntityMention]:
    """A closer that is only a signature in capitals or typed initials ("JFD", "C.A.H.",
    "DULLES") is a mention of the signer (`_signer`); recognition reads neither."""
    taken = {m.block for m in mentions}
    found = []
    for index, block in enumerate(document.blocks):
        written = block.text.strip()
        if block.kind != "closer" or index in taken or not _CAPITALS.fullmatch(written):
            continue
        if key := _signer(written, cast):
            start = block.text.index(written)
            end = start + len(written)
            found.append(EntityMention("person", key, written, index, start, end, "signature"))
    return found


def _signer(written: str, cast: Cast) -> str | None:
    """Initials stand for the one person of the document or list with them; a name in
    capitals for the person the document or the closest list knows by it, never a new one."""
    letters = written.replace(".", "")
    if is_initials(letters) and len(letters) > 1 and (key := cast.by_initials(letters)):
        return key
    name = written.title()
    if key_of(name).bare:
        if key := cast.resolve_bare(name):
            return key
        bearers = cast.index.by_surname(name)
        return cast.add(bearers[0].name) if len(bearers) == 1 else None
    return cast.match(name) or (cast.add(name) if cast.index.lookup(name) else None)


def _labels(document: DocumentRecord, cast: Cast) -> list[EntityMention]:
    """The people, places and organizations the source labels the record with, as mentions
    of the record as a whole (block -1, the label's place in its list for a span): a person
    the one the name stands for here, else a person of that name."""
    found = []
    for i, name in enumerate(document.associated_people):
        if key := cast.refer(name, present=True):
            found.append(EntityMention("person", key, name, -1, i, i, "label"))
    for kind, labels in (
        ("place", document.places),
        ("organization", document.associated_organizations),
    ):
        found += [
            EntityMention(kind, key_for(kind, label), label, -1, i, i, "label")
            for i, label in enumerate(labels)
        ]
    return found


def _attendance(
    document: DocumentRecord,
    turns: list[Turn],
    mentions: list[EntityMention],
    listed: list[Presence],
    makers: list[Presence],
) -> list[Presence]:
    present = people.preface_participants(document, mentions) + listed
    known = {a.person for a in present}
    for turn in turns:
        if turn.person and turn.person not in known and not turn.continued:
            label = speaker_label(turn.block, document.blocks[turn.block])
            span = (label.start, label.end) if label else (0, 0)
            evidence = TextSpan(document.key, turn.block, *span)
            present.append(Presence(turn.person, turn.name, "speaker", turn.title, evidence))
            known.add(turn.person)
    return present + makers


def _unique_roles(roles: list[RoleFact]) -> list[RoleFact]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for role in roles:
        if (role.person, role.role) not in seen:
            seen.add((role.person, role.role))
            unique.append(role)
    return unique


def _fuzzy_review(
    document: str, cast: Cast, index: PersonIndex, mentions: list[EntityMention]
) -> list[ReviewCase]:
    """People the exact tier could not link but who resemble a known person: for a curator."""
    review = []
    for record in cast.records():
        if record.known:
            continue
        first = next((m for m in mentions if m.key == record.key), None)
        evidence = (
            TextSpan(document, first.block, first.start, first.end)
            if first
            else TextSpan(document, -1)
        )
        for authority, score in index.similar(record.name)[:3]:
            review.append(
                ReviewCase(record.name, authority.key, authority.name, score, "fuzzy", evidence)
            )
    return review
