"""Linking written person names to authority records; `cast` links them within a document.

Two tiers (docs/architecture.md, Names): `namekeys.same_person` links automatically;
`similar_keys` only proposes a review item. Authorities come in tiers of closeness: the caller's
known people (a volume's persons list, the archive's records) before the shipped curated list,
so that a bare "Johnson" in a FRUS volume means the Johnson of that volume. Within a document, a
bare surname means the one person of that surname named in full there (`cast.Cast`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from readingroom.enrich import namekeys, offices, titles
from readingroom.enrich.gazetteer import Authority, curated_people
from readingroom.enrich.namekeys import NameKey

_INITIAL = re.compile(r"[A-Z]\.")
_PAREN = re.compile(r"\(([^()]*)\)")
_SEE = re.compile(r"^see\s+(.+)$", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
#: How long before the first year a description gives a person may be named in a record.
YEARS_BEFORE_OFFICE = 20
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
        for surname in {k.surname for k in keys} | {k.group for k in keys if k.group}:
            self._by_surname.setdefault(surname, []).append(entry)
        self.words.own.update(
            w.lower() for n in authority.names for w in re.findall(r"[\w'’-]+", n)
        )

    def lookup(self, name: str) -> list[Authority]:
        """Authorities a full name is safely the same person as, closest tier, primary first."""
        key = key_of(name)
        if key.bare:
            return []
        near = [*self._by_surname.get(key.surname, ()), *self._by_surname.get(key.group, ())]
        found = [e for e in near if _full_match(key, e.keys)]
        own = _closest(found, lambda e: not namekeys.same_person(key, e.keys[0]))
        return own or (self.fallback.lookup(name) if self.fallback else [])

    def by_surname(self, surname: str, title: str = "", day: date | None = None) -> list[Authority]:
        """Candidates for a bare surname, closest tier first; a person listed twice once.

        A title narrows them: to those holding that office on `day` ("Secretary Herter" in
        1959), else to those whose description has its words ("Ambassador Thompson"). Who
        was not yet active on `day` is no candidate (`of_its_time`)."""
        key = key_of(surname)
        found = [
            e
            for e in self._by_surname.get(key.surname, ())
            if any(k.east_asian == key.east_asian for k in e.keys) and of_its_time(e.authority, day)
        ]
        spelled = namekeys.written_surname(surname)
        found = [e for e in found if spells(e.authority, spelled)] or [
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

    def holder(self, surname: str, title: str, day: date | None) -> Authority | None:
        """The one bearer of a surname holding the office a title names on `day`, from the
        closest tier that has any ("President Eisenhower" in 1960, whoever else is named);
        another country's office counts where no bearer holds it here ("FonMin Wei")."""
        office = offices.office_reference(title)
        key = key_of(surname)
        tier: PersonIndex | None = self
        while office and tier is not None:
            bearers = [
                e.authority
                for e in tier._by_surname.get(key.surname, ())
                if e.keys[0].east_asian == key.east_asian
            ]
            held = [a for a in bearers if _holds(a, office, day)] or [
                a for a in bearers if _holds(a, office, day, abroad=True)
            ]
            if held:
                return held[0] if len({a.key for a in held}) == 1 else None
            tier = tier.fallback
        return None

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


def of_its_time(authority: Authority, day: date | None) -> bool:
    """Whether a person may be named on `day`: not when every year the description gives is
    long after it (Tony Blair, "Prime Minister … 1997-2007", is no "Blair" of 1961)."""
    first = _first_year(authority.description) if day else None
    return first is None or first <= day.year + YEARS_BEFORE_OFFICE


@lru_cache(maxsize=65_536)
def _first_year(description: str) -> int | None:
    """The earliest year a description gives; read once per description, as every bare
    surname asks of every bearer."""
    return min(map(int, _YEAR.findall(description)), default=None)


def _full_match(key: NameKey, keys: tuple[NameKey, ...]) -> bool:
    return any(not k.bare and namekeys.same_person(key, k) for k in keys)


def _closest(entries: list[_Entry], worse: Callable[[_Entry], bool]) -> list[Authority]:
    """Entries of the closest tier, the better-matching ones first, without duplicates."""
    if not entries:
        return []
    tier = min(e.tier for e in entries)
    ranked = sorted((e for e in entries if e.tier == tier), key=worse)
    return list(dict.fromkeys(e.authority for e in ranked))


def _holds(authority: Authority, office: str, day: date | None, abroad: bool = False) -> bool:
    """Whether the person holds `office` on `day`; `abroad` counts another country's too
    ("foreign minister of republic of china"), for a surname that already narrows the bearers."""
    return any(
        (o.title == office or (abroad and o.title.startswith(f"{office} of "))) and o.held_on(day)
        for o in offices.offices(authority.description)
    )


def _has_title(authority: Authority, title: str) -> bool:
    """Whether the person's description has every capitalized word of a title or role."""
    words = [w for w in re.findall(r"[A-Z][\w'’-]+", title) if w not in ("Comrade", "Comrades")]
    words = [w for w in words if not w.isupper()]  # office symbols ("FE") are not in the text
    text = f"{authority.description} {authority.name}"
    return bool(words) and all(re.search(rf"\b{re.escape(w)}", text) for w in words)


def spells(authority: Authority, surname: str) -> bool:
    """Whether any of the person's names spells the surname this way."""
    return any(namekeys.written_surname(name) == surname for name in authority.names)
