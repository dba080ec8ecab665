"""Text analysis shared by indexing, querying and highlighting.

The same functions must run on both sides, or a query word would never meet
the indexed one: fold diacritics and case, stem English words, and rewrite the
Albanian word-final "ë" to "a" (Belishovë ↔ Belishova, Hoxhë ↔ Hoxha) — a
rewrite tantivy's filters cannot do, so it happens in Python before tantivy
sees the text. It swaps one code point for one, so character offsets into the
normalized text are offsets into the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import tantivy

STEMMED = "rr_stemmed"  # ordinary words: lowercase, ASCII-folded, English stems
FOLDED = "rr_folded"  # names, vocabularies, prefix lookups: lowercase and ASCII-folded

MAX_TOKEN_BYTES = 100  # longer "words" are not indexed: one huge token must not stall indexing
_FINAL_E = re.compile(r"(?<=\w)[ëË](?!\w)")


def normalize(text: str) -> str:
    """NFC, then word-final ë → a; output has the same length as NFC(text)."""
    text = unicodedata.normalize("NFC", text)
    if "ë" not in text and "Ë" not in text:
        return text
    return _FINAL_E.sub(lambda m: "a" if m.group() == "ë" else "A", text)


@cache
def analyzer(name: str) -> tantivy.TextAnalyzer:
    """The analyzer registered under ``name`` (built once per process)."""
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    builder = builder.filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES))
    builder = builder.filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())
    if name == STEMMED:
        builder = builder.filter(tantivy.Filter.stemmer("english"))
    return builder.build()


def register(index: tantivy.Index) -> None:
    """Tokenizers are not persisted with the index: register them on every open."""
    for name in (STEMMED, FOLDED):
        index.register_tokenizer(name, analyzer(name))


def terms(text: str, name: str = STEMMED) -> list[str]:
    """The index terms ``text`` turns into under analyzer ``name``."""
    return analyzer(name).analyze(normalize(text))


def tokens(text: str, name: str = STEMMED) -> list[tuple[str, int, int]]:
    """(term, char start, char end) for each token, offsets valid in NFC(text)."""
    pre = analyzer(name).pre_tokenize(normalize(text))
    return [(t.text, t.char_offset_from, t.char_offset_to) for t in pre.tokens]
