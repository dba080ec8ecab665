"""The original classification of a document, read from its FRUS source note or a seed field.

FRUS prints the marking the source text bore as a sentence of its own after the archive
reference: "Source: Department of State, Central Files, 611.93/2–2458. Secret; Limit
Distribution. Drafted by …". The sentence holds a level, handling caveats ("Eyes Only",
"Nodis"), the telegram's precedence ("Priority", "Niact") and captions or codewords ("Cactus").
They are told apart because they mean different things: the level and caveats say who might
read the document, the precedence only how fast a telegram had to be delivered.

Only a sentence that is a marking is read, so "a secret meeting" or "Secret talks began…" are
never taken for one; the marking may also close the reference sentence itself ("…, 747C.00/
12–2355, Secret; Niact."), as some notes print it. "No classification marking" sets `unmarked`.

Seed and export fields hold just the marking: "SECRET", "Top Secret//Eyes Only", "Strictly
Secret". "Strictly Secret", "Completely Secret" and "Most Secret" render the East-bloc "top
secret" stamps (Albanian "tepër sekret", Russian "sovershenno sekretno") and the British "most
secret", so they read as "Top Secret"; "Strictly Confidential" reads as "Confidential". The
pre-1953 American "Restricted" has no counterpart among LEVELS and is left unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Classification levels, highest first.
LEVELS = (
    "Top Secret",
    "Secret",
    "Confidential",
    "Limited Official Use",
    "Official Use Only",
    "Unclassified",
)
# Handling caveats: who may see the document or how it is passed on. Variants map to these.
CAVEATS = (
    "Eyes Only",  # "Literally Eyes Only", "Eyes Only for the Secretary", "For the President Only"
    "Nodis",  # "No Distribution", "No Other Distribution": the addressee only
    "Exdis",  # "Exclusive Distribution"
    "Limdis",  # "Limit Distribution", "Limited Distribution"
    "Noforn",  # "No Foreign Dissem(ination)", "Not Releasable to Foreign Nationals"
    "Sensitive",  # "Sensitive Handling"
    "Personal",  # "Personal and Private", "Personal and Confidential" (with its level)
    "Official–Informal",  # letters between officials outside the formal channel
    "Presidential Handling",
    "Controlled Dissem",  # "Controlled Dissemination" (intelligence)
    "No Dissem Abroad",
    "Background Use Only",
    "No Distribution Outside Department",
    "Specat",  # "SPECAT", "Specat Exclusive": military special category
    "Roger Channel",  # a restricted State–CIA channel
    "Verbatim Text",  # a telegram not to be paraphrased
)
# Telegram precedence, most urgent first: not a caveat, read into `precedence` instead.
# What a note that says the source bears no marking is read as (not "Unclassified": the copy
# printed was unmarked, which does not say it was never classified).
UNMARKED = "Unmarked"
PRECEDENCE = ("Flash", "Niact", "Operational Immediate", "Immediate", "Priority", "Routine")

_LEVEL_FORMS = (
    (r"(?:top|strictly|completely|most)[\s-]+secret", "Top Secret"),
    (r"secret", "Secret"),
    (r"(?:strictly\s+)?confidential|confidental", "Confidential"),  # "Confidental": a FRUS typo
    (r"limited\s+official\s+use(?:\s+only)?", "Limited Official Use"),
    (r"(?:for\s+)?official\s+use\s+only", "Official Use Only"),
    (r"unclassified", "Unclassified"),
)
_CAVEAT_FORMS = (
    (r"(?:literally\s+)?eyes\s+only\b.*|.*\beyes\s+only|for\s+the\s+.*\bonly", "Eyes Only"),
    (r"nodis|no\s+(?:other\s+)?distribution", "Nodis"),
    (r"exdis|exclusive\s+distribution", "Exdis"),
    (r"limdis|limit(?:ed)?\s+distribution", "Limdis"),
    (r"noforn\b.*|no\s+foreign\s+dissem(?:ination)?|not\s+releasable\s+to\s+foreign\s+\w+",
     "Noforn"),
    (r"sensitive(?:\s+handling)?", "Sensitive"),
    (r"personal(?:\s+and\s+private)?", "Personal"),
    (r"official\s*[-–‐—]\s*informal", "Official–Informal"),
    (r"presidential\s+handling", "Presidential Handling"),
    (r"controlled\s+dissem(?:ination)?", "Controlled Dissem"),
    (r"no\s+dissem(?:ination)?\s+abroad", "No Dissem Abroad"),
    (r"background\s+use\s+only", "Background Use Only"),
    (r"no\s+distribution\s+outside\s+(?:the\s+)?department", "No Distribution Outside Department"),
    (r"specat(?:\s+exclusive)?", "Specat"),
    (r"roger\s+channel", "Roger Channel"),
    (r"verbatim\s+text", "Verbatim Text"),
)  # fmt: skip
_PRECEDENCE_FORMS = (
    (r"flash", "Flash"),
    (r"niact|night\s+action", "Niact"),
    (r"operational\s+immediate", "Operational Immediate"),
    (r"immediate", "Immediate"),
    (r"priority", "Priority"),
    (r"routine", "Routine"),
)
_FORMS = (
    [("level", re.compile(f, re.I), v) for f, v in _LEVEL_FORMS]
    + [("caveat", re.compile(f, re.I), v) for f, v in _CAVEAT_FORMS]
    + [("precedence", re.compile(f, re.I), v) for f, v in _PRECEDENCE_FORMS]
)
_LEVEL_START = re.compile(
    r"(?:(?:top|strictly|completely|most)[\s-]+secret|secret|confidential|confidental"
    r"|limited\s+official\s+use|official\s+use\s+only|unclassified)\b",
    re.IGNORECASE,
)
_LEVEL_INSIDE = re.compile(r"(?<=[,\s])" + _LEVEL_START.pattern, re.IGNORECASE)
_NOT_A_MARKING = re.compile(r"(?:Service|Police|Agents?|Session|Societ)", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*(?:;|//?|—|:|,)\s*")
# Where a marking that lost its full stop runs into the next sentence: "Drafted by", "Repeated
# to", "Received at".
_OPENER = re.compile(r"[A-Z][a-z]+\s+(?:by|to|at|in|on|from|for|with)\b")
_CAPTION = re.compile(r"(?:\[[^\]]*\]|[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|the|for)){0,3})")
_UNMARKED = re.compile(r"\bno\s+classification\b|\bbears\s+no\s+classification\b", re.I)
# A sentence ends at a full stop before a capital, a digit ("Secret. 2 pages of source text …")
# or a bracket; FRUS sometimes drops the space ("Secret.According to …").
_SENTENCE = re.compile(r"(?<=[.])\s+(?=[A-Z\d\[“\"])|(?<=[a-z]\.)(?=[A-Z])")
_SOURCE = re.compile(r"^\[?\s*Source\s*[:;]?\s*", re.IGNORECASE)


@dataclass
class Classification:
    level: str = ""  # one of LEVELS, "" if none is printed
    caveats: list[str] = field(default_factory=list)  # of CAVEATS, in the order printed
    precedence: str = ""  # the most urgent of PRECEDENCE printed, "" if none
    other: list[str] = field(default_factory=list)  # captions and codewords: "Cactus", "Trine"
    unmarked: bool = False  # the note says the source text bears no classification marking


def _known(token: str) -> tuple[str, str] | None:
    """ "Limit Distribution" -> ("caveat", "Limdis"); None if not a marking word."""
    token = token.strip(" .")
    for what, pattern, value in _FORMS:
        if pattern.fullmatch(token):
            return what, value
    return None


def _parts(token: str) -> list[tuple[str, str]] | None:
    """A token read whole, else as "X and Y" ("Personal and Confidential"), else None."""
    whole = _known(token)
    if whole is not None:
        return [whole]
    halves = re.split(r"\s+and\s+", token.strip(" ."), maxsplit=1)
    if len(halves) == 2 and all(_known(half) for half in halves):
        return [k for k in map(_known, halves) if k]
    return None


def _add(found: Classification, parts: list[tuple[str, str]]) -> None:
    for what, value in parts:
        if what == "level" and not found.level:
            found.level = value
        elif what == "caveat" and value not in found.caveats:
            found.caveats.append(value)
        elif what == "precedence" and (
            not found.precedence or PRECEDENCE.index(value) < PRECEDENCE.index(found.precedence)
        ):
            found.precedence = value


def _marking(text: str, *, whole: bool) -> Classification | None:
    """Read the marking `text` begins with; None if it begins with none. With `whole` (a level
    found inside a sentence), the marking must run to the end of the sentence, or into one
    that lost its full stop ("Confidential Drafted by …")."""
    found, pos, read_any = Classification(), 0, False
    while pos < len(text):
        sep = _SEPARATOR.search(text, pos)
        token = text[pos : sep.start() if sep else len(text)]
        parts = _parts(token)
        if parts is not None:
            _add(found, parts)
            read_any = True
        elif (lead := _leading(token, whole=whole)) is not None:
            _add(found, lead)  # the rest of the token is the next sentence
            return found
        elif read_any and _CAPTION.fullmatch(token.strip(" .")):
            found.other.append(token.strip(" ."))
        elif read_any and (not whole or _OPENER.match(token)):
            return found  # "Secret; Priority: Drafted by …"
        else:
            return None
        pos = sep.end() if sep else len(text)
    return found if read_any else None


def _leading(token: str, *, whole: bool) -> list[tuple[str, str]] | None:
    """A marking word that opens a token and runs into the next sentence: anything known before
    "Drafted by", "Received at" ("Limit Distribution Received at 8:13 a.m."); at a sentence's
    start also a level before any capital ("Secret With Top Secret Attachments"), but not
    inside one ("White House Confidential Files")."""
    words = token.strip().split(" ")
    for size in range(min(len(words) - 1, 5), 0, -1):
        known = _known(" ".join(words[:size]))
        rest = " ".join(words[size:])
        if known is None or _NOT_A_MARKING.match(rest):
            continue
        if _OPENER.match(rest) or (not whole and known[0] == "level" and rest[:1].isupper()):
            return [known]
    return None


def _candidates(sentence: str) -> list[tuple[str, bool]]:
    """Where a marking may begin: at the sentence's start, or at a level after a comma or
    space, as when the marking closes the reference ("…, 747C.00/12–2355, Secret; Niact.")."""
    found = [(sentence.rstrip(" ."), False)]
    for match in _LEVEL_INSIDE.finditer(sentence):
        found.append((sentence[match.start() :].rstrip(" ."), True))
    return found


def read(note: str) -> Classification:
    """The marking in a FRUS source note, or in a field holding just the marking."""
    text = _SOURCE.sub("", re.sub(r"\s+", " ", note).strip()).rstrip("]")
    unmarked = bool(_UNMARKED.search(text))
    for sentence in _SENTENCE.split(text):
        for candidate, whole in _candidates(sentence):
            found = _marking(candidate, whole=whole)
            if found is not None:
                found.unmarked = unmarked
                return found
    return Classification(unmarked=unmarked)


# The archive or publisher a source note names first, with the variants the notes spell.
_AGENCIES = (
    (r"Department\s+of\s+State\s+Bulletin", "Department of State Bulletin"),
    (r"Department\s+of\s+S(?:tate|tates|ate)\b", "Department of State"),  # typos in FRUS
    (r"(?:Central\s+Intell\w*\s+Agency|CIA)\b", "Central Intelligence Agency"),
    (r"National\s+Archives\b", "National Archives and Records Administration"),
    (r"Washington\s+National\s+Records\s+Center", "Washington National Records Center"),
    (r"(?:(?:Dwight\s+D|John\s+F|Lyndon\s+B(?:aines)?|Harry\s+S)\.?\s+)?"
     r"(Truman|Eisenhower|Kennedy|Johnson|Nixon|Ford|Carter)\s+(?:Presidential\s+)?Library",
     r"\1 Library"),
    (r"Library\s+of\s+Congress", "Library of Congress"),
    (r"(?:U\.\s?S\.\s+Mission\s+to\s+the\s+United\s+Nations|USUN)\b",
     "U.S. Mission to the United Nations"),
    (r"Public\s+Papers\s+of\s+the\s+Presidents", "Public Papers of the Presidents"),
    (r"American\s+Foreign\s+Policy", "American Foreign Policy: Current Documents"),
)  # fmt: skip
_AGENCY_FORMS = [(re.compile(pattern, re.IGNORECASE), name) for pattern, name in _AGENCIES]
# The first part ends at a comma, colon or semicolon, or a full stop that is not an initial's.
_FIRST_PART = re.compile(r"[,:;]|(?<!\b[A-Z])\.(?:\s|$)")


def agency(note: str) -> str:
    """The archive (or publication) a FRUS source note cites first: "Department of State,
    Central Files, …" -> "Department of State"; known spellings are merged, others kept as
    printed ("National Defense University")."""
    text = _SOURCE.sub("", re.sub(r"\s+", " ", note).strip()).lstrip("[ ")
    for pattern, name in _AGENCY_FORMS:
        match = pattern.match(text)
        if match:
            return match.expand(name)
    found = _FIRST_PART.search(text)
    return (text[: found.start()] if found else text).strip(" .]")
