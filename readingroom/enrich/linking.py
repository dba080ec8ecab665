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
from functools import lru_cache

from readingroom.enrich import namekeys
from readingroom.enrich.gazetteer import Authority, curated_people
from readingroom.enrich.namekeys import NameKey
from readingroom.enrich.results import FoundPerson

_PAREN = re.compile(r"\(([^()]*)\)")
_SEE = re.compile(r"^see\s+(.+)$", re.IGNORECASE)
_ENTRY_TITLES = namekeys.TITLES | {"rear", "brigadier", "air", "vice", "ret"}


@lru_cache(maxsize=262_144)
def key_of(name: str) -> NameKey:
    """`namekeys.name_key`, cached: the same few thousand names recur in every volume."""
    return namekeys.name_key(name)


def unknown_key(name: str) -> str:
    """The key of a person no authority list knows: stable for every spelling that meets."""
    return "name:" + str(key_of(name))


def display_name(listed: str) -> str:
    """ "Bonesteel, General Charles H., III" -> "Charles H. Bonesteel III" (titles dropped)."""
    head, _, tail = listed.partition(",")
    if not tail.strip():
        return listed.strip()
    parts = [p.strip() for p in tail.split(",") if p.strip()]
    suffixes = [p for p in parts[1:] if p.rstrip(".").lower() in namekeys.SUFFIXES]
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


class PersonIndex:
    """Known people by surname key: exact-tier lookups, bare surnames and fuzzy proposals."""

    def __init__(self, known: Iterable[Authority] = (), *, curated: bool = True) -> None:
        self._by_surname: dict[str, list[_Entry]] = {}
        self.words: set[str] = set()  # folded words of every known name: a cheap pre-filter
        for authority in known:
            self._add(authority, 0)
        for authority in curated_people() if curated else ():
            if not self.lookup(authority.name):
                self._add(authority, 1)

    def _add(self, authority: Authority, tier: int) -> None:
        keys = tuple(k for k in (key_of(n) for n in authority.names) if k.surname)
        entry = _Entry(authority, keys, tier)
        for surname in {k.surname for k in keys}:
            self._by_surname.setdefault(surname, []).append(entry)
        self.words.update(w.lower() for n in authority.names for w in re.findall(r"[\w'’-]+", n))

    def lookup(self, name: str) -> list[Authority]:
        """Authorities a full name is safely the same person as, closest tier, primary first."""
        key = key_of(name)
        if key.bare:
            return []
        found = [e for e in self._by_surname.get(key.surname, ()) if _full_match(key, e.keys)]
        return _closest(found, lambda e: not namekeys.same_person(key, e.keys[0]))

    def by_surname(self, surname: str) -> list[Authority]:
        """Candidates for a bare surname, closest tier first; a person listed twice once."""
        key = key_of(surname)
        found = [
            e
            for e in self._by_surname.get(key.surname, ())
            if any(k.east_asian == key.east_asian for k in e.keys)
        ]
        return _closest(found, lambda e: _written_surname(e.authority.name) != surname)

    def similar(
        self, name: str, threshold: float = namekeys.REVIEW_THRESHOLD
    ) -> list[tuple[Authority, float]]:
        """Fuzzy-tier proposals for a name the exact tier did not link: for review only."""
        key = key_of(name)
        scored = []
        for entries in self._by_surname.values():
            for entry in entries:
                score = max(namekeys.similar_keys(key, k) for k in entry.keys)
                if score >= threshold:
                    scored.append((entry.authority, score))
        return sorted(scored, key=lambda pair: -pair[1])


def _full_match(key: NameKey, keys: tuple[NameKey, ...]) -> bool:
    return any(not k.bare and namekeys.same_person(key, k) for k in keys)


def _closest(entries: list[_Entry], worse: Callable[[_Entry], bool]) -> list[Authority]:
    """Entries of the closest tier, the better-matching ones first, without duplicates."""
    if not entries:
        return []
    tier = min(e.tier for e in entries)
    ranked = sorted((e for e in entries if e.tier == tier), key=worse)
    return list(dict.fromkeys(e.authority for e in ranked))


def _written_surname(name: str) -> str:
    key = key_of(name)
    words = name.split()
    return words[0] if key.east_asian else (words[-1] if words else "")


@dataclass
class _Member:
    record: FoundPerson
    keys: list[NameKey] = field(default_factory=list)


class Cast:
    """The people of one document: every full name met, grouped by person and linked."""

    def __init__(self, index: PersonIndex) -> None:
        self.index = index
        self._members: list[_Member] = []

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
        record = FoundPerson(target, known[0].name if known else name, [], bool(known))
        member = _Member(record)
        self._members.append(member)
        return self._note(member, name, key)

    def _note(self, member: _Member, name: str, key: NameKey) -> str:
        if name not in member.record.names:
            member.record.names.append(name)
            member.keys.append(key)
            if not member.record.known and len(name) > len(member.record.name):
                member.record.name = name
        return member.record.key

    def full_names(self) -> list[str]:
        return [n for m in self._members for n in m.record.names if not key_of(n).bare]

    def resolve_bare(self, surname: str) -> str | None:
        """The member a bare surname stands for in this document, if exactly one fits."""
        full = namekeys.resolve_bare(surname, self.full_names())
        return self.add(full) if full else None

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
