"""Linking written person names to authority records, and to each other within a document.

Two tiers (docs/architecture.md, Names): `namekeys.same_person` links automatically;
`similar_keys` only proposes a review item. Authorities come in tiers of closeness: the caller's
known people (a volume's persons list, the archive's records) before the shipped curated list,
so that a bare "Johnson" in a FRUS volume means the Johnson of that volume. Within a document, a
bare surname means the one person of that surname named in full there (`resolve_bare`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from readingroom.enrich import initials, namekeys, offices, titles
from readingroom.enrich.gazetteer import Authority, curated_people
from readingroom.enrich.namekeys import NameKey
from readingroom.enrich.namewords import HONORIFICS
from readingroom.enrich.results import FoundPerson

_INITIAL = re.compile(r"[A-Z]\.")
_PAREN = re.compile(r"\(([^()]*)\)")
_SEE = re.compile(r"^see\s+(.+)$", re.IGNORECASE)
_ENTRY_TITLES = titles.TITLES | {"rear", "brigadier", "air", "vice", "ret"}


key_of = namekeys.name_key


#: The key of a person mention no list or document resolves: stored with no person.
UNRESOLVED = ""


def unknown_key(name: str) -> str:
    """The key of a person no authority list knows: stable for every spelling that meets."""
    return "name:" + str(key_of(name))


def display_name(listed: str) -> str:
    """ "Bonesteel, General Charles H., III" -> "Charles H. Bonesteel III" (titles dropped)."""
    head, _, tail = listed.partition(",")
    words = listed.split()
    if not tail.strip() and len(words) > 2 and _INITIAL.fullmatch(words[-1]):
        return " ".join([*words[1:], words[0]])  # "Bolshakov Georgi N.", a comma left out
    if not tail.strip():
        return listed.strip()
    parts = [p.strip() for p in tail.split(",") if p.strip()]
    suffixes = [p for p in parts[1:] if p.rstrip(".").lower() in titles.SUFFIXES]
    given = [w for w in parts[0].split() if w.rstrip(".").lower() not in _ENTRY_TITLES]
    return " ".join([*given, head.strip(), *suffixes])


def person_authority(key: str, listed: str, description: str = "") -> Authority:
    """An authority from a persons-list entry: "Choe Kyu-ha (Ch'oe Kyu-ha, Choi Kyu-hah)"."""
    variants = [v.strip() for inner in _PAREN.findall(listed) for v in inner.split(",")]
    see = _SEE.match(description.strip())
    variants += [see.group(1).rstrip(".")] if see else []
    name = display_name(_PAREN.sub("", listed).strip())
    return Authority(key, "person", name, tuple(v for v in variants if v), description)


@dataclass(frozen=True)
class _Entry:
    authority: Authority
    keys: tuple[NameKey, ...]  # the key of every name, the preferred one first
    tier: int


class _Words:
    """The folded words of every name an index and its fallbacks know: a cheap pre-filter."""

    def __init__(self, own: set[str], fallback: _Words | None) -> None:
        self.own, self.fallback = own, fallback

    def __contains__(self, word: object) -> bool:
        return word in self.own or (self.fallback is not None and word in self.fallback)


class PersonIndex:
    """Known people by surname key: exact-tier lookups, bare surnames and fuzzy proposals.

    A `fallback` index is asked only when this one knows nobody of the name: a volume's
    persons list first, then everyone the archive knows (`KnownPeople`), then the curated list.
    """

    def __init__(
        self,
        known: Iterable[Authority] = (),
        *,
        curated: bool = True,
        fallback: PersonIndex | None = None,
        is_list: bool = True,
    ) -> None:
        self._by_surname: dict[str, list[_Entry]] = {}
        self.fallback = fallback
        self.is_list = is_list  # False for the archive: its descriptions come from many lists
        self.words = _Words(set(), fallback.words if fallback else None)
        self.described: dict[str, Authority] = {}  # this tier's people with a description
        for authority in known:
            self.add(authority)
        for authority in curated_people() if curated else ():
            if not self.lookup(authority.name):
                self._add(authority, 1)

    @property
    def listed(self) -> bool:
        """Whether a persons list stands behind this index (a FRUS volume's, say)."""
        own = bool(self.described) and self.is_list
        return own or (self.fallback is not None and self.fallback.listed)

    def add(self, authority: Authority) -> None:
        """Know one more person, in the closest tier."""
        self._add(authority, 0)
        if authority.description:
            self.described[authority.key] = authority

    def _add(self, authority: Authority, tier: int) -> None:
        keys = tuple(k for k in (key_of(n) for n in authority.names) if k.surname)
        entry = _Entry(authority, keys, tier)
        for surname in {k.surname for k in keys}:
            self._by_surname.setdefault(surname, []).append(entry)
        self.words.own.update(
            w.lower() for n in authority.names for w in re.findall(r"[\w'’-]+", n)
        )

    def lookup(self, name: str) -> list[Authority]:
        """Authorities a full name is safely the same person as, closest tier, primary first."""
        key = key_of(name)
        if key.bare:
            return []
        found = [e for e in self._by_surname.get(key.surname, ()) if _full_match(key, e.keys)]
        own = _closest(found, lambda e: not namekeys.same_person(key, e.keys[0]))
        return own or (self.fallback.lookup(name) if self.fallback else [])

    def by_surname(self, surname: str, title: str = "", day: date | None = None) -> list[Authority]:
        """Candidates for a bare surname, closest tier first; a person listed twice once.

        A title narrows them: to those holding that office on `day` ("Secretary Herter" in
        1959), else to those whose description has its words ("Ambassador Thompson")."""
        key = key_of(surname)
        found = [
            e
            for e in self._by_surname.get(key.surname, ())
            if any(k.east_asian == key.east_asian for k in e.keys)
        ]
        spelled = namekeys.written_surname(surname)
        found = [e for e in found if _spelled(e.authority, spelled)] or [
            e
            for e in found
            if any(namekeys.bare_spellings_meet(surname, n) for n in e.authority.names)
        ]
        people = _closest(found, lambda e: namekeys.written_surname(e.authority.name) != spelled)
        if not people and self.fallback:
            return self.fallback.by_surname(surname, title, day)
        if len(people) > 1 and title:
            office = offices.office_reference(title)
            held = [a for a in people if _holds(a, office, day)]
            people = held or [a for a in people if _has_title(a, title)] or people
        return people

    def office_holders(self, title: str, day: date | None) -> list[Authority]:
        """The described people whose office `title` covers `day` ("president" in 1962)."""
        descriptions = {k: a.description for k, a in self.described.items()}
        held = [self.described[k] for k in offices.holders(title, day, descriptions)]
        if held or self.fallback is None:
            return held
        return self.fallback.office_holders(title, day)

    def similar(
        self, name: str, threshold: float = namekeys.REVIEW_THRESHOLD
    ) -> list[tuple[Authority, float]]:
        """Fuzzy-tier proposals for a name the exact tier did not link: for review only.

        Fallback tiers (the whole archive) are searched only among surnames of the same
        initial, so a proposal costs the same however many people the archive knows."""
        key = key_of(name)
        scored = self._similar(key, self._by_surname.values(), threshold)
        tier = self.fallback
        while tier is not None:
            near = (v for s, v in tier._by_surname.items() if s[:1] == key.surname[:1])
            scored += self._similar(key, near, threshold)
            tier = tier.fallback
        best = {}
        for authority, score in sorted(scored, key=lambda pair: -pair[1]):
            best.setdefault(authority.key, (authority, score))
        return list(best.values())

    @staticmethod
    def _similar(key: NameKey, groups: Iterable[list[_Entry]], threshold: float) -> list:
        scored = []
        for entries in groups:
            for entry in entries:
                score = max(namekeys.similar_keys(key, k) for k in entry.keys)
                if score >= threshold:
                    scored.append((entry.authority, score))
        return scored


def _full_match(key: NameKey, keys: tuple[NameKey, ...]) -> bool:
    return any(not k.bare and namekeys.same_person(key, k) for k in keys)


def _closest(entries: list[_Entry], worse: Callable[[_Entry], bool]) -> list[Authority]:
    """Entries of the closest tier, the better-matching ones first, without duplicates."""
    if not entries:
        return []
    tier = min(e.tier for e in entries)
    ranked = sorted((e for e in entries if e.tier == tier), key=worse)
    return list(dict.fromkeys(e.authority for e in ranked))


def _holds(authority: Authority, office: str, day: date | None) -> bool:
    return any(o.title == office and o.held_on(day) for o in offices.offices(authority.description))


def _has_title(authority: Authority, title: str) -> bool:
    """Whether the person's description has every capitalized word of a title or role."""
    words = [w for w in re.findall(r"[A-Z][\w'’-]+", title) if w not in ("Comrade", "Comrades")]
    words = [w for w in words if not w.isupper()]  # office symbols ("FE") are not in the text
    text = f"{authority.description} {authority.name}"
    return bool(words) and all(re.search(rf"\b{re.escape(w)}", text) for w in words)


def _office_of(written: str) -> str:
    """The office a written name's title names: "Ambassador Menshikov" -> "ambassador"."""
    return offices.office_reference(offices.split_title(written)[0])


def _spelled(authority: Authority, surname: str) -> bool:
    """Whether any of the person's names spells the surname this way."""
    return any(namekeys.written_surname(name) == surname for name in authority.names)


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
        is the one bearer named in full in this document, else the closest authority list's
        one (narrowed by the title), else a new person of that name. An office alone ("The
        Secretary", "the Ambassador") is the one person of this document written with that
        title, unless the list names the holder of that office on the document's date. A role stated
        beside the name ("Mr. Parsons, Deputy Assistant Secretary") tells bearers apart too.
        Someone `present` (a participants list item) is a person even when no list has him."""
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

    def resolve_bare(self, surname: str) -> str | None:
        """The member a bare surname stands for in this document, if exactly one fits."""
        full = namekeys.resolve_bare(surname, self.full_names())
        spelled = namekeys.written_surname(surname)
        if full and namekeys.written_surname(full) != spelled:
            # the document's bearer spells it otherwise ("Yi Ki-pung" for "Rhee"): a listed
            # bearer spelled as written wins
            exact = [a for a in self.index.by_surname(surname) if _spelled(a, spelled)]
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
