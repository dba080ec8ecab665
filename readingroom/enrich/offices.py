"""Offices with their dates, read from persons-list descriptions, and who held one on a day.

A FRUS persons list describes each person by the posts they held during the volume: "Vice
President of the United States until November 22, 1963; thereafter President", "Under Secretary
of State to September 30, 1966". An office reference in a document ("The President", "The
Secretary") means the one listed person whose office of that title covers the document's date;
two candidates, or none, leave it unresolved (docs/architecture.md, Names).

Titles are compared in a short form: "Secretary of State" is "secretary" (FRUS is the State
Department's series, and its memoranda call the Secretary of State "the Secretary"), and "of
the United States" is dropped, so "President of the United States" is "president" while
"President of Cuba" stays apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from readingroom.enrich.titles import OFFICE_OBJECTS, QUALIFIERS, SURNAME_TITLES, TITLES
from readingroom.records.dates import parse_date

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WHEN = rf"(?:{_MONTH}\s+(?:\d{{1,2}},?\s+)?)?\d{{4}}"
_BOUND = re.compile(
    rf",?\s*\b(?P<word>from|since|after|until|till|to|through|in)\s*(?P<when>{_WHEN})",
    re.IGNORECASE,
)
_RANGE = re.compile(rf",?\s*(?P<start>{_MONTH}\s+\d{{1,2}}|{_WHEN})\s*[–—-]\s*(?P<end>{_WHEN})")
_THEREAFTER = re.compile(r"^(?:and\s+)?(?:thereafter|then|later|afterwards)\b,?\s*", re.I)
_DROPPED = re.compile(r"\b(?:the|U\.\s?S\.|United States)\b\s*|\bof the United States\b", re.I)
_OF_STATE = re.compile(r"\b(secretary) of state\b", re.I)
_ACTING = re.compile(r"\bacting\b", re.I)
#: Cable abbreviations of titles ("FonMin Shen", "Amb. Tsiang"), read as the office in full.
_ABBREVIATED = {
    "amb": "ambassador",
    "fonmin": "foreign minister",
    "primin": "prime minister",
    "secy": "secretary",
    "pres": "president",
    "gen": "general",
    "adm": "admiral",
}
_WHERE = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s*$")
_NAME_FOLLOWS = frozenset({"mr", "mrs", "ms", "miss", "dr", "messrs", "mme", "madame"})
_OF_PLACE = re.compile(r",?\s+of\s+(?:the\s+)?[A-Z].*$")  # "Ryuji Takeuchi of the Embassy of Japan"

#: Words that open an office reference and name no office by themselves.
_COURTESY = frozenset(
    [
        "the",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "comrade",
        "comrades",
        "his",
        "her",
        "excellency",
        "h.e",
    ]
)


@dataclass(frozen=True)
class Office:
    title: str  # short form: "president", "secretary", "under secretary"
    start: date | None = None
    end: date | None = None

    def held_on(self, day: date | None) -> bool:
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def short_title(text: str) -> str:
    """ "Secretary of State" -> "secretary"; "The Vice President" -> "vice president"."""
    text = _OF_STATE.sub(r"\1", text)
    text = _DROPPED.sub(" ", text)
    words = [w.strip(".") for w in re.split(r"[\s,]+", text.lower())]
    words = [_ABBREVIATED.get(w, w) for w in words if w and w not in _COURTESY]
    return " ".join(words).strip(" .")


@lru_cache(maxsize=65_536)
def offices(description: str) -> tuple[Office, ...]:
    """Each post a description lists, with its start and end where the text gives them."""
    found: list[Office] = []
    where = ""  # " of Egypt": "Prime Minister of Egypt; thereafter President" is Egypt's
    for segment in description.split(";"):
        segment = segment.strip()
        follows = bool(_THEREAFTER.match(segment))
        segment = _THEREAFTER.sub("", segment)
        start = found[-1].end if follows and found else None
        start, end, title = _bounds(segment, start)
        if follows and where and " of " not in title:
            title += where
        where = _WHERE.search(title).group() if _WHERE.search(title) else ""
        if title and not _ACTING.search(title):
            found.append(Office(short_title(title), start, end))
    return tuple(found)


def _bounds(segment: str, start: date | None) -> tuple[date | None, date | None, str]:
    """(start, end, office text) of one segment: "X from March 1961 until May 1962"."""
    end = None
    ranged = _RANGE.search(segment)
    if ranged:
        year = ranged["end"][-4:]
        first = ranged["start"] if ranged["start"][-4:].isdigit() else f"{ranged['start']}, {year}"
        start = parse_date(first).start
        end = parse_date(ranged["end"]).end
        return start, end, segment[: ranged.start()]
    cut = len(segment)
    for bound in _BOUND.finditer(segment):
        cut = min(cut, bound.start())
        when = parse_date(bound["when"])
        if bound["word"].lower() in ("from", "since", "after"):
            start = when.start
        elif bound["word"].lower() == "in":
            start, end = when.start, when.end
        else:
            end = when.end
    return start, end, segment[:cut]


def split_title(written: str) -> tuple[str, str]:
    """ "Secretary of State Dulles" -> ("Secretary of State", "Dulles"); "The President" ->
    ("The President", ""): leading title words, then the surname if one is left."""
    words = written.split()
    cut = 0
    if len(words) > 1 and words[0].lower() == "the":
        cut = 1
    if cut + 1 < len(words) and words[cut + 1].rstrip(".,").lower() in TITLES:
        cut += words[cut].lower() in QUALIFIERS  # "The Polish Ambassador"
    while cut < len(words) and words[cut].rstrip(".,").lower() in TITLES:
        cut += 1
        after = words[cut].rstrip(".,").lower() if cut < len(words) else ""
        if words[cut - 1].rstrip(".,").lower() in _NAME_FOLLOWS and (
            after not in TITLES or after in SURNAME_TITLES
        ):
            break  # "Mr. Marshall Green": after a courtesy comes the name, not "Mr. President"
        if cut < len(words) and cut > 0 and words[cut] in ("of", "for", "to"):
            cut += 2 if cut + 1 < len(words) and words[cut + 1] != "the" else 3
            while cut + 1 < len(words) and words[cut][:1].isupper() and words[cut] != words[-1]:
                cut += 1
    cut = min(cut, len(words))
    if cut < len(words) and cut and words[-1].strip(".,") in OFFICE_OBJECTS:
        cut = len(words)  # "Minister of National Defense": an office, no surname
    rest = _OF_PLACE.sub("", " ".join(words[cut:])).strip(" ,")
    rest = rest.removesuffix("'s").removesuffix("’s").rstrip("'’")
    return " ".join(words[:cut]), rest


def office_reference(written: str) -> str:
    """The office a reference names ("The Secretary" -> "secretary"), "" for none or acting."""
    if _ACTING.search(written):
        return ""
    return short_title(written)


def holders(title: str, day: date | None, descriptions: dict[str, str]) -> list[str]:
    """Keys of the people whose described office `title` covers `day`."""
    if not title:
        return []
    return [
        key
        for key, description in descriptions.items()
        if any(o.title == title and o.held_on(day) for o in offices(description))
    ]
