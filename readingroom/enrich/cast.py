"""The people of one document: every name met there, grouped by person and linked.

A `Cast` resolves a document's references in context (docs/architecture.md, Who is who): a
full name joins the member it is the same person as; a titled or bare surname is the one
bearer the title, the document or the closest tier of the `PersonIndex` leaves; an office
alone is its holder on the document's date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from readingroom.enrich import initials, namekeys, offices
from readingroom.enrich.linking import PersonIndex, key_of, spells, unknown_key
from readingroom.enrich.namekeys import NameKey
from readingroom.enrich.namewords import HONORIFICS
from readingroom.enrich.results import FoundPerson


def _office_of(written: str) -> str:
    """The office a written name's title names: "Ambassador Menshikov" -> "ambassador"."""
    return offices.office_reference(offices.split_title(written)[0])


def _same_office(written: str, office: str) -> bool:
    """Whether a title as written names that office: "lt colonel" is a "colonel"."""
    return bool(written) and (written == office or written.endswith(f" {office}"))


@dataclass
class _Member:
    record: FoundPerson
    keys: list[NameKey] = field(default_factory=list)


class Cast:
    """The people of one document: every full name met, grouped by person and linked."""

    def __init__(self, index: PersonIndex, day: date | None = None) -> None:
        self.index = index
        self.day = day  # the document's date, for office references
        self._members: list[_Member] = []

    def refer(self, written: str, role: str = "", *, present: bool = False) -> str | None:
        """The person a name as written stands for here, None when nothing decides.

        A full name is `add`ed. A titled or bare surname ("Mr. Merchant", "Secretary Dulles")
        is the one member written with that office, else the one bearer holding it on the day
        (`_titled`), else the one bearer named in full in this document, else the closest
        authority list's one (narrowed by the title), else a new person of that name. An
        office alone ("The Secretary", "the Ambassador") is the one person of this document
        written with that title, unless the list names the holder of that office on the
        document's date. A role stated beside the name ("Mr. Parsons, Deputy Assistant
        Secretary") tells bearers apart too. Someone `present` (a participants list item) is
        a person even when no list has him."""
        title, rest = offices.split_title(written)
        key = key_of(rest)
        if key.surname and not key.bare:
            return self._note(self._member(self.add(rest)), written, key_of(written))
        if key.surname:
            return self._surname(written, rest, title, role, present)
        return self._office(written, offices.office_reference(title))

    def _surname(
        self, written: str, surname: str, title: str, role: str = "", present: bool = False
    ) -> str | None:
        """A title or role that tells listed bearers apart decides; else the document's
        bearer, else the list's only one."""
        if key := self._titled(surname, title):
            return self._note(self._member(key), written, key_of(written))
        bearers = self.index.by_surname(surname)
        titled = self.index.by_surname(surname, title, self.day) if title else bearers
        if len(titled) > 1 and role:
            titled = self.index.by_surname(surname, role, self.day)
        full = namekeys.resolve_bare(surname, self.full_names())
        if len(titled) < len(bearers) or full is None:
            if len(titled) > 1:
                return None
            full = titled[0].name if titled else full
        unvouched = title and title.split()[-1] not in HONORIFICS and not present
        if full is None and unvouched and self.index.listed:
            return None  # "Ambassador Menshikov" in the text, whom the list omits: unresolved
        key = self.add(full or surname)
        return self._note(self._member(key), written, key_of(written))

    def _titled(self, surname: str, title: str) -> str | None:
        """Whom a titled surname stands for by its title: the one member written with that
        office ("Lt. Colonel John Eisenhower" for "Colonel Eisenhower"), else the one bearer
        holding it on the day, whoever else the document names ("President Eisenhower")."""
        office = offices.office_reference(title) if title else ""
        if not office:
            return None
        surname_key = key_of(surname).surname
        written = {
            m.record.key
            for m in self._members
            for n in m.record.names
            if _same_office(_office_of(n), office) and key_of(n).surname == surname_key
        }
        if written:
            return written.pop() if len(written) == 1 else None
        held = self.index.holder(surname, title, self.day)
        return self.add(held.name) if held else None

    def _office(self, written: str, office: str) -> str | None:
        if not office:
            return None
        held = self.index.office_holders(office, self.day)
        if held:  # the list's holder on the day, before a namesake's title here
            return self.add(held[0].name) if len(held) == 1 else None
        titled = [m for m in self._members if office in map(_office_of, m.record.names)]
        return titled[0].record.key if len(titled) == 1 else None

    def _member(self, key: str) -> _Member:
        return next(m for m in self._members if m.record.key == key)

    def match(self, name: str) -> str | None:
        """The key of the member a full name is the same person as, if any."""
        key = key_of(name)
        if key.bare:
            return None
        for member in self._members:
            if any(not k.bare and namekeys.same_person(key, k) for k in member.keys):
                return member.record.key
        return None

    def add(self, name: str) -> str:
        """The person key for a full name, joining a member already met when it is the same."""
        key = key_of(name)
        for member in self._members:
            if any(not k.bare and namekeys.same_person(key, k) for k in member.keys):
                return self._note(member, name, key)
        known = self.index.lookup(name)
        target = known[0].key if known else unknown_key(name)
        for member in self._members:
            if member.record.key == target:
                return self._note(member, name, key)
        shown = known[0].name if known else offices.split_title(name)[1] or name
        record = FoundPerson(target, shown, [], bool(known))
        member = _Member(record)
        self._members.append(member)
        return self._note(member, name, key)

    def _note(self, member: _Member, name: str, key: NameKey) -> str:
        if name not in member.record.names:
            member.record.names.append(name)
            member.keys.append(key)
            shown = offices.split_title(name)[1]
            if not member.record.known and len(shown) > len(member.record.name):
                member.record.name = shown
        return member.record.key

    def by_initials(self, letters: str, named_first: Iterable[str] = ()) -> str | None:
        """Whom a transcript's initials stand for (`enrich.initials`): one of the people
        `named_first` (the heading's), else, for two letters or more ("JFK"; "K" is too
        short), one of this document, else one of the volume's list; None rather than a guess."""
        members = [(m.record.key, m.record.names) for m in self._members]
        first = set(named_first)
        if found := initials.bearer(letters, [p for p in members if p[0] in first]):
            return found
        if len(letters) < 2:
            return None
        if found := initials.bearer(letters, members):
            return found
        listed = {a.key: a for a in self.index.described.values()}
        found = initials.bearer(letters, ((k, a.names) for k, a in listed.items()))
        return self.add(listed[found].name) if found else None

    def full_names(self) -> list[str]:
        return [n for m in self._members for n in m.record.names if not key_of(n).bare]

    def resolve_bare(self, surname: str, title: str = "") -> str | None:
        """The member a bare surname stands for in this document, if exactly one fits; what
        its title says comes first (`_titled`)."""
        if key := self._titled(surname, title):
            return key
        full = namekeys.resolve_bare(surname, self.full_names())
        spelled = namekeys.written_surname(surname)
        if full and namekeys.written_surname(full) != spelled:
            # the document's bearer spells it otherwise ("Yi Ki-pung" for "Rhee"): a listed
            # bearer spelled as written wins
            exact = [a for a in self.index.by_surname(surname) if spells(a, spelled)]
            full = exact[0].name if len(exact) == 1 else full
        if full:
            return self.add(full)
        key = key_of(surname)
        named = [
            m
            for m in self._members
            if any(
                key_of(n) == key and namekeys.bare_spellings_meet(surname, n)
                for n in m.record.names
            )
        ]
        return named[0].record.key if len(named) == 1 else None  # "President Kohl" ... "Kohl"

    def add_bare(self, surname: str, key: str, known: bool, name: str) -> str:
        """Record a bare surname linked outside the cast (authority or an unknown key)."""
        for member in self._members:
            if member.record.key == key:
                if surname not in member.record.names:
                    member.record.names.append(surname)
                return key
        record = FoundPerson(key, name, [surname], known)
        self._members.append(_Member(record, [key_of(surname)]))
        return key

    def records(self) -> list[FoundPerson]:
        return [m.record for m in self._members]
