"""Highlighted HTML snippets, built in Python so every character is escaped here.

tantivy's own snippet generator wraps matches in ``<b>`` but leaves the rest of
the text unescaped, and it cannot see the Python-side normalization in
:mod:`analysis`. Re-tokenizing one passage with the same analyzer is cheap and
lets us mark whole phrases, prefix expansions and stems alike.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass, field

from readingroom.search import analysis

CONTEXT_CHARS = 40  # text kept before the first highlighted word of a window


@dataclass
class Marks:
    """What to highlight: stemmed single terms, stemmed phrases, exact folded words."""

    terms: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)
    folded: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases or self.folded)


def _spans(text: str, marks: Marks) -> list[tuple[int, int]]:
    toks = analysis.tokens(text)
    found: list[tuple[int, int]] = [(s, e) for t, s, e in toks if t in marks.terms]
    if marks.folded:
        folded = analysis.tokens(text, analysis.FOLDED)
        if len(folded) == len(toks):
            found += [(s, e) for t, s, e in folded if t in marks.folded]
    stems = [t for t, _, _ in toks]
    for phrase in marks.phrases:
        n = len(phrase)
        for i in range(len(stems) - n + 1):
            if tuple(stems[i : i + n]) == phrase:
                found.append((toks[i][1], toks[i + n - 1][2]))
    return _merge(found)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _best_start(spans: list[tuple[int, int]], max_chars: int) -> int:
    """Where a window of ``max_chars`` holding the most highlighted spans starts."""
    best, best_count = 0, -1
    for s, _ in spans:
        start = max(0, s - CONTEXT_CHARS)
        count = sum(1 for a, b in spans if a >= start and b <= start + max_chars)
        if count > best_count:
            best, best_count = start, count
    return best


def _window(text: str, spans: list[tuple[int, int]], max_chars: int) -> tuple[int, int]:
    """The window to show, snapped to spaces so words are not cut in half."""
    if len(text) <= max_chars:
        return 0, len(text)
    start = _best_start(spans, max_chars)
    if start > 0:
        first = next((s for s, _ in spans if s >= start), start + CONTEXT_CHARS)
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + max_chars)
    if end < len(text):
        space = text.rfind(" ", start + max_chars // 2, end)
        end = space if space > 0 else end
    return start, end


def highlight(text: str, marks: Marks, max_chars: int = 240) -> str:
    """HTML for the best window of ``text``: matches in <mark>, everything escaped."""
    text = unicodedata.normalize("NFC", text or "")
    spans = _spans(text, marks) if marks else []
    start, end = _window(text, spans, max_chars)
    parts = ["…"] if start > 0 else []
    pos = start
    for s, e in spans:
        if s < start or e > end:
            continue
        parts += [html.escape(text[pos:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        pos = e
    parts.append(html.escape(text[pos:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts).strip()
