"""Passages FRUS could not print, read from their bracketed markers as data.

FRUS prints every withheld passage as an editorial marker in square brackets, usually in
italics: "[less than 1 line of source text not declassified]", "[name not declassified]".
Summed per document, volume or year they say how much of the record is still secret, so each
marker becomes a kind (what was withheld) and an extent in lines of the original typed text.

Forms seen in the 12 FRUS development volumes (848 markers), with the lines counted for each
(the form as printed between the brackets → lines of source text):

- "less than 1 line of source text" (also "less then", "less than one line", "of text",
  "of 2-column source text") → 0.5: "less than" halves the figure it gives
- "1 line", "2 line", "3 lines" … "of source text" → 1.0, 2.0, 3.0 …
- "1-1/2", "1–1/2", "2-½", "5– 1/2", "1½" lines → 1.5, 2.5, 5.5 … (the typo "2-2/2" reads 3.0)
- "1 paragraph (5 lines of source text)" → 5.0: the lines given win over the paragraphs
- "2 headings and 3 paragraphs (11 lines of source text)" → 11.0
- "1 paragraph (13 lines …) and footnote (4 lines …)" → 17.0: stated figures are summed
- "3 paragraphs (15–1/2 lines …) and subject line" → 15.5: unstated parts then add nothing
- "2 paragraphs" with no lines given → 2 × LINES_PER_PARAGRAPH
- "3 paragraphs (1 page of source text)" → LINES_PER_PAGE
- "1 page", "2-1/2 pages", "½ page" of source text → n × LINES_PER_PAGE
- "3 paragraphs (1 column of 2-column source text)" → LINES_PER_PAGE / 2
- "18 lines of 2-column source text" → 18.0: FRUS's own count, narrower lines not scaled
- "Here follow 19 pages of source text scheduled for inclusion in the Supplement but not
  declassified" → 19 × LINES_PER_PAGE (kind "text": the rest of a printed document)
- "Annex A (4 pages of source text)", "Appendix (½ page …)" → the pages given
- "Footnote not declassified." → LINES_PER_PARAGRAPH; "Footnote in the source text (7 lines …)"
  → 7.0
- "text not declassified" → 0.5: a phrase, seen in lists and titles
- "Source: <reference>. Secret. 4 pages of source text not declassified." (the whole source note
  bracketed: the document is withheld) → 4 × LINES_PER_PAGE (kind "document"); "… Not
  declassified in time for publication; the full text is in the Supplement." → LINES_PER_PAGE
- "name", "Name deleted", "place", "location", "codeword", "document number", "classification
  indicator" → WORD_LINES (0.2) each: "2 document numbers" and "report number and date" → 0.4,
  "names" (a plural without a count) → 0.4

Markers are always bracketed in these volumes: "not declassified" outside brackets is editorial
prose ("NSC 5705/1 was not declassified"), so bracketless text is never read as a marker. A
marker nested in another ("[Here follow … , [text not declassified].]") is part of the outer
one and is not reported again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readingroom.records.contract import AnnotationRecord

WITHHELD_KINDS = (
    "text",  # source text: lines, paragraphs, pages, a footnote, an annex, "[text not …]"
    "document",  # a whole document: its source note bracketed with "N pages … not declassified"
    "name",  # a person's name: "[name not declassified]", "[Name deleted]"
    "place",  # "[place not declassified]", "[location not declassified]"
    "number",  # a document, telegram or report number
    "codeword",  # a compartment or programme codeword
    "title",  # "[title not declassified]": later FRUS volumes; not in the 12 development volumes
    "date",  # "[date not declassified]": likewise
    "other",  # anything else named: "[classification indicator not declassified]"
)

# A typed government page of the 1950s–60s (telegrams, memoranda, NSC papers) was mostly single
# spaced: 66 lines at 6 to the inch, less margins, headers and blank lines between paragraphs,
# leaves about 40 lines of text (a double-spaced draft has about 25). FRUS editors count lines up
# to 41 (and 47 of 2-column text) before they switch to pages, which fits 40 rather than 25.
LINES_PER_PAGE = 40.0
# 44 markers in the 12 volumes state both: 74 paragraphs of 494 lines, 6.7 lines a paragraph.
LINES_PER_PARAGRAPH = 7.0
WORD_LINES = 0.2  # a name or number: two or three words of a 10–12 word typed line
PHRASE_LINES = 0.5  # "[text not declassified]", and "less than" halves the figure it gives
_MAX_MARKER = 2000  # characters; a longer bracket is not a marker (and is not scanned as one)

_SPACE = re.compile(r"\s+")
_NOT_DECLASSIFIED = re.compile(r"\bnot\s+declassified\b", re.IGNORECASE)
_PROSE = re.compile(
    r"\b(?:was|were|is|are|be|been|being|has|have|had)\s+not\s+declassified\b"
    r"|\bnot\s+declassified\s+(?:has|have|had|was|were|is|are|will)\b",
    re.IGNORECASE,
)
_DELETED = re.compile(r"(?:[\w½/–-]+\s+){1,3}(?:deleted|excised)\.?", re.IGNORECASE)
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve")  # fmt: skip
_WORDS = {word: float(i) for i, word in enumerate(_NUMBER_WORDS)}
_NUM = (
    r"(?<![\d/])(?:\d+(?:\s*[-–]?\s*(?:\d+/\d+|[½¼¾⅓⅔]))?|\d+/\d+|[½¼¾⅓⅔]"
    rf"|(?:{'|'.join(_NUMBER_WORDS[1:])})\b)"
)
_MEASURE = re.compile(
    rf"(?P<less>less\s+th[ae]n\s+)?(?P<n>{_NUM})\s+(?P<unit>lines?|pages?|columns?)\b",
    re.IGNORECASE,
)
_UNIT_LINES = {"line": 1.0, "page": LINES_PER_PAGE, "column": LINES_PER_PAGE / 2}
_ITEM = re.compile(rf"^(?:(?P<n>{_NUM})\s+)?(?P<noun>.+)$", re.IGNORECASE)
# What an unmeasured item is worth, first match wins ("document number" is a number).
_ITEM_LINES = (
    (re.compile(r"paragraph|footnote", re.I), LINES_PER_PARAGRAPH),
    (re.compile(r"heading|subject line|\bline", re.I), 1.0),
    (re.compile(r"page|annex|appendix|attachment|enclosure|document\b(?! number)", re.I),
     LINES_PER_PAGE),
    (re.compile(r"column", re.I), LINES_PER_PAGE / 2),
    (re.compile(r"name|place|location|number|codeword|date|title|indicator|word", re.I),
     WORD_LINES),
)  # fmt: skip
_DOCUMENT = re.compile(r"^Source\b|in time for publication|^(?:entire\s+)?document\s+not\b", re.I)
_TEXTUAL = re.compile(
    r"\b(?:lines?|pages?|paragraphs?|columns?|headings?|footnotes?|text|annex|appendix"
    r"|attachments?|enclosures?|sections?|sentences?)\b",
    re.IGNORECASE,
)
_NAMED_END = re.compile(r"\s+(?:but\s+)?(?:not\s+declassified|deleted|excised)\b", re.I)
_MEASURED_ITEM = re.compile(r"paragraph|heading|line|page|column", re.I)
_WORDLIKE = (
    ("codeword", re.compile(r"\bcode\s*words?\b", re.I)),
    ("name", re.compile(r"\bnames?\b", re.I)),
    ("place", re.compile(r"\b(?:places?|locations?|cit(?:y|ies)|countr(?:y|ies))\b", re.I)),
    ("number", re.compile(r"\bnumbers?\b", re.I)),
    ("title", re.compile(r"\btitles?\b", re.I)),
    ("date", re.compile(r"\bdates?\b", re.I)),
)


@dataclass
class Withheld:
    """One marker: [start, end) covers the brackets; `text` is what stands between them."""

    start: int
    end: int
    kind: str  # one of WITHHELD_KINDS
    lines: float
    text: str


def _closing(text: str, start: int, stop: int) -> int | None:
    """The index after the "]" that closes the "[" at `start`, nesting counted."""
    depth = 0
    for i in range(start, min(stop, start + _MAX_MARKER)):
        char = text[i]
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def _groups(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """The outermost balanced bracket groups in text[start:stop]; a stray "[" is skipped."""
    found: list[tuple[int, int]] = []
    i = text.find("[", start, stop)
    while i != -1:
        end = _closing(text, i, stop)
        if end is None:
            i = text.find("[", i + 1, stop)
            continue
        found.append((i, end))
        i = text.find("[", end, stop)
    return found


def _flat(inner: str) -> str:
    """The marker's own words: nested brackets dropped, whitespace made single spaces."""
    for start, end in reversed(_groups(inner, 0, len(inner))):
        inner = inner[:start] + inner[end:]
    return _SPACE.sub(" ", inner).strip()


def is_marker(inner: str) -> bool:
    """Whether the words between a pair of brackets say that something was withheld."""
    words = _flat(inner)
    if _DELETED.fullmatch(words):
        return True
    return bool(_NOT_DECLASSIFIED.search(words)) and not _PROSE.search(words)


def _statement(words: str) -> str:
    """The part that says what was withheld: for a bracketed source note, its last sentences
    from the one saying "not declassified" (the archive reference holds stray numbers)."""
    if not _DOCUMENT.search(words):
        return words
    sentences = re.split(r"(?<=\.)\s+", words)
    for i, sentence in enumerate(sentences):
        if _NOT_DECLASSIFIED.search(sentence):
            return " ".join(sentences[i:])
    return words


def _number(found: str) -> float:
    """ "2-1/2" -> 2.5, "1½" -> 1.5, "½" -> 0.5, "one" -> 1.0 ("2-2/2", a typo, reads 3.0)."""
    found = found.strip().lower()
    if found in _WORDS:
        return _WORDS[found]
    match = re.fullmatch(r"(\d+)?\s*[-–]?\s*(?:(\d+)/(\d+)|([½¼¾⅓⅔]))?", found)
    if match is None:
        return 0.0
    whole, num, den, glyph = match.groups()
    value = float(whole or 0)
    if num and int(den):
        value += int(num) / int(den)
    return value + _FRACTIONS.get(glyph or "", 0.0)


def _stated(words: str) -> tuple[float, set[str]] | None:
    """The sum of the extents the marker states ("3 lines", "1 page"), with their units."""
    total, units = 0.0, set()
    for match in _MEASURE.finditer(words):
        unit = match["unit"].lower().rstrip("s")
        value = _number(match["n"]) * _UNIT_LINES[unit]
        total += value / 2 if match["less"] else value
        units.add(unit)
    return (total, units) if units else None


def _item_lines(item: str) -> float:
    """An unmeasured part such as "2 paragraphs", "names" or "document number"."""
    match = _ITEM.match(item.strip())
    if match is None:
        return 0.0
    noun = match["noun"]
    count = _number(match["n"]) if match["n"] else 1.0
    if not match["n"] and re.search(r"(?:[^s]s|ies)$", noun) and not _TEXTUAL.search(noun):
        count = 2.0  # "names": more than one, how many is not said
    if re.fullmatch(r"(?:source\s+)?text", noun, re.IGNORECASE):
        return count * PHRASE_LINES
    for pattern, value in _ITEM_LINES:
        if pattern.search(noun):
            return count * value
    return count * PHRASE_LINES


def _head(words: str) -> str:
    """What the marker names, before "not declassified" / "deleted": "2 document numbers"."""
    head = _NAMED_END.split(words, maxsplit=1)[0]
    return re.sub(r"^Here\s+follows?\s+", "", head, flags=re.IGNORECASE).strip(" ,.")


def lines(text: str) -> float:
    """The extent of a marker in lines of source text (see the module table); `text` is the
    marker with or without its brackets."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    words = _statement(_flat(text))
    stated = _stated(words)
    if stated is not None:
        return stated[0]
    if _DOCUMENT.search(words):
        return LINES_PER_PAGE
    items = re.split(r",\s*|\s+and\s+", _head(words))
    return round(sum(_item_lines(item) for item in items if item.strip()), 3)


def kind(text: str) -> str:
    """What a marker withheld, one of WITHHELD_KINDS."""
    words = _flat(text.strip().removeprefix("[").removesuffix("]"))
    if _DOCUMENT.search(words):
        return "document"
    head = _head(words)
    if _TEXTUAL.search(head):
        return "text"
    for name, pattern in _WORDLIKE:
        if pattern.search(head):
            return name
    return "other"


def _find(text: str, start: int, stop: int, out: list[Withheld]) -> None:
    for begin, end in _groups(text, start, stop):
        inner = text[begin + 1 : end - 1]
        if is_marker(inner):
            out.append(Withheld(begin, end, kind(inner), lines(inner), inner.strip()))
        else:
            _find(text, begin + 1, end - 1, out)  # "[Attachment: … [name not declassified]]"


def find_withheld(text: str) -> list[Withheld]:
    """Every withheld-passage marker in `text`, in order; one nested in another marker is part
    of it and not reported again."""
    found: list[Withheld] = []
    _find(text, 0, len(text), found)
    return found


def annotations(text: str) -> list[AnnotationRecord]:
    """The markers as annotations of kind "withheld", `target` holding what was withheld."""
    return [
        AnnotationRecord(kind="withheld", start=w.start, end=w.end, text=w.text, target=w.kind)
        for w in find_withheld(text)
    ]


def _amount(value: float) -> str:
    """11.0 -> "11", 1.5 -> "1½", 0.5 -> "½" (to the nearest half)."""
    halves = round(value * 2)
    whole, half = divmod(halves, 2)
    if not half:
        return str(whole)
    return f"{whole or ''}½"


def extent_words(w: Withheld) -> str:
    """A short phrase for readers and screen readers: "about 11 lines withheld"."""
    words = _statement(_flat(w.text))
    head, stated = _head(words).lower(), _stated(words)
    if w.kind == "document":
        return "whole document withheld" + (f", {_pages(w.lines)}" if stated else "")
    if w.kind == "text" and stated is None and head in ("text", "source text"):
        return "some text withheld"
    if not head:
        return "something withheld"
    if w.kind != "text" or (stated is None and not _MEASURED_ITEM.search(head)):
        plural = bool(re.match(r"\d", head)) or head.endswith("s")
        article = "" if plural else ("an " if head[:1] in "aeiou" else "a ")
        return f"{article}{head} withheld"  # "a name withheld", "a footnote withheld"
    if stated is not None and stated[1] == {"page"}:
        return f"{_pages(w.lines)} withheld"
    if w.lines < 1:
        return "less than a line withheld"
    count = _amount(w.lines)
    return f"about {count} line{'' if count == '1' else 's'} withheld"


def _pages(value: float) -> str:
    count = _amount(value / LINES_PER_PAGE)
    return f"{count} page{'' if count in ('1', '½') else 's'}"


def described(text: str, kind: str) -> str:
    """`extent_words` of a stored annotation (its `text` and `target`)."""
    return extent_words(Withheld(0, len(text), kind, lines(text), text))
