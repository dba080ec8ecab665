"""Speaker turns: "Title Name: text" at the start of a paragraph.

Transcripts mark who speaks only by this label, so recognizing it is what turns a wall of
paragraphs into a conversation. The label must look like a name (capitalized words, optionally
after a title); "From our side there were also these attendees: ..." is an ordinary sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readingroom.enrich.tokens import NEVER_NAMES

# Titles and honorifics that may stand before a speaker's name; longest first when matching.
TITLES: tuple[str, ...] = (
    "Comrade",
    "Comrades",
    "Ambassador",
    "Chairman",
    "Chairwoman",
    "President",
    "Vice President",
    "Premier",
    "Vice Premier",
    "Prime Minister",
    "Foreign Minister",
    "Deputy Foreign Minister",
    "Minister",
    "Deputy Minister",
    "Secretary",
    "General Secretary",
    "First Secretary",
    "Secretary General",
    "Chancellor",
    "Marshal",
    "General",
    "Colonel",
    "Admiral",
    "Senator",
    "Governor",
    "Professor",
    "Prof.",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Miss",
    "Sir",
    "Lord",
    "Count",
)
_TITLE_WORDS = tuple(sorted((tuple(t.split()) for t in TITLES), key=len, reverse=True))
HONORIFICS = frozenset(t for t in TITLES if " " not in t)

# A name word: "Enver", "Yong-geon", "O’Brien", or initials such as "N." / "N.S.".
_NAME_WORD = re.compile(r"(?:[^\W\d_]\.)+|[^\W\d_][\w'’-]*")
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_LABEL = re.compile(r"([^:\n]{1,80}):(?:\s|$)")
_NOT_NAMES = NEVER_NAMES | frozenset(  # and the words of document headings
    [
        "Answer",
        "Attention",
        "Confidential",
        "Copy",
        "Date",
        "Note",
        "Notes",
        "Participants",
        "Place",
        "Present",
        "Question",
        "Secret",
        "Source",
        "Subject",
        "Time",
        "Top",
        "Translation",
        "Translator",
    ]
)


@dataclass(frozen=True)
class Speaker:
    label: str  # as written: "Comrade Enver Hoxha"
    title: str  # "Comrade", or "" when the label is a bare name
    name: str  # "Enver Hoxha"
    end: int  # offset just past the colon in the paragraph


def is_name_word(word: str) -> bool:
    """A capitalized word that can be part of a personal name."""
    return bool(_NAME_WORD.fullmatch(word)) and word[0].isupper() and word not in _NOT_NAMES


def _split_title(words: list[str]) -> tuple[str, list[str]]:
    for title in _TITLE_WORDS:
        if tuple(words[: len(title)]) == title:
            return " ".join(title), words[len(title) :]
    return "", words


def parse_label(label: str) -> tuple[str, str] | None:
    """(title, name) when `label` is "Title Name" or a bare name of two to four words."""
    words = _BRACKETED.sub(" ", label).split()  # "[Premier] Zhou Enlai", "Choe [Choi]"
    title, rest = _split_title(words)
    low = 1 if title else 2
    if not low <= len(rest) <= 4 or not all(is_name_word(w) for w in rest):
        return None
    return title, " ".join(rest)


def match_speaker(paragraph: str) -> Speaker | None:
    """The speaker label opening `paragraph`, or None when it is not a speaker turn."""
    match = _LABEL.match(paragraph)
    if match is None or match.group(1) != match.group(1).strip():
        return None
    parsed = parse_label(match.group(1))
    if parsed is None:
        return None
    return Speaker(match.group(1), parsed[0], parsed[1], match.start(1) + len(match.group(1)) + 1)
