"""Speakers labelled by their initials, as telephone transcripts write them ("JFK:", "GWB:").

Initials are no name: they stand for someone only where exactly one person has them, among
the people the document's heading names, else (two letters or more) the document's people,
else the volume's list (`Cast.by_initials`). Anything else stays unresolved rather than
becoming a person called "JFK".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

INITIALS = re.compile(r"[A-Z]{1,4}")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})


def is_initials(label: str) -> bool:
    return bool(INITIALS.fullmatch(label))


def initials_of(name: str) -> str:
    """ "John F. Kennedy" -> "JFK"; inverted names ("Ball, George W.") are read in order."""
    if "," in name:
        surname, _, given = name.partition(",")
        name = f"{given} {surname}"
    words = [w for w in _WORD.findall(name) if w not in _SUFFIXES]
    return "".join(w[0].upper() for w in words)


def surname_initial(name: str) -> str:
    """ "Henry A. Kissinger" and "Kissinger, Henry A." -> "K"."""
    words = [w for w in _WORD.findall(name.partition(",")[0]) if w not in _SUFFIXES]
    return words[-1][0].upper() if words else ""


def _fits(letters: str, name: str) -> bool:
    if len(letters) == 1:
        return surname_initial(name) == letters
    return initials_of(name) == letters


def bearer(letters: str, people: Iterable[tuple[str, Iterable[str]]]) -> str | None:
    """The one person (key, names) these initials fit: all of them ("JFK") or a surname's ("K")."""
    keys = {key for key, names in people if any(_fits(letters, n) for n in names)}
    return keys.pop() if len(keys) == 1 else None
