"""Words with their offsets, shared by every recognizer of a block.

Names and place phrases are matched word by word, so a block is split once. A word's `norm`
drops apostrophes and a possessive or plural s after one ("Worker’s", "Workers’" -> "Worker")
because translators place the apostrophe of "Workers' Party" freely.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_TITLE_ABBREVIATIONS = r"(?:Mr|Mrs|Ms|Dr|Prof|Lt|Gen|Adm|Col|Maj|Capt|Sen|Gov|Amb)\."
_TOKEN = re.compile(rf"{_TITLE_ABBREVIATIONS}|(?:[^\W\d_]\.){{2,}}|[^\W\d_]\.(?=\s)|[^\W_][\w'’-]*")
_APOSTROPHE = re.compile(r"['’‘]")
_SPACES = re.compile(r"[ \t\xa0]+")


# Capitalized function words and pronouns: they open sentences and turns, never a name.
NEVER_NAMES = frozenset(
    [
        "And",
        "At",
        "By",
        "For",
        "From",
        "He",
        "Her",
        "His",
        "In",
        "It",
        "Its",
        "No",
        "Of",
        "On",
        "Our",
        "She",
        "That",
        "The",
        "Their",
        "These",
        "They",
        "This",
        "Those",
        "To",
        "We",
        "With",
        "Yes",
        "You",
        "Your",
    ]
)


class Token(NamedTuple):
    text: str
    norm: str
    start: int
    end: int

    @property
    def capitalized(self) -> bool:
        return self.text[0].isupper()


def normalize(word: str) -> str:
    """The matching form of a word: no apostrophes, no possessive s after one."""
    if not _APOSTROPHE.search(word):
        return word
    stripped = _APOSTROPHE.sub("", word)
    if re.search(r"(?:['’‘]s|s['’‘])$", word):
        stripped = stripped[:-1]
    return stripped


def tokenize(text: str) -> list[Token]:
    return [
        Token(m.group(), normalize(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]


def adjacent(text: str, left: Token, right: Token) -> bool:
    """Whether only spaces (no newline, no punctuation) stand between two words."""
    return left.end < right.start and _SPACES.fullmatch(text, left.end, right.start) is not None
