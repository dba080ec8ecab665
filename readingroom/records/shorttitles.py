"""How a list names a document briefly: its volume's short title, and what tells apart rows
whose titles are the same.

A result list of FRUS documents is otherwise a column of identical "Memorandum of
Conversation" rows; a historian cites such a document as "FRUS 1958–60, v. XIX, No. 83" and
tells two memoranda apart by their subject, the people in the room, or the opening words.
Plain functions of plain values: the search index and the web lists share them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

FRUS = "Foreign Relations of the United States"
SHORT_LENGTH = 48  # a title longer than this is cut at a word in a row's source line
DETAIL_LENGTH = 90  # what tells a repeated title apart: a subject or opening words
PEOPLE_SHOWN = 3
HEADING_LENGTH = 40  # a shorter first line without a full stop heads what follows

_FRUS_YEARS = re.compile("^" + FRUS + r",?\s*(\d{4})(?:\s*[–-]\s*(\d{4}))?")
_VOLUME = re.compile(r"\bVolume\s+([IVXLCDM]+|\d+|E[–-]\d+)\b(?:\s*,?\s*Part\s+(\w+))?", re.I)
_NUMBERED = re.compile(r"^\d+\.\s+")  # a telegram's own number before its text: "4129. Ref…"
_SUBJECT = re.compile(r"^(?:Subject|Subj)\s*:\s*", re.I)
_REFERENCE = re.compile(r"^(?:Ref|Refs|Reference|Deptel|Embtel)\b[^.]*\.?\s*", re.I)


def short_title(title: str, volume: str = "") -> str:
    """A collection's name as a citation gives it: "FRUS 1958–60, v. XIX" for a FRUS volume,
    otherwise the title without its subtitle (cut at a word when long) and its volume, if
    any, as "v. 3"."""
    title, volume = " ".join(title.split()), " ".join(volume.split())
    if years := _FRUS_YEARS.match(title):
        found = _VOLUME.search(volume) or _VOLUME.search(title)
        return f"FRUS {_years(years.group(1), years.group(2))}{_volume(found)}"
    main = title.split(":", 1)[0].strip()  # the title without its subtitle
    short = _cut(main if len(main) >= 8 else title, SHORT_LENGTH)
    if not volume or volume.casefold() in title.casefold():
        return short
    return short + (_volume(found) if (found := _VOLUME.search(volume)) else f", {volume}")


def _years(first: str, last: str | None) -> str:
    """ "1958", "1958–60"; a span across centuries keeps both years whole."""
    if not last or last == first:
        return first
    return f"{first}–{last[2:]}" if first[:2] == last[:2] else f"{first}–{last}"


def _volume(found: re.Match | None) -> str:
    """ ", v. XXIX, pt. 1" from "Volume XXIX, Part 1"."""
    if found is None:
        return ""
    part = f", pt. {found.group(2)}" if found.group(2) else ""
    return f", v. {found.group(1)}{part}"


def _cut(text: str, length: int) -> str:
    """The text, or its first words within `length` characters and an ellipsis."""
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def source_line(sources: Iterable[str], number: str) -> str:
    """ "FRUS 1958–60, v. XIX, No. 83": where a document is printed, and as what number."""
    where = "; ".join(s for s in sources if s)
    numbered = f"No. {number}" if number else ""
    return ", ".join(part for part in (where, numbered) if part)


def dateline(place: str, date_text: str) -> str:
    """ "Washington, September 12, 1958, 2–2:50 p.m.": where and when, as a heading prints it."""
    return ", ".join(part.strip() for part in (place, date_text) if part and part.strip())


def opening(paragraphs: Iterable[str]) -> str:
    """A text's first words, as a row's detail: a telegram's number and references, the
    editors' bracketed notes and headings in capitals ("PART II") left out, a short heading
    joined to what follows by a colon, a telegram's own "Subject:" line taken whole."""
    words: list[str] = []
    for paragraph in paragraphs:
        text = _NUMBERED.sub("", " ".join(paragraph.split()))
        if _SUBJECT.match(text):
            return _cut(_SUBJECT.sub("", text), DETAIL_LENGTH)
        text = _REFERENCE.sub("", text) if _REFERENCE.match(text) else text
        if text.startswith("[") or not any(c.islower() for c in text):
            continue  # the editors' bracketed notes; headings in capitals
        heading = len(text) < HEADING_LENGTH and text[-1] not in ".:;!?"
        words.append(text + (":" if heading else ""))
        if sum(len(w) for w in words) >= DETAIL_LENGTH:
            break
    return _cut(" ".join(words), DETAIL_LENGTH)


def detail(subjects: Iterable[str], people: Iterable[str], paragraphs: Iterable[str]) -> str:
    """What tells this document apart from others of the same title: its subject line, else
    the people in the room (the first few), else its opening words."""
    for subject in subjects:
        if subject.strip():
            return _cut(" ".join(subject.split()), DETAIL_LENGTH)
    names = list(dict.fromkeys(p for p in people if p))
    if names:
        more = " and others" if len(names) > PEOPLE_SHOWN else ""
        return ", ".join(names[:PEOPLE_SHOWN]) + more
    return opening(paragraphs)


def repeated(titles: Iterable[str]) -> set[str]:
    """The titles that occur more than once in a list: their rows show their detail."""
    counts = Counter(" ".join(t.split()).casefold() for t in titles)
    return {title for title, n in counts.items() if n > 1}


def is_repeated(title: str, titles: set[str]) -> bool:
    return " ".join(title.split()).casefold() in titles
