"""The OCR words on a record's scans that a query's words match, with their boxes.

The words are the ones Tesseract read (`Scan.words`, written by `ingest.ocring`). A query
word and a page word match when they analyze to a common index term (`search.analysis`), so
case, diacritics and English stems fold as the archive's own search folds them. A word broken
at a line's end ("situ-" / "ation") is matched whole and highlighted in both parts. Read by
IIIF Content Search and by the document page, which draws the boxes on its page images.
"""

from __future__ import annotations

from collections.abc import Iterator

from readingroom.records.models import Document
from readingroom.search.analysis import terms

Box = tuple[int, int, int, int]  # x, y, width, height in the scan's pixels
Hit = tuple[int, int, str, Box]  # (page, word index, the word, its box)


class Matcher:
    """Whether a page word matches the query; each distinct word is analyzed once."""

    def __init__(self, query: str) -> None:
        self.wanted = set(terms(query))
        self.seen: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        found = self.seen.get(word)
        if found is None:
            found = self.seen[word] = bool(self.wanted.intersection(terms(word)))
        return found


def page_hits(page: int, words: list[list], matches: Matcher) -> Iterator[Hit]:
    """The matching words of one page in reading order, a word broken by a hyphen at a
    line's end tried whole as well (its two parts highlighted with the whole word)."""
    for i, (text, x, y, w, h) in enumerate(words):
        if matches(text):
            yield page, i, text, (x, y, w, h)
        elif text.endswith("-") and i + 1 < len(words):
            rest = words[i + 1]
            whole = text[:-1] + rest[0]
            if matches(whole):
                yield page, i, whole, (x, y, w, h)
                yield page, i + 1, whole, tuple(rest[1:5])


def record_hits(doc: Document, query: str) -> list[Hit]:
    matches = Matcher(query)
    if not matches.wanted:
        return []
    hits: list[Hit] = []
    for scan in doc.scans.only("order", "words"):
        hits += page_hits(scan.page, scan.words, matches)
    return hits
