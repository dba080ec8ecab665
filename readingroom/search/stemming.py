"""A light English stemmer: plural to singular, and nothing else.

Snowball's English stemmer also strips derivational suffixes, so "directives" met "direct",
"nations" met "national", "united" met "unit" and "generally" met "general"
(docs/benchmarks.md, "Stemming (issue 20)"). This one only undoes the plural: the rules of
Harman's S-stemmer (1991; "-ies" → "-y", "-es" → "-e", "-s" → ""), plus "-es" after a
sibilant (losses, speeches), "-oes" (vetoes) and "-men" (spokesmen), guarded by short lists:
irregular plurals, and words in -s or -men that are no plurals (news, Rogers, Kinmen). A
verb's forms stay apart ("negotiated" is not "negotiation"): a light stemmer misses some
variants rather than finding unrelated words.

Plain Python, for `search.analysis`, which runs it on every word it indexes or looks up, so
each word is stemmed once per process (``stem`` keeps a memo).
"""

from __future__ import annotations

from typing import cast

# Irregular plurals of the archive's vocabulary, and their singulars' own stems; plurals the
# rules below would cut wrong (sorties is no sorty, démarches no demarch, surpluses no surpluse).
IRREGULAR = {
    "analyses": "analysis",
    "crises": "crisis",
    "emphases": "emphasis",
    "hypotheses": "hypothesis",
    "theses": "thesis",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "memoranda": "memorandum",
    "memorandums": "memorandum",
    "men": "man",
    "women": "woman",
    "children": "child",
    **{p: p[:-1] for p in ("sorties", "movies", "commies", "underlies", "calories", "neckties")},
    **{p: p[:-1] for p in ("demarches", "cliches", "niches", "caches", "headaches")},
    **{p: p[:-2] for p in ("surpluses", "focuses", "campuses", "censuses", "statuses")},
    **{p: p[:-2] for p in ("bonuses", "buses", "viruses", "consensuses")},
}
# Words in -s that are not the plural of the word without it: a few nouns, a country, and
# surnames whose form without -s is a given name (Secretary Rogers is not Roger Hilsman).
NOT_PLURAL = frozenset(
    (
        *("news", "goods", "series", "species", "customs", "headquarters", "whereabouts"),
        *("politics", "commons", "laos"),
        *("adams", "andrews", "daniels", "edwards", "evans", "helms", "johns", "matthews"),
        *("peters", "phillips", "richards", "roberts", "rogers", "stevens", "williams"),
    )
)
# Words in -men that are not plurals of -man: a few nouns, and places (Kinmen is Quemoy).
NOT_MEN = frozenset(
    (
        *("specimen", "regimen", "abdomen", "acumen", "stamen", "semen", "hymen"),
        *("kinmen", "chinmen", "yumen", "bremen", "yemen"),
    )
)
KEEP_ENDINGS = ("ss", "us", "is")  # class, status, crisis: a final s that is not a plural's
MIN_LENGTH = 4  # "has", "was", "its", "gas": three letters are left alone
MEMO_LIMIT = 500_000  # distinct words remembered before the memo starts again


def light_stem(word: str) -> str:
    """The singular of an English plural (lowercase, ASCII-folded); any other word unchanged."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word in NOT_PLURAL or word in NOT_MEN:
        return word
    return plural_rules(word)


def plural_rules(word: str) -> str:
    """The rules alone, without the lists (bench/stemming.py measures both)."""
    if len(word) < MIN_LENGTH or not (word.isascii() and word.isalpha()):
        return word
    if word.endswith("men"):
        return word[:-3] + "man" if len(word) > 5 else word  # spokesmen; not omen, women
    if not word.endswith("s") or word.endswith(KEEP_ENDINGS):
        return word
    if word.endswith("ies"):
        return word[:-1] if len(word) == 4 or word[-4] in "ae" else word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]  # losses, taxes, speeches, wishes
    if word.endswith("oes") and len(word) > 5:
        return word[:-2]  # vetoes, heroes, embargoes (shoes, toes and foes are shorter)
    return word[:-1]


_MEMO: dict[str, str] = {}


def stem(word: str) -> str:
    """``light_stem``, remembered: a text's words are mostly ones seen before."""
    found = _MEMO.get(word)
    if found is None:
        if len(_MEMO) >= MEMO_LIMIT:
            _MEMO.clear()
        found = _MEMO[word] = light_stem(word)
    return found


def stems(words: list[str]) -> list[str]:
    """``stem`` of each word, in order: the memo's lookups in one pass of C, then any word
    not seen before (this is most of the cost of indexing English text in Python)."""
    found = list(map(_MEMO.get, words))
    if None in found:
        return [s if s is not None else stem(w) for s, w in zip(found, words, strict=True)]
    return cast(list[str], found)
