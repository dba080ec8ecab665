"""Text analysis shared by indexing, querying and highlighting.

The same functions must run on both sides, or a query word would never meet
the indexed one: fold diacritics and case, stem English words, and rewrite the
Albanian word-final "ë" to "a" (Belishovë ↔ Belishova, Hoxhë ↔ Hoxha) — a
rewrite tantivy's filters cannot do, so it happens in Python before tantivy
sees the text. It swaps one code point for one, so character offsets into the
normalized text are offsets into the original.

English stems are Python's too (`stemming`: plurals only, so "directives" is not
"direct"): tantivy folds the words, Python stems them, and a stemmed field is given
the stems one space apart (`stemmed_text`), which tantivy numbers in order, so
phrases still match; `tokens` keeps each stem's offsets in the text for highlighting.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import tantivy

from readingroom.search.stemming import stems

STEMMED = "rr_stemmed"  # ordinary words: lowercase, ASCII-folded, English stems (Python)
FOLDED = "rr_folded"  # names, vocabularies, prefix lookups: lowercase and ASCII-folded
TOKENS = "rr_tokens"  # terms analyzed in Python already, separated by spaces
STEMMER = "rr_stem_"  # + a language of STEMMERS: its own stemmer after folding
ENGLISH = ("en", "eng")
# The languages Tantivy has a stemmer for, by ISO 639-1 code.
STEMMERS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}

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
    if name in (TOKENS, STEMMED):  # a stemmed field is given its terms (`stemmed_text`)
        return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    builder = builder.filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES))
    builder = builder.filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())
    if name.startswith(STEMMER):
        builder = builder.filter(tantivy.Filter.stemmer(name.removeprefix(STEMMER)))
    return builder.build()


def register(index: tantivy.Index) -> None:
    """Tokenizers are not persisted with the index: register them on every open."""
    for name in (STEMMED, FOLDED, TOKENS):
        index.register_tokenizer(name, analyzer(name))


def language_analyzer(code: str) -> str:
    """How a text in the language `code` (ISO 639-1) is analyzed: English as the main text,
    a language Tantivy has a stemmer for with it, any other folded alone."""
    if code in ENGLISH:
        return STEMMED
    return STEMMER + STEMMERS[code] if code in STEMMERS else FOLDED


def language_terms(text: str, code: str) -> list[str]:
    """The terms of a text in another language, each tagged with it ("sq:shoku", "ru:город"),
    for the index's one field of other-language text: a query word meets a text's word only
    when both were analyzed as that language."""
    return [f"{code}:{term}" for term in terms(text, language_analyzer(code))]


def terms(text: str, name: str = STEMMED) -> list[str]:
    """The index terms ``text`` turns into under analyzer ``name``."""
    if name == STEMMED:
        return stems(analyzer(FOLDED).analyze(normalize(text)))
    return analyzer(name).analyze(normalize(text))


@lru_cache(maxsize=2048)
def stemmed_text(text: str) -> str:
    """What a stemmed field is given: the terms of ``text``, one space apart. Remembered
    for a while: a passage's text goes into its document's entry, then into its own."""
    return " ".join(terms(text))


def tokens(text: str, name: str = STEMMED) -> list[tuple[str, int, int]]:
    """(term, char start, char end) for each token, offsets valid in NFC(text)."""
    pre = analyzer(FOLDED if name == STEMMED else name).pre_tokenize(normalize(text))
    found = [(t.text, t.char_offset_from, t.char_offset_to) for t in pre.tokens]
    if name != STEMMED:
        return found
    terms_ = stems([term for term, _, _ in found])
    return [(term, start, end) for term, (_, start, end) in zip(terms_, found, strict=True)]
