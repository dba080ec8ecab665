"""Name keys: romanizations of one person's name meet, different people stay apart.

Plain fuzzy matching misses variants and merges people (docs/architecture.md, Names), so a
name is reduced to a key by explicit, ordered rules:

1. Editorial noise goes: brackets with their content, leading titles (`titles`), trailing
   suffixes and roles after a comma. "Khrushchev, Nikita S." is inverted.
2. Letters are folded to ASCII with anyascii; an Albanian word-final "ë" becomes "a" first, so
   the indefinite "Belishovë" meets the definite "Belishova".
3. East Asian names are recognized by a surname table *and* given names that read as romanized
   syllables (so "Lee Harvey Oswald" stays Western). Their key is the surname group plus all
   given-name syllables joined (Il Sung = Il-sung = Ilsung), rewritten by `EAST_ASIAN_REWRITES`
   so McCune–Reischauer, Revised Romanization, DPRK usage, Wade–Giles and Pinyin meet.
4. Other names key on the last word (the surname), rewritten by `WESTERN_SURNAME_REWRITES`
   (Russian, Albanian and German-style transliterations). Given names are kept apart, one per
   position, as full names or initials, and must agree (`same_person`).

Matching is explicit: `same_person` is the automatic tier (safe to merge on), `similar_keys`
is a fuzzy tier for a review queue only, and `ALIASES` holds curated cross-language names
(Chiang Kai-shek = Jiang Jieshi) that no spelling rule can or should derive.

Known limits, by design: a Chinese and a Korean name can share a key (Zhang Wentian and
Jang Wen-tien both key "jang:wendian"); Wade–Giles j/Pinyin r (Lo Jui-ch'ing / Luo Ruiqing,
Jen Pi-shih / Ren Bishi), tzu/zi and ssu/si do not meet; Korean ui/i and hee/hui do not meet
(Pak Chong-hui / Park Chung-hee); ad hoc u for ŏ does not (Choi Yong-kun); East Asian names
written given-name first are read as Western unless the given name is hyphenated ("Syngman
Rhee" is Western, "Ting-fu Tsiang" is Tsiang Ting-fu), and a Western name after a
listed surname that happens to read as syllables ("Lee Don") is read as East Asian; the DPRK
aspirate rule (th -> t) also fires across run-together syllables ("Ikhwan"). Western full
given names meet when their consonants agree, which tolerates Aleksandr / Alexander but
would merge bearers of Ivan and Ivana; Michail / Mikhail and Yekaterina / Ekaterina do not
meet. Aliases match on the exact key of the written variant. A Chinese name written with
initials ("C.K. Yen") meets its syllables (Yen Chia-kan) in `same_person` only: their index
keys differ, so a database lookup by key does not join them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from readingroom.enrich import titles
from readingroom.enrich.romanization import (
    EAST_ASIAN_REWRITES,
    ONE_OR_TWO_SYLLABLES,
    ONE_SYLLABLE,
    SURNAME_GROUP,
    WESTERN_GIVEN_REWRITES,
    WESTERN_SURNAME_REWRITES,
    Rewrite,
)

#: A `similar_keys` score at or above this sends the pair to review; it never merges.
REVIEW_THRESHOLD = 80.0

#: Curated equivalences that come from another language, not another spelling. Written name
#: -> canonical written name; any spelling variant of the left side resolves too.
ALIASES: dict[str, str] = {
    "Chiang Kai-shek": "Jiang Jieshi",
    "Sun Yat-sen": "Sun Zhongshan",
    "Syngman Rhee": "Yi Seung-man",
}


_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)|\{[^}]*\}")
#: "H.E.", "U.S." and "U.N." before a name, office symbols ("S/B"), a trailing "of New Zealand".
_NOT_NAME_PARTS = re.compile(r"^(?:H\.\s?E|U\.\s?[SN])\.\s|\S*/\S*|\s+of\s+(?:the\s+)?[A-Z].*$")
_APOSTROPHES = re.compile(r"['’‘ʼʻ`´]")


@dataclass(frozen=True)
class NameKey:
    """A name reduced for matching; compare with `same_person`, store `key_string`."""

    surname: str
    given: str = ""  # East Asian: all given-name syllables, rewritten and joined
    given_names: tuple[str, ...] = ()  # Western: one per position; one letter for an initial
    east_asian: bool = False
    # Not compared: East Asian syllables' first letters ("Chia-kan": c, k), and the surname
    # group of a Western-written name of initials ("C.K. Yen": yan), so the two can meet.
    syllables: tuple[str, ...] = field(default=(), compare=False)
    group: str = field(default="", compare=False)

    @property
    def bare(self) -> bool:
        """A surname alone: it names a family, not a person, until resolved in its document."""
        return not self.given and not self.given_names

    @property
    def initials(self) -> tuple[str, ...]:
        return tuple(name[0] for name in self.given_names)

    def __str__(self) -> str:
        if self.east_asian and self.given:
            return f"{self.surname}:{self.given}"
        if self.given_names:
            return f"{self.surname},{self.given_names[0][0]}"
        return self.surname


def _rewrite(text: str, rules: Iterable[Rewrite]) -> str:
    for pattern, replacement in rules:
        text = re.sub(pattern, replacement, text)
    return text


def _fold(word: str) -> str:
    """ASCII, lowercase, letters only; Albanian final ë -> a before anyascii drops it."""
    word = re.sub(r"[ëË]$", "a", word)
    return re.sub(r"[^a-z]", "", anyascii(_APOSTROPHES.sub("", word)).lower())


def _words(text: str) -> list[str]:
    """Split on spaces, separating run-together initials ("N.S." -> "N.", "S.")."""
    return re.sub(r"\.(?=\S)", ". ", text).replace(",", " ").split()


def _plain(word: str) -> str:
    return word.rstrip(".").lower()


def _is_given_name_list(words: list[str]) -> bool:
    """After "Surname," come at most three capitalized given names or initials, no acronyms."""
    return 0 < len(words) <= 3 and all(
        word[0].isupper() and not (len(word.rstrip(".")) > 1 and word.isupper()) for word in words
    )


def _surname_and_given(name: str) -> tuple[list[str], list[str]]:
    """Surname words and given-name words, in the order the person would say them."""
    text = " ".join(_BRACKETED.sub(" ", name).split())
    text = _NOT_NAME_PARTS.sub(" ", text).strip()
    head, _, tail = text.partition(",")
    tail_words = titles.drop_titles(_words(tail))
    listed = [word for word in _words(head) if word.lower() not in titles.PARTICLES]
    if len(listed) == 1 and _is_given_name_list(tail_words):
        # "Khrushchev, Nikita S.": as a list gives it, the word before the comma is the
        # surname even where it is also a title ("Lord, Winston").
        return listed, tail_words
    head_words = titles.drop_titles(_words(head))
    surname_words = [word for word in head_words if word.lower() not in titles.PARTICLES]
    if len(surname_words) == 1 and _is_given_name_list(tail_words):
        return surname_words, tail_words  # "Mr. Khrushchev, Nikita S."
    if not head_words:
        return [], []
    if _east_asian_group(head_words[0]) and _reads_as_syllables(head_words[1:]):
        return head_words[:1], head_words[1:]
    if _given_first(head_words):
        return head_words[1:], head_words[:1]  # "Ting-fu Tsiang" is Tsiang Ting-fu
    given = [word for word in head_words[:-1] if word.lower() not in titles.PARTICLES]
    return head_words[-1:], given


def _east_asian_group(word: str) -> str | None:
    return SURNAME_GROUP.get(_fold(word))


def _given_first(words: list[str]) -> bool:
    """An East Asian name written given name first, hyphenated: "Ting-fu Tsiang", "Chung-hee
    Park" (unhyphenated, "Chung Hee Park" could be read either way, so it stays Western)."""
    return (
        len(words) == 2
        and "-" in words[0]
        and bool(_east_asian_group(words[1]))
        and _reads_as_syllables(words[:1])
    )


def _syllable_parts(word: str) -> list[str]:
    return [_fold(part) for part in word.split("-") if _fold(part)]


def _reads_as_syllables(words: list[str]) -> bool:
    """Given names of one to three romanized syllables: Il Sung, Il-sung, Ilsung, Xiaoping."""
    if not words or any(
        word.endswith(".") or _fold(word) in titles.WESTERN_GIVEN for word in words
    ):
        return False
    parts = [part for word in words for part in _syllable_parts(word)]
    hyphenated = any("-" in word for word in words)
    pattern = ONE_SYLLABLE if hyphenated else ONE_OR_TWO_SYLLABLES
    return len(parts) <= 3 and all(pattern.fullmatch(part) for part in parts)


def _western_given(word: str) -> str:
    """A full given name's key, or one letter for an initial ("S.", "Yu.")."""
    key = _rewrite(_fold(word), WESTERN_GIVEN_REWRITES)
    is_initial = (word.endswith(".") and len(word) <= 3) or len(key) == 1
    return key[:1] if is_initial else key


def _raw_key(name: str) -> NameKey:
    surname_words, given_words = _surname_and_given(name)
    if not surname_words:
        return NameKey("")
    surname = surname_words[0]
    group = _east_asian_group(surname)
    if group and (not given_words or _reads_as_syllables(given_words)):
        parts = [part for word in given_words for part in _syllable_parts(word)]
        given = "".join(_rewrite(part, EAST_ASIAN_REWRITES) for part in parts)
        syllables = tuple(part[0] for part in parts)
        return NameKey(group, given=given, east_asian=True, syllables=syllables)
    given_names = tuple(key for word in given_words if (key := _western_given(word)))
    initials_only = len(given_names) > 1 and all(len(name) == 1 for name in given_names)
    western = _rewrite(_fold(surname), WESTERN_SURNAME_REWRITES)
    return NameKey(western, given_names=given_names, group=group if initials_only else "")


@lru_cache(maxsize=8)
def _alias_index(aliases: tuple[tuple[str, str], ...]) -> dict[NameKey, NameKey]:
    return {_raw_key(variant): _raw_key(canonical) for variant, canonical in aliases}


def name_key(name: str) -> NameKey:
    """The key of a written name, after curated `ALIASES`."""
    return _aliased_key(name, tuple(ALIASES.items()))


@lru_cache(maxsize=262_144)
def _aliased_key(name: str, aliases: tuple[tuple[str, str], ...]) -> NameKey:
    """Cached: the same few thousand names recur in every volume."""
    key = _raw_key(name)
    return _alias_index(aliases).get(key, key)


@lru_cache(maxsize=65536)
def key_string(name: str) -> str:
    """A database index key: "kim:ilsong" (East Asian), "hrushov,n" (Western), "hoja" (bare).

    Names that `same_person` joins get the same string when both are full names; a Western
    key keeps only the first initial, so it blocks candidates and `same_person` decides.
    """
    return str(name_key(name))


def group_key(name: str) -> str:
    """What groups the ways one name is written ("Kim Il-sung", "Mr. Kim Il Sung"): its key,
    or for a name with none (an office alone) its words, case and hyphens aside."""
    return key_string(name) or " ".join(name.lower().replace("-", " ").split())


def _as_key(name: str | NameKey) -> NameKey:
    return name if isinstance(name, NameKey) else name_key(name)


def _skeleton(given: str) -> str:
    """First letter and consonants: vowels carry most transliteration noise (Aleksandr/der)."""
    return given[:1] + re.sub("[aeiou]", "", given[1:])


def _given_names_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    for x, y in zip(a, b, strict=False):
        if len(x) == 1 or len(y) == 1:
            if x[0] != y[0]:
                return False
        elif _skeleton(x) != _skeleton(y):
            return False
    return True


def same_person(a: str | NameKey, b: str | NameKey) -> bool:
    """The automatic tier: may these two written names be merged as one person?

    East Asian names need the same surname group and exactly the same given syllables, and a
    bare East Asian surname never matches a full name (a Kim is not Kim Il Sung). Western
    names need the same surname key and given names that agree position by position: initial
    with name by first letter, name with name by consonants. A bare Western surname agrees
    with every bearer of it; to link one, use `resolve_bare` inside its document.
    """
    a, b = _as_key(a), _as_key(b)
    if not a.surname or a.surname != b.surname:
        return bool(a.surname) and (_initials_meet(a, b) or _initials_meet(b, a))
    if a.east_asian != b.east_asian:
        return _initials_meet(a, b) or _initials_meet(b, a)
    if a.east_asian:
        return a.given == b.given
    return _given_names_agree(a.given_names, b.given_names) or _known_by_middle_name(a, b)


def _initials_meet(western: NameKey, east: NameKey) -> bool:
    """ "C.K. Yen" is Yen Chia-kan: a name of initials, its surname of the same group, one
    initial per given syllable."""
    return bool(western.group) and (
        east.east_asian and east.surname == western.group and east.syllables == western.given_names
    )


def _known_by_middle_name(a: NameKey, b: NameKey) -> bool:
    """ "Douglas Dillon" is "C. Douglas Dillon": a leading initial dropped, the rest in full."""
    return any(
        len(full) > len(short) >= 1
        and len(full[0]) == 1
        and len(short[0]) > 1
        and _given_names_agree(short, full[1:])
        for short, full in ((a.given_names, b.given_names), (b.given_names, a.given_names))
    )


def _fuzzy_text(key: NameKey) -> str:
    return " ".join((key.surname, key.given, *key.given_names)).strip()


def similar_keys(a: str | NameKey, b: str | NameKey) -> float:
    """The fuzzy tier, 0–100: send pairs at or above `REVIEW_THRESHOLD` to review, never merge.

    It finds variants the rules miss (Choi Yong-kun / Choe Yong-geon) and different people
    with close keys (Li Peng / Li Bing) alike; only a curator can tell them apart.
    """
    return fuzz.ratio(_fuzzy_text(_as_key(a)), _fuzzy_text(_as_key(b)))


def resolve_bare(surname: str, full_names_in_document: Iterable[str]) -> str | None:
    """The one full name in the document that a bare surname ("Hoxha") can stand for.

    Returns the first-written form of that person, or None when no one or several different
    people in the document carry the surname (Enver and Nexhmije Hoxha).
    """
    bare = name_key(surname)
    people: list[tuple[str, NameKey]] = []
    for name in full_names_in_document:
        key = name_key(name)
        if key.bare or key.surname != bare.surname or key.east_asian != bare.east_asian:
            continue
        if not any(same_person(key, known) for _, known in people):
            people.append((name, key))
    spelled = [p for p in people if written_surname(p[0]) == _fold(surname)]
    people = spelled or [p for p in people if bare_spellings_meet(surname, p[0])]
    return people[0][0] if len(people) == 1 else None


#: Spellings of one surname group that a bare surname never crosses: full names may meet
#: (Lee Teng-hui = Li Denghui), but a bare Chinese "Li" is not a Korean Yi, Lee or Rhee.
_BARE_APART = frozenset({"li"})


def bare_spellings_meet(surname: str, name: str) -> bool:
    """Whether a bare surname may stand for a bearer whose name spells it another way."""
    a, b = _fold(surname), written_surname(name)
    return a == b or not ({a, b} & _BARE_APART)


def written_surname(name: str) -> str:
    """The surname as this name spells it, folded: "Syngman Rhee" -> "rhee", "Kim Il Sung" ->
    "kim"; to prefer bearers spelled as written within a surname group (Rhee, Lee, Yi, Li)."""
    surname = _surname_and_given(name)[0]
    return _fold(surname[0]) if surname else ""
