"""Meetings in the records: which documents record one, and what ties other accounts to it.

Plain reading, no database: `events.finding` stores what these functions decide.

- A document records a meeting when its type says so (a memorandum of conversation, minutes,
  notes or a record of a meeting, a telephone conversation) or its title does ("Memorandum on
  the Substance of Discussion at a … Meeting").
- FRUS editors tie accounts together in notes: "For a memorandum of another part of the
  conversation, see Document 381", "Another record of this conversation is Document 45",
  "This is one of six memoranda of this conversation". `cross_references` reads the sentences
  that say a record of a conversation or meeting is a numbered document of the same volume
  (a sentence naming another volume is left alone: its document is elsewhere).
- Anything else joins an event on a scored match (`match_score`): the day, the people it
  shares with the event, and the language of a report ("I called on", "in my conversation
  with").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

#: Event kinds by the document type that records them.
KIND_BY_TYPE = {
    "Memorandum of Conversation": "conversation",
    "Minutes of Conversation": "conversation",
    "Record of Conversation": "conversation",
    "Notes of Conversation": "conversation",
    "Transcript of Conversation": "conversation",
    "Telephone Conversation": "telephone call",
    "Memorandum of Discussion": "meeting",
    "Minutes": "meeting",
    "Record of Meeting": "meeting",
    "Notes": "meeting",
}
KINDS = ("meeting", "conversation", "telephone call", "conference session", "visit")
RELATIONS = {
    "record": "Record of",
    "report": "Report of",
    "briefing": "Briefing for",
    "mentions": "Mentions",
}
_TITLE_KINDS = (
    (re.compile(r"\btele(phone|type) conversation\b", re.I), "telephone call"),
    (re.compile(r"\b(conversation|talks?) (with|between)\b", re.I), "conversation"),
    (re.compile(r"\bdiscussion at\b|\bmeeting\b(?!.*\baction\b)", re.I), "meeting"),
    (re.compile(r"\bconference session\b|\bsession of the\b", re.I), "conference session"),
)
_NOT_A_RECORD = re.compile(r"\baction no\b|\bagenda\b|\bbriefing\b|\btalking points\b", re.I)
_REPORTING_TYPES = {"Telegram", "Circular Telegram", "Airgram", "Despatch", "Letter", "Message"}
_BRIEFING = re.compile(
    r"\bbriefing\b|\btalking (?:points|paper)\b|\bscope paper\b|\bposition paper\b", re.I
)


def meeting_kind(types: list[str], title: str) -> str | None:
    """The kind of event a document records, or None when it records none."""
    for name in types:
        if name in KIND_BY_TYPE:
            return KIND_BY_TYPE[name]
    if _NOT_A_RECORD.search(title) or not {"Memorandum", "Transcript"} & set(types):
        return None
    for pattern, kind in _TITLE_KINDS:
        if pattern.search(title):
            return kind
    return None


def relation_for(types: list[str], title: str, day: date | None, event_day: date | None) -> str:
    """How a document that is not the event's own record relates to it."""
    if meeting_kind(types, title):
        return "record"
    if day and event_day and day <= event_day and _BRIEFING.search(title):
        return "briefing"
    if day and event_day and 0 <= (day - event_day).days <= 2 and _REPORTING_TYPES & set(types):
        return "report"
    return "mentions"


_CLOCK = r"(?:\d{1,2}(?::\d{2})?(?:\s*[ap]\.?\s?m\b\.?)?|noon|midnight)"
_TIMES = re.compile(
    rf"(?<![\d:])(?P<a>{_CLOCK})(?:\s*(?:[-–—]|\bto\b)\s*(?P<b>{_CLOCK}))?(?![\w:])", re.I
)


def _clock(text: str, meridian: str = "") -> str:
    """ "11:45 a.m." -> "11:45"; a time without its a.m. or p.m. reads as `meridian`'s."""
    word = text.strip().lower()
    if word in ("noon", "midnight"):
        return "12:00" if word == "noon" else "00:00"
    found = re.match(r"(\d{1,2})(?::(\d{2}))?\s*(?:([ap]))?", word)
    half = (found and found[3]) or meridian
    if not found or not half:
        return ""
    hour, minute = int(found[1]) % 12 + (12 if half == "p" else 0), int(found[2] or 0)
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else ""


def time_range(text: str) -> tuple[str, str]:
    """The start and end ("HH:MM", "" when not stated) of a dateline's time of day:
    "November 10, 1956, 11:45 a.m." -> ("11:45", ""); "3:30-5 p.m." -> ("15:30", "17:00").
    A number with no a.m., p.m. or noon is no time ("June 6-8, 1959")."""
    for found in _TIMES.finditer(text):
        end = _clock(found["b"]) if found["b"] else ""
        if found["b"] and not end:
            continue
        meridian = "p" if end >= "12:00" else "a" if end else ""
        start = _clock(found["a"], meridian)
        if start and end and start > end and not re.search(r"[ap]\.?\s?m", found["a"], re.I):
            start = f"{int(start[:2]) - 12:02d}{start[2:]}"  # "11-1 p.m." began at 11 a.m.
        if start:
            return start, end
    return "", ""


@dataclass(frozen=True)
class Reference:
    """Documents of the same volume that a note says record a conversation or meeting."""

    numbers: tuple[str, ...]
    sentence: str
    same: bool  # "another record of this conversation": the same event as the note's document


# A sentence ends at a stop before a capital, but not after "vol." or "p." ("vol. XXVIII").
_SENTENCE = re.compile(r"(?<=[.)])(?<!vol\.)(?<!\bp\.)(?<!pp\.)(?<!\bNo\.)\s+(?=[A-Z(“\"])")
_RECORD_OF = re.compile(
    r"\b(?:memorand(?:um|a)|records?|accounts?|portions?|parts?|minutes|notes|summary|"
    r"transcript)\b(?:\W+\w+){0,6}?\W+of\s+(?:this|the|that|their)\s+"
    r"(?:conversations?|meetings?|discussions?|talks?|call)\b",
    re.I,
)
_ONE_OF = re.compile(r"\bone of (?:\w+|\d+) (?:memoranda|records|parts)\b", re.I)
_REPORTED_IN = re.compile(
    r"\b(?:conversation|meeting|talk|discussion)\b[^.]*\b(?:was|is|were|are)\s+"
    r"(?:reported|recorded|printed)\s+(?:in|as)\b",
    re.I,
)
_SAME = re.compile(
    r"\b(?:an)?other\b|\b(?:first|second|third|fourth|fifth|last|remaining|major)\s+"
    r"(?:part|portion|session)|\bone of\b|\bportions?\b|\bparts?\b",
    re.I,
)
_DOCUMENTS = re.compile(r"\bDocuments?\s+((?:\d+\s*(?:[-–,]|and)?\s*)+)")
_ELSEWHERE = re.compile(
    r"\bvol(?:ume)?\.?\s|\bForeign Relations\b|\bSupplement\b|\bibid\.|\b[IVXL]+, Document", re.I
)
_NO_RECORD = re.compile(r"^No\b|\bno (?:other |further )?(?:record|memorandum)", re.I)
_FOOTNOTE_OF = re.compile(r"\bfootnotes? \d+(?: and \d+)?(?:,| to| of| in)?\s*$", re.I)
_CLAUSE = 160  # how far after "a memorandum of this conversation" its document may be named


def cross_references(note: str) -> list[Reference]:
    """The sentences of a note that name a record of a conversation or meeting as a document
    of the same volume. `same`: the sentence says that record is another of the note's own
    meeting ("another part", "one of six memoranda")."""
    found = []
    for sentence in _SENTENCE.split(" ".join(note.split())):
        if _NO_RECORD.search(sentence) or _ELSEWHERE.search(sentence):
            continue
        numbers = _named(sentence)
        if numbers:
            same = bool(_SAME.search(sentence)) and "described in" not in sentence
            found.append(Reference(numbers, sentence, same))
    return found


def _named(sentence: str) -> tuple[str, ...]:
    """The documents a sentence names as records: after "one of six memoranda of this
    conversation:" anywhere in it, else within the clause after each "a memorandum of the
    conversation" or "the conversation … is reported in"."""
    if one_of := _ONE_OF.search(sentence):
        return _numbers(sentence[one_of.start() :])
    numbers: list[str] = []
    for said in (*_RECORD_OF.finditer(sentence), *_REPORTED_IN.finditer(sentence)):
        numbers.extend(_numbers(sentence[said.start() :].split(";")[0][:_CLAUSE]))
    return tuple(dict.fromkeys(numbers))


def _numbers(text: str) -> tuple[str, ...]:
    """Document numbers: "Documents 48 and 49", "Documents 140–146" (a range in full). A
    document named for its footnote ("see footnote 1, Document 330") is where a record is
    cited, not the record."""
    out: list[str] = []
    for match in _DOCUMENTS.finditer(text):
        if _FOOTNOTE_OF.search(text[: match.start()]):
            continue
        for part in re.split(r"\s*(?:,|\band\b)\s*", match.group(1).strip(" ,")):
            ends = re.split(r"\s*[-–]\s*", part.strip())
            if len(ends) == 2 and all(e.isdigit() for e in ends) and int(ends[1]) > int(ends[0]):
                out.extend(
                    str(n) for n in range(int(ends[0]), min(int(ends[1]), int(ends[0]) + 20) + 1)
                )
            elif ends[0].isdigit():
                out.append(ends[0])
    return tuple(dict.fromkeys(out))


_REPORTING = re.compile(
    r"\b(?:I|we|he|she)\s+(?:met|called on|saw|talked|spoke|lunched|dined)\b"
    r"|\b(?:my|our|his|the)\s+(?:conversation|meeting|talk|call|interview|discussion)s?\s+"
    r"(?:with|today|this morning|this afternoon|yesterday|last night)\b"
    r"|\b(?:during|at|in)\s+(?:my|our|today'?s|the)\s+(?:\w+\s+)?(?:meeting|conversation|talk|call)\b"
    r"|\btold me\b|\bsaid to me\b",
    re.I,
)


def reports_meeting(text: str) -> bool:
    """Whether a text speaks as an account of a meeting ("I called on", "told me")."""
    return bool(_REPORTING.search(text))


@dataclass(frozen=True)
class Score:
    value: float
    reasons: tuple[str, ...]


STRONG = 0.8  # linked at once
UNCERTAIN = 0.5  # sent to review


def match_score(
    *,
    days_apart: int,
    shared: int,
    event_people: int,
    own_people: int = 0,
    own_shared: int = 0,
    reporting: bool = False,
) -> Score:
    """How surely a document is an account of an event: the day (same ±1), the event's
    people it names (`shared` of `event_people`), the people it places at a meeting itself
    (`own_shared` of its `own_people` are the event's) and whether it speaks as a report.
    Two people in common is the least that says "these people met"; a record listing the
    same principals on the same day is that meeting written up by the other side."""
    if days_apart > 1 or max(shared, own_shared) < 2 or event_people < 2:
        return Score(0.0, ())
    reasons = ["same day" if days_apart == 0 else "a day apart"]
    value = 0.35 if days_apart == 0 else 0.2
    coverage = shared / event_people
    if own_people >= 2 and own_shared >= 2:
        coverage = max(coverage, own_shared / own_people)
        value += 0.15
        reasons.append(f"{own_shared} of its {own_people} participants were there")
    value += 0.35 * coverage
    reasons.append(f"names {shared} of {event_people} participants")
    if reporting:
        value += 0.15
        reasons.append("reports a meeting")
    return Score(round(min(value, 1.0), 3), tuple(reasons))


#: Country clues in a role or description, and the side they name.
_SIDES = {
    "United States": r"u\.\s?s\.|united states|american|state department|department of state|"
    r"secretary of state\b(?! for)|white house|cia|pentagon|joint chiefs|"
    r"national security council|senator|congressman",
    "Soviet Union": r"soviet|ussr|u\.s\.s\.r\.|cpsu|russian",
    "North Korea": r"dprk|north korea|korean workers|democratic people.s republic of korea",
    "South Korea": r"rok\b|south korea|republic of korea",
    "Albania": r"albania|\bapl\b|\balp\b",
    "China": r"people.s republic of china|\bprc\b|chinese communist|peking|beijing",
    "Taiwan": r"republic of china|\bgrc\b|taipei|chinese nationalist|formosa",
    "Japan": r"japan",
    "United Kingdom": r"british|united kingdom|\buk\b|her majesty",
    "France": r"french|france",
    "West Germany": r"west german|federal republic|german",
    "Poland": r"polish|poland",
    "Yugoslavia": r"yugoslav",
    "Romania": r"romania|rumania",
    "Czechoslovakia": r"czech",
    "Hungary": r"hungar",
    "Greece": r"greek|greece",
    "Turkey": r"turkish|turkey",
    "Italy": r"italian|italy",
    "Vietnam": r"vietnam",
    "India": r"india",
}
#: Abbreviations, read with their capitals only ("US" is no "us").
_SIDE_ABBREVIATIONS = {
    "US": "United States",
    "USA": "United States",
    "USSR": "Soviet Union",
    "UK": "United Kingdom",
    "ROK": "South Korea",
    "DPRK": "North Korea",
    "GRC": "Taiwan",
    "PRC": "China",
    "FRG": "West Germany",
}
_ABBREVIATION = re.compile(rf"\b({'|'.join(_SIDE_ABBREVIATIONS)})\b")
_SIDE_PATTERNS = tuple(
    (side, re.compile(rf"\b(?:{words})", re.I)) for side, words in _SIDES.items()
)
_DESK = re.compile(r"\b\w+\s+(?:Affairs|Desk|Division|Bureau|Section|Office|Relations)\b", re.I)
_POSTED_TO = re.compile(
    r"\b(?:to|in|at|for|with|on|toward|towards)\s+(?:the\s+)?(?:[A-Z][\w.-]*\s*){1,4}", re.I
)


@lru_cache(maxsize=8192)  # the same roles and descriptions come back in every record
def side_of(*texts: str) -> str:
    """The country a person speaks for, from their role or description ("Soviet Ambassador",
    "Premier of the DPRK"), or "". What follows "to", "in", "for" is where they serve, not whom
    they serve ("Ambassador to the Soviet Union" is not the Soviet side); an American post
    abroad is still the United States."""
    for text in texts:
        own = _POSTED_TO.sub(" ", _DESK.sub(" ", text))
        if abbreviation := _ABBREVIATION.search(own.replace(".", "")):
            return _SIDE_ABBREVIATIONS[abbreviation[1]]
        for side, pattern in _SIDE_PATTERNS:
            if pattern.search(own):
                return side
        if re.search(r"\b(?:ambassador|embassy|consul|minister)\s+(?:to|in)\b", text, re.I):
            return "United States" if re.search(r"\bU\.S\.|\bAmerican\b", text) else ""
    return ""


def event_title(kind: str, names: list[str], place: str) -> str:
    """ "Conversation: Enver Hoxha and Choe Yong-geon" (three names at most), at a place."""
    shown = names[:3]
    if len(names) > 3:
        people = f"{', '.join(shown)} and {len(names) - 3} others"
    elif len(shown) > 1:
        people = f"{', '.join(shown[:-1])} and {shown[-1]}"
    else:
        people = shown[0] if shown else ""
    title = kind.capitalize() + (f": {people}" if people else "")
    return f"{title}, {place}" if place else title
