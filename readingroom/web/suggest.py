"""Spelling suggestions for a search that found nothing: known names and glossary terms."""

from __future__ import annotations

import re

from django.db.models import Max, Q
from rapidfuzz import fuzz, process, utils

from readingroom.authorities.appearances import public_people
from readingroom.authorities.models import Name, Term
from readingroom.records.models import Collection, IndexChange

WHOLE_SCORE = 75  # token-sort ratio of the whole query against a whole name
WORD_SCORE = 80  # ratio of one word against one word of a name or an abbreviation
SYNTAX = re.compile(r'\b[a-z]+:|\b(AND|OR|NOT)\b|\.\.|[()*"]')
WORD = re.compile(r"[^\W\d_][\w'’-]+")
_cache: dict[str, tuple[int, tuple[list[str], list[str]]]] = {}


def _vocabulary() -> tuple[list[str], list[str]]:
    """(whole names, single words and abbreviations), rebuilt whenever a record changes.

    Names come only from people in public documents, or a suggestion would reveal a draft.
    """
    version = IndexChange.objects.aggregate(m=Max("id"))["m"] or 0
    cached = _cache.get("vocabulary")
    if cached and cached[0] == version:
        return cached[1]
    texts = Name.objects.filter(person__in=public_people()).values_list("text", flat=True)
    names = {n for n in texts if 3 <= len(n) < 80}
    words = {w for n in names for w in WORD.findall(n) if len(w) >= 3}
    public = Q(collection__isnull=True) | Q(collection__in=Collection.objects.public().values("pk"))
    terms = Term.objects.filter(public).values_list("abbreviation", flat=True)
    words |= {t for t in terms if 2 <= len(t) < 20}
    vocabulary = (sorted(names), sorted(words))
    _cache["vocabulary"] = (version, vocabulary)
    return vocabulary


def plain_words(query: str) -> str:
    """The reader's words without the query language's field names and operators."""
    return " ".join(SYNTAX.sub(" ", query).split())


def _respelled(text: str, words: list[str]) -> str:
    """The query with each unknown-looking word replaced by the closest known word."""
    out = []
    for word in text.split():
        best = None
        if len(word) >= 3:
            best = process.extractOne(
                word,
                words,
                scorer=fuzz.ratio,
                processor=utils.default_process,
                score_cutoff=WORD_SCORE,
            )
        out.append(best[0] if best else word)
    return " ".join(out)


def suggestions(query: str, limit: int = 5) -> list[str]:
    """Other spellings to try: the query respelled word by word, then close whole names."""
    text = plain_words(query)[:200]
    if len(text) < 3:
        return []
    names, words = _vocabulary()
    found = [_respelled(text, words)]
    found += [
        name
        for name, _, _ in process.extract(
            text,
            names,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            limit=limit,
            score_cutoff=WHOLE_SCORE,
        )
    ]
    unique = dict.fromkeys(f for f in found if f.casefold() != text.casefold())
    return list(unique)[:limit]
