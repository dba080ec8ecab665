"""Abbreviations: the shipped glossary, definitions read from the text, and their resolution.

Acronyms carry much of the meaning in these records ("ALP CC", "DPRK", "FPU of Korea") and
editors often define them in passing ("Korean Worker's Party (KWP)"). An acronym is linked
when its expansion names a known place or organization; otherwise it stays a glossary term.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from readingroom.enrich.gazetteer import DATA, Authority, PhraseMatcher, place_and_org_matcher
from readingroom.enrich.tokens import tokenize

_PAREN_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
_SKIPPED = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "la", "a", "an"})
_MAX_LOOKBACK = 12


@dataclass(frozen=True)
class Abbreviation:
    term: str
    expansion: str


@cache
def shipped() -> dict[str, str]:
    return json.loads((DATA / "abbreviations.json").read_text(encoding="utf-8"))


def find_definitions(text: str) -> list[tuple[Abbreviation, int, int]]:
    """(abbreviation, start, end) for each "Long Name (LN)" whose initials spell the acronym."""
    found = []
    for match in _PAREN_ACRONYM.finditer(text):
        start = _expansion_start(text[: match.start()].rstrip(), match.group(1))
        if start is not None:
            expansion = text[start : match.start()].strip()
            found.append((Abbreviation(match.group(1), expansion), start, match.end()))
    return found


def _expansion_start(before: str, acronym: str) -> int | None:
    """Where the words spelling `acronym` begin, reading backwards from the parenthesis."""
    letters = [c.lower() for c in acronym if c.isupper()]
    words = tokenize(before)[-_MAX_LOOKBACK:]
    for word in reversed(words):
        if word.text.lower() in _SKIPPED:
            continue
        if not letters or not word.capitalized or word.text[0].lower() != letters[-1]:
            return None
        letters.pop()
        if not letters:
            return word.start
    return None


@dataclass
class Glossary:
    """Acronym -> expansion, from the shipped list, a volume's list and the text itself."""

    entries: dict[str, str] = field(default_factory=lambda: dict(shipped()))

    def add(self, term: str, expansion: str) -> None:
        self.entries.setdefault(term, expansion)

    def extend(self, pairs: Iterable[tuple[str, str]]) -> Glossary:
        for term, expansion in pairs:
            self.add(term, expansion)
        return self

    def expansion(self, term: str) -> str | None:
        return self.entries.get(term)

    def resolve(self, term: str, matcher: PhraseMatcher | None = None) -> Authority | None:
        """The place or organization an acronym stands for, when its expansion names one."""
        expansion = self.entries.get(term)
        return (
            _authority_named(expansion, matcher or place_and_org_matcher()) if expansion else None
        )


def _authority_named(phrase: str, matcher: PhraseMatcher) -> Authority | None:
    tokens = tokenize(phrase)
    hit = matcher.match_at(phrase, tokens, 0) if tokens else None
    return hit.authority if hit and hit.last == len(tokens) - 1 else None


def is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def is_abbreviation(text: str) -> bool:
    """A short form a reader may need spelled out: acronyms only ("ALP CC", "KWP"), or an
    entry of the shipped glossary ("FPU of Korea", "DPR of Korea")."""
    words = text.split()
    return bool(words) and (all(is_acronym(w) for w in words) or text in shipped())


def abbreviations_of(authority: Authority, matcher: PhraseMatcher | None = None) -> list[str]:
    """The abbreviations an organization or place goes by: its own short variants, and each
    shipped glossary entry whose expansion names it ("KWP", "WPK" for the Korean Workers'
    Party)."""
    matcher = matcher or place_and_org_matcher()
    found = [name for name in authority.names if is_abbreviation(name)]
    for term, expansion in shipped().items():
        named = _authority_named(expansion, matcher)
        if named is not None and named.key == authority.key:
            found.append(term)
    return list(dict.fromkeys(found))
