"""Editorial insertions in square brackets, classified so they can become facts.

Translators use brackets for four things: a role before a name ("[Member of the Political
Bureau of the ALP CC] Gogo Nushi"), another spelling after a name ("Choe Yong-geon [Choe Yong
Gon]"), a word they supplied ("Caribbean [Missile] Crisis") and "[sic]". Saved web pages add
leftovers such as "[email protected]". A role tells us what a person was on a date and an
alternate spelling is a name variant, so telling them apart matters more than catching every
bracket: whatever is unclear is "supplied" or "other", never a role or a variant.
"""

from __future__ import annotations

import re

from readingroom.enrich.speakers import HONORIFICS, is_name_word
from readingroom.records.contract import AnnotationRecord

_BRACKET = re.compile(r"\[([^\[\]\n]*)\]")
_WORD = re.compile(r"(?:[^\W\d_]\.)+|[^\W\d_][\w'’-]*")
_SIC = re.compile(r"sic!?", re.IGNORECASE)
_LEFTOVER = re.compile(
    r"@|\bprotected\b|^(?:illegible|unclear|indecipherable|blank|\.\.\.|…|\?|\d+|page \d+)$",
    re.IGNORECASE,
)
FUNCTION_WORDS = frozenset(["of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "with"])
# Words that begin or make up a post ("[Member of the Political Bureau…]"); shared with
# `people`, which reads roles out of participant lists.
ROLE_WORDS = frozenset(
    [
        "Admiral",
        "Ambassador",
        "Assistant",
        "Attaché",
        "Captain",
        "Chairman",
        "Chairwoman",
        "Chancellor",
        "Chargé",
        "Chief",
        "Colonel",
        "Commander",
        "Commissar",
        "Consul",
        "Counselor",
        "Deputy",
        "Director",
        "Editor",
        "Emperor",
        "Envoy",
        "First",
        "General",
        "Governor",
        "Head",
        "Interpreter",
        "King",
        "Leader",
        "Lieutenant",
        "Major",
        "Marshal",
        "Mayor",
        "Member",
        "Minister",
        "Officer",
        "Politburo",
        "Premier",
        "President",
        "Prince",
        "Queen",
        "Representative",
        "Secretary",
        "Senator",
        "Special",
        "Translator",
        "Under",
        "Vice",
    ]
)
_MAX_NAME_WORDS = 5
_SPACE = re.compile(r"[ \t\xa0]+")


def _is_name_word(word: str) -> bool:
    return is_name_word(word) and word not in HONORIFICS


def _words_after(text: str, pos: int) -> list[str]:
    """Words after `pos`, each separated from the previous by spaces only."""
    words: list[str] = []
    while len(words) <= _MAX_NAME_WORDS:
        gap = _SPACE.match(text, pos)
        word = _WORD.match(text, gap.end()) if gap else None
        if word is None:
            break
        words.append(word.group())
        pos = word.end()
    return words


def _following_name(text: str, pos: int) -> str:
    """The name right after `pos`, skipping one honorific ("Comrade Kim Il Sung")."""
    words = _words_after(text, pos)
    if words and words[0] in HONORIFICS:
        words = words[1:]
    name: list[str] = []
    for word in words[:_MAX_NAME_WORDS]:
        if not _is_name_word(word):
            break
        name.append(word)
    return " ".join(name)


def _preceding_name(text: str, pos: int) -> str:
    """The name ending just before `pos`, stopping at an honorific ("Comrade")."""
    matches = list(_WORD.finditer(text, max(0, pos - 200), pos))
    name: list[str] = []
    edge = pos
    for match in reversed(matches):
        if len(name) == _MAX_NAME_WORDS or not _SPACE.fullmatch(text, match.end(), edge):
            break
        if not _is_name_word(match.group()):
            break
        name.insert(0, match.group())
        edge = match.start()
    return " ".join(name)


def _is_name_like(inner: str) -> bool:
    """Capitalized words only, no role words: "Choe Yong Gon", "Missile"."""
    words = inner.split()
    return 0 < len(words) <= _MAX_NAME_WORDS and all(
        _WORD.fullmatch(w) and _is_name_word(w) and w not in ROLE_WORDS for w in words
    )


def _is_role_like(inner: str) -> bool:
    """A description rather than a name: role words, function words or many words."""
    words = inner.split()
    has_role = any(w.strip("(),") in ROLE_WORDS for w in words)
    has_function = any(w in FUNCTION_WORDS for w in words)
    long_phrase = (len(words) >= 3 and has_function) or len(words) > _MAX_NAME_WORDS
    return has_role or long_phrase


def _next_is_capitalized(text: str, end: int) -> bool:
    following = _words_after(text, end)[:1]
    return bool(following) and following[0][0].isupper()


def classify(text: str, start: int, end: int) -> AnnotationRecord:
    """Classify the bracket at text[start:end] (brackets included)."""
    inner = text[start + 1 : end - 1].strip()
    if _SIC.fullmatch(inner):
        return AnnotationRecord("sic", start, end, inner)
    if not inner or _LEFTOVER.search(inner) or not re.search(r"[^\W\d_]", inner):
        return AnnotationRecord("other", start, end, inner)
    if _is_role_like(inner) and (target := _following_name(text, end)):
        return AnnotationRecord("role", start, end, inner, target)
    if _is_name_like(inner):
        one_word_in_phrase = len(inner.split()) == 1 and _next_is_capitalized(text, end)
        if not one_word_in_phrase and (target := _preceding_name(text, start)):
            return AnnotationRecord("alternate", start, end, inner, target)
    return AnnotationRecord("supplied", start, end, inner)


def find_annotations(text: str) -> list[AnnotationRecord]:
    """Every square-bracket insertion in `text`, classified, in order of appearance."""
    return [classify(text, m.start(), m.end()) for m in _BRACKET.finditer(text)]
