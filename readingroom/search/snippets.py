"""Highlighted HTML snippets, built in Python so every character is escaped here.

tantivy's own snippet generator wraps matches in ``<b>`` but leaves the rest of
the text unescaped, and it cannot see the Python-side normalization in
:mod:`analysis`. Finding the matches again here lets us mark whole phrases,
prefix expansions and stems alike. Highlighting is a large share of a results
page, so text whose words fold to ASCII (nearly all of it) takes a regex path
that only stems the words it has not seen before; other text goes through the
analyzer token by token. Both find the same spans (tests/search/test_search_snippets.py).
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import chain, islice

from readingroom.search import analysis

CONTEXT_CHARS = 40  # text kept before the first highlighted word of a window


@dataclass
class Marks:
    """What to highlight: stemmed single terms, stemmed phrases, exact folded words."""

    terms: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)
    folded: set[str] = field(default_factory=set)
    # The words as each other language reads them, for passages of texts in it.
    languages: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases or self.folded or any(self.languages.values()))

    def phrase_starts(self) -> dict[str, list[tuple[str, ...]]]:
        """The phrases by their first stem, so a passage is walked once for all of them."""
        starts: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in self.phrases:
            starts[phrase[0]].append(phrase)
        return starts


def _spans(text: str, marks: Marks, language: str = "") -> list[tuple[int, int]]:
    """Where the marks occur in ``text`` (of a text in ``language``), overlapping spans merged."""
    if language and language not in analysis.ENGLISH:
        return _merge(_language_spans(text, marks, language))
    text = analysis.normalize(text)
    folds = _ascii_folds(text)
    found = _token_spans(text, marks) if folds is None else _regex_spans(text, folds, marks)
    return _merge(found)


def _ascii_folds(text: str) -> dict[str, str] | None:
    """The letters of ``text`` to replace with one ASCII letter each (é → e, ŏ → o), or None
    when a letter has no such fold. Other characters (quotes, dashes) only separate words, so
    once folded, a regex tokenizes the text exactly as tantivy does."""
    if text.isascii():
        return {}
    folds, table = {}, _fold_table()
    for char in set(_NON_ASCII.findall(text)):
        if ord(char) in table:
            folds[char] = table[ord(char)]
        elif not _separator(char):
            return None
    return folds


@cache
def _separator(char: str) -> bool:
    return unicodedata.category(char)[0] in "PZ"  # punctuation and spaces, never letters


@cache
def _fold_table() -> dict[int, str]:
    """Latin letters that the index's own folding turns into one ASCII letter, and that letter
    (asked of the analyzer, so the fast path cannot disagree with it)."""
    table = {}
    for code in chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        folded = analysis.analyzer(analysis.FOLDED).analyze(chr(code))
        if len(folded) == 1 and len(folded[0]) == 1 and _ASCII_WORD.fullmatch(folded[0]):
            table[code] = folded[0]
    return table


def _token_spans(text: str, marks: Marks) -> list[tuple[int, int]]:
    """Any text: every token through the analyzers the index used."""
    toks = analysis.tokens(text)
    found: list[tuple[int, int]] = [(s, e) for t, s, e in toks if t in marks.terms]
    if marks.folded:
        folded = analysis.tokens(text, analysis.FOLDED)
        if len(folded) == len(toks):
            found += [(s, e) for t, s, e in folded if t in marks.folded]
    stems = [t for t, _, _ in toks]
    starts = marks.phrase_starts()
    for i, stem in enumerate(stems):
        for phrase in starts.get(stem, ()):
            if tuple(stems[i : i + len(phrase)]) == phrase:
                found.append((toks[i][1], toks[i + len(phrase) - 1][2]))
    return found


def _language_spans(text: str, marks: Marks, language: str) -> list[tuple[int, int]]:
    """Another language's text: its tokens as that language reads them, and folded."""
    wanted = marks.languages.get(language, set())
    tokens = analysis.tokens(text, analysis.language_analyzer(language))
    spans = [(start, end) for term, start, end in tokens if term in wanted]
    if marks.folded:
        folded = analysis.tokens(text, analysis.FOLDED)
        spans += [(start, end) for term, start, end in folded if term in marks.folded]
    return spans


def _regex_spans(text: str, folds: dict[str, str], marks: Marks) -> list[tuple[int, int]]:
    """The same spans for text whose words fold to ASCII, found with a regex: only the words
    that can match are stemmed (once per process) and looked for, not every token."""
    for char, letter in folds.items():
        text = text.replace(char, letter)
    low = text.lower()  # one character for one, like the folds: offsets stay valid
    words = set(_ASCII_WORD.findall(low))
    starts = marks.phrase_starts()
    hits = words & (_STEMS.words_for(words, marks.terms | starts.keys()) | marks.folded)
    if not hits:
        return []
    found = []
    alternatives = "|".join(sorted(hits))  # sorted: the same words, the same cached regex
    for match in re.finditer(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])", low):
        word, (start, end) = match.group(), match.span()
        stem = _STEMS.stem(word)
        if stem in marks.terms or word in marks.folded:
            found.append((start, end))
        for phrase in starts.get(stem, ()):
            following = islice(_ASCII_WORD.finditer(low, end), len(phrase) - 1)
            rest = [(_STEMS.stem(m.group()), m.end()) for m in following]
            if tuple(s for s, _ in rest) == phrase[1:]:
                found.append((start, rest[-1][1] if rest else end))
    return found


class _Stems:
    """English stems of the ASCII words seen in snippets, and the words of each stem: a
    process-wide memo, so a passage costs a regex and set operations, not a stemmer call
    per token. Cleared when it holds ``limit`` words."""

    def __init__(self, limit: int = 100_000):
        self.limit = limit
        self._lock = threading.Lock()
        self._stem: dict[str, str] = {}
        self._words: dict[str, set[str]] = defaultdict(set)

    def stem(self, word: str) -> str:
        stem = self._stem.get(word)
        return stem if stem is not None else next(iter(analysis.terms(word)), "")

    def words_for(self, words: set[str], stems: Iterable[str]) -> set[str]:
        """Learn ``words``; return every known word whose stem is one of ``stems``."""
        with self._lock:
            new = list(words.difference(self._stem))
            if new:
                if len(self._stem) + len(new) > self.limit:
                    self._stem.clear()
                    self._words.clear()
                    new = list(words)
                learned = analysis.terms(" ".join(new))
                if len(learned) != len(new):  # a word too long to index has no stem
                    learned = [next(iter(analysis.terms(word)), "") for word in new]
                for word, stem in zip(new, learned, strict=True):
                    self._stem[word] = stem
                    self._words[stem].add(word)
            return set().union(*(self._words.get(stem, ()) for stem in stems))


_ASCII_WORD = re.compile(r"[a-z0-9]+")  # tantivy's simple tokenizer, on lowercase ASCII
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_STEMS = _Stems()


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


def highlight(text: str, marks: Marks, max_chars: int = 240, language: str = "") -> str:
    """HTML for the best window of ``text`` (of a text in ``language``, if not the main one):
    matches in <mark>, everything escaped."""
    text = unicodedata.normalize("NFC", text or "")
    spans = _spans(text, marks, language) if marks else []
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
