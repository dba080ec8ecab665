"""Speaker turns: "Title Name: text" at the start of a paragraph.

Transcripts mark who speaks only by this label, so recognizing it is what turns a wall of
paragraphs into a conversation. The label must look like a name (capitalized words, optionally
after a title); "From our side there were also these attendees: ..." is an ordinary sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from readingroom.enrich.initials import is_initials
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


def _label_match(paragraph: str) -> re.Match[str] | None:
    """The "Label:" opening `paragraph`, written without spaces inside the colon."""
    match = _LABEL.match(paragraph)
    return match if match and match.group(1) == match.group(1).strip() else None


def match_speaker(paragraph: str) -> Speaker | None:
    """The speaker label opening `paragraph`, or None when it is not a speaker turn."""
    match = _label_match(paragraph)
    if match is None:
        return None
    parsed = parse_label(match.group(1))
    if parsed is None:
        return None
    return Speaker(match.group(1), parsed[0], parsed[1], match.start(1) + len(match.group(1)) + 1)


# What opens a heading, a letter or a press conference's question, not a speech: a label
# of one word in a transcript is a speaker's only when it is none of these.
_NOT_SPEAKERS = _NOT_NAMES | {
    *("Dear", "Q", "A", "Comment", "Comments", "Proposal", "Discussion", "Recommendation"),
    *("Recommendations", "Background", "Conclusion", "Conclusions", "Summary", "Reply"),
    *("Response", "Action", "Problem", "Purpose", "Result", "Results", "Status", "Text"),
    *("Enclosure", "Attachment", "Annex", "Tab", "Item", "Draft", "Agreed", "Decision"),
    *("Points", "Paragraph", "Reference", "Message", "Agenda", "Issue", "Issues"),
    *("Objective", "Objectives", "Advantages", "Disadvantages"),
}


def turn_label(label: str) -> tuple[str, str] | None:
    """(title, name) of a label opening a speech in a transcript.

    Besides "Title Name" and a bare name (`parse_label`), a transcript writes an office alone
    ("The President", "Mr. President"), a surname alone ("Cox") or initials ("JFK"); an office
    comes back with an empty name.
    """
    words = label.split()
    words = words[1:] if words[:1] == ["The"] else words
    if not words or words[0] in _NOT_SPEAKERS:
        return None
    parsed = parse_label(label)
    if parsed is not None:
        return (parsed[1], "") if parsed[1] in TITLES else parsed
    title, rest = _split_title(words)
    if title and not rest:
        return title, ""
    if title or len(rest) != 1 or rest[0] in _NOT_SPEAKERS:
        return None
    return ("", rest[0]) if is_name_word(rest[0]) or is_initials(rest[0]) else None


def dialog_labels(paragraphs: list[str]) -> list[str]:
    """Each paragraph's speaker label ("" for none) when they read as a transcript.

    A transcript has at least two speakers with two labelled paragraphs each; otherwise every
    label is "" ("Source:" and "Comment:" in a memorandum are headings). A label met once in a
    transcript counts only when it is a name by the strict rule (`parse_label`).
    """
    found = [_opening_label(p) for p in paragraphs]
    counts = Counter(label for label in found if label)
    if sum(1 for n in counts.values() if n >= 2) < 2:
        return [""] * len(paragraphs)
    return [label if counts[label] >= 2 or parse_label(label) else "" for label in found]


def _opening_label(paragraph: str) -> str:
    """The label a speech opens with; "State:" alone on its line is a heading."""
    match = _label_match(paragraph)
    if match is None or not paragraph[match.end() :].strip():
        return ""
    return match.group(1) if turn_label(match.group(1)) else ""
