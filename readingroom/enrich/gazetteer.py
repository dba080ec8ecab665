"""The shipped authority lists (people, places, organizations) and a phrase matcher for them.

Only offline data that ships with the package: a small statistical model does poorly on
these texts (docs/architecture.md, Entities), while the names that matter in a collection are
few and known. Places and
organizations are matched as exact word sequences (after `tokens.normalize`); people are not
matched here but by name key in `linking`, because their spellings vary too much.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from anyascii import anyascii

from readingroom.enrich.tokens import Token, adjacent, tokenize

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Authority:
    """An authority record as enrichment sees it: key, kind, preferred name, other names."""

    key: str
    kind: str  # "person", "place", "organization"
    name: str
    variants: tuple[str, ...] = ()
    description: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


def _load(filename: str, kind: str) -> tuple[Authority, ...]:
    rows = json.loads((DATA / filename).read_text(encoding="utf-8"))
    return tuple(
        Authority(r["key"], kind, r["name"], tuple(r.get("variants", ())), r.get("description", ""))
        for r in rows
    )


@cache
def curated_people() -> tuple[Authority, ...]:
    return _load("people.json", "person")


@cache
def places() -> tuple[Authority, ...]:
    return _load("places.json", "place")


@cache
def organizations() -> tuple[Authority, ...]:
    return _load("organizations.json", "organization")


@cache
def place_hints() -> dict[str, dict]:
    """Each shipped place's own fields by key: which GeoNames city or country it is, its kind
    and where it lies when no gazetteer has it (`geonames.locate_known` reads them)."""
    rows = json.loads((DATA / "places.json").read_text(encoding="utf-8"))
    return {r["key"]: r for r in rows}


@cache
def _keys_by_name(kind: str) -> dict[str, str]:
    table = places() if kind == "place" else organizations()
    return {name.casefold(): a.key for a in table for name in a.names}


def key_for(kind: str, label: str) -> str:
    """The key of the place or organization a label names ("DPRK": north-korea), else a key
    made from the label itself: a record's labels name authorities the gazetteer may lack."""
    known = _keys_by_name(kind).get(label.strip().casefold())
    return known or re.sub(r"[^a-z0-9]+", "-", anyascii(label).lower()).strip("-")


@dataclass(frozen=True)
class PhraseHit:
    first: int  # index of the first token
    last: int  # index of the last token
    start: int
    end: int
    authority: Authority


@dataclass
class PhraseMatcher:
    """Longest-first matching of known word sequences, keyed by their first word."""

    _by_first: dict[str, list[tuple[tuple[str, ...], Authority]]] = field(default_factory=dict)

    def add(self, phrase: str, authority: Authority) -> None:
        words = tuple(t.norm for t in tokenize(phrase))
        if words:
            entries = self._by_first.setdefault(words[0], [])
            entries.append((words, authority))
            entries.sort(key=lambda entry: -len(entry[0]))

    def add_all(self, authorities: Iterable[Authority]) -> PhraseMatcher:
        for authority in authorities:
            for name in authority.names:
                self.add(name, authority)
        return self

    def match_at(self, text: str, tokens: list[Token], i: int) -> PhraseHit | None:
        for words, authority in self._by_first.get(tokens[i].norm, ()):
            last = i + len(words) - 1
            if last < len(tokens) and _matches(text, tokens, i, words):
                return PhraseHit(i, last, tokens[i].start, tokens[last].end, authority)
        return None

    def find(self, text: str, tokens: list[Token]) -> list[PhraseHit]:
        hits: list[PhraseHit] = []
        i = 0
        while i < len(tokens):
            hit = self.match_at(text, tokens, i)
            hits += [hit] if hit else []
            i = hit.last + 1 if hit else i + 1
        return hits


def _matches(text: str, tokens: list[Token], i: int, words: tuple[str, ...]) -> bool:
    for offset, word in enumerate(words):
        token = tokens[i + offset]
        if token.norm != word or (offset and not adjacent(text, tokens[i + offset - 1], token)):
            return False
    return True


@cache
def place_and_org_matcher() -> PhraseMatcher:
    return PhraseMatcher().add_all((*places(), *organizations()))
