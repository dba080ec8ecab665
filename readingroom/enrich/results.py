"""What enrichment produces for one document: plain dataclasses, no Django.

Every finding carries where it was read (document key, block index, character span), because
a fact without evidence cannot be checked by a curator or shown in the reading view. Person
keys are authority keys when the person is known ("p_RD1", "kim-il-sung") and name keys
("name:hoja,e") otherwise, so mentions of one unknown person still group together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from readingroom.records.dates import DateValue

ENTITY_KINDS = ("person", "place", "organization", "term")
PARTICIPATION = ("speaker", "participant", "note_taker", "translator")


@dataclass(frozen=True)
class TextSpan:
    """Where a finding was read; block -1 means a document field (credits), not the text."""

    document: str
    block: int
    start: int = 0
    end: int = 0
    field: str = "text"  # "text", "credits" or "participants"


@dataclass
class EntityMention:
    kind: str  # one of ENTITY_KINDS
    key: str  # authority key, or "name:<name key>" for a person not in any authority list
    text: str  # as written
    block: int
    start: int
    end: int
    source: str  # how it was found: speaker, bracket, list, cue, known, surname, gazetteer…


@dataclass
class Turn:
    """A block said by one speaker; `continued` for paragraphs after the labelled one."""

    block: int
    person: str
    name: str  # the name as the label writes it, title removed: "Enver Hoxha"
    title: str  # "Comrade", "Ambassador", or ""
    label: str  # "Comrade Enver Hoxha", "" for a continuation
    continued: bool = False


@dataclass
class Presence:
    """Someone present at the conversation or making its record, with the role given."""

    person: str
    name: str
    part: str  # one of PARTICIPATION
    role: str  # the role as written ("First Secretary of the ALP CC"), or ""
    evidence: TextSpan


@dataclass
class RoleFact:
    """An editor's statement that `person` held `role` on the document's date."""

    person: str
    name: str
    role: str
    date: DateValue
    evidence: TextSpan


@dataclass
class NameVariant:
    """Another spelling of a person's name, given by the editor or the source."""

    person: str
    name: str  # the spelling it is a variant of
    variant: str
    source: TextSpan


@dataclass
class Definition:
    """An abbreviation defined in the text: "Korean Worker's Party (KWP)"."""

    term: str
    expansion: str
    evidence: TextSpan


@dataclass
class ReviewCase:
    """A possible link the automatic tier refused: a curator decides, nothing is merged."""

    name: str
    candidate: str  # authority key
    candidate_name: str
    score: float
    reason: str  # "fuzzy" or "ambiguous"
    evidence: TextSpan


@dataclass
class FoundPerson:
    """One person as this document knows them: the key and every form of the name used."""

    key: str
    name: str  # the fullest form seen, or the authority's name
    names: list[str] = field(default_factory=list)
    known: bool = False  # linked to an authority record


@dataclass
class Enrichment:
    document: str
    date: DateValue
    turns: list[Turn] = field(default_factory=list)
    attendance: list[Presence] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)
    roles: list[RoleFact] = field(default_factory=list)
    variants: list[NameVariant] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    people: list[FoundPerson] = field(default_factory=list)
    review: list[ReviewCase] = field(default_factory=list)

    def speakers(self) -> list[str]:
        return list(dict.fromkeys(t.person for t in self.turns))
