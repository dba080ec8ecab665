"""Controlled vocabularies for record fields, starting with document types.

Saved pages print all of a document's types on one line ("Minutes of Conversation Report"),
so the vocabulary is also what splits that line back into types.
"""

from __future__ import annotations

import re
import unicodedata

# A credit's role as a page shows it.
CREDIT_ROLES = {
    "obtained_by": "Obtained by",
    "translated_by": "Translated by",
    "translated_for": "Translated for",
    "note_taker": "Note taker",
    "editor": "Editor",
    "author": "Author",
}

DOCUMENT_TYPES: tuple[str, ...] = (
    "Minutes of Conversation",
    "Memorandum of Conversation",
    "Record of Conversation",
    "Notes of Conversation",
    "Transcript of Conversation",
    "Report",
    "Intelligence Report",
    "Letter",
    "Telegram",
    "Cable",
    "Memorandum",
    "Note",
    "Notes",
    "Minutes",
    "Speech",
    "Transcript",
    "Diary Entry",
    "Editorial Note",
    "Resolution",
    "Information",
    "Directive",
    "Decree",
    "Instructions",
    "Order",
    "Interview",
    "Statement",
    "Declaration",
    "Communiqué",
    "Agreement",
    "Treaty",
    "Protocol",
    "Article",
    "Circular",
    "Message",
    "Briefing",
    "Analysis",
    "Study",
    "Draft",
    "Summary",
    "Chronology",
    "Biography",
    "Map",
    "Photograph",
    # Named by FRUS titles (`ingest.frus.doctype`).
    "Telephone Conversation",
    "National Intelligence Estimate",
    "Special National Intelligence Estimate",
    "National Security Action Memorandum",
    "Circular Telegram",
    "Airgram",
    "Instruction",
    "Despatch",
    "Memorandum of Discussion",
    "Record of Meeting",
    "Aide-Mémoire",
    "Paper",
    "Press Release",
)


def _folded(name: str) -> tuple[str, ...]:
    """Words compared without case or accents ("Communique" is "Communiqué")."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    return tuple("".join(c for c in plain if not unicodedata.combining(c)).split())


# Longest first, so "Memorandum of Conversation" wins over "Memorandum".
_BY_WORDS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        ((_folded(t), t) for t in DOCUMENT_TYPES),
        key=lambda item: -len(item[0]),
    )
)
_SEPARATORS = re.compile(r"\s*[,;\n|]\s*")


def is_known_type(name: str) -> bool:
    folded = _folded(name)
    return any(words == folded for words, _ in _BY_WORDS)


def _match_at(words: list[str], i: int) -> tuple[int, str] | None:
    """The longest known type starting at word `i`, as (word count, canonical name)."""
    folded = list(_folded(" ".join(words[i:])))
    for key, canonical in _BY_WORDS:
        if tuple(folded[: len(key)]) == key:
            return len(key), canonical
    return None


def _split_chunk(chunk: str) -> list[str]:
    words, found, unknown = chunk.split(), [], []
    i = 0
    while i < len(words):
        match = _match_at(words, i)
        if match is None:
            unknown.append(words[i])
            i += 1
            continue
        if unknown:
            found.append(" ".join(unknown))
            unknown = []
        found.append(match[1])
        i += match[0]
    if unknown:
        found.append(" ".join(unknown))
    return found


def split_types(line: str) -> list[str]:
    """Split a type line into known types, longest match first, in the order written.

    Words that match no known type are kept together as one type (as written) rather than
    dropped, so a new type in the source is visible to curators instead of silently lost.
    Duplicates are dropped.
    """
    result: list[str] = []
    for chunk in _SEPARATORS.split(line.strip()):
        for name in _split_chunk(chunk):
            if name not in result:
                result.append(name)
    return result


def has_known_type(line: str) -> bool:
    """Whether a line names at least one known type (used to tell a type line from a funder)."""
    return any(is_known_type(name) for name in split_types(line))


_MAX_TYPE_LINE_WORDS = 12
_LOWER_OK = frozenset({"of", "and", "on", "the", "to", "for", "with"})


def is_type_line(line: str) -> bool:
    """Whether a whole line reads as a list of types, not prose that mentions one ("in order").

    It must be short, Title Case and name at least one known type.
    """
    words = line.split()
    title_case = all(w[0].isupper() or w in _LOWER_OK for w in words)
    return 0 < len(words) <= _MAX_TYPE_LINE_WORDS and title_case and has_known_type(line)
