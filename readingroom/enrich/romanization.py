"""Romanization tables for name keys: East Asian surname groups and the spelling rewrites.

Data for `namekeys`, kept apart so the rules read on their own; see namekeys for how they are
applied and their known limits.
"""

from __future__ import annotations

import re

_ONE_SPELLING_SURNAMES = (  # noqa: SIM905
    "mao nam liu peng chen lin wang yang huang hwang han hong wu hua sun ma su tian "
    "shen wei tan tang yuan liang lai "
    "pham nguyen le vo tran ngo"
).split()

#: Surname group -> romanizations of it (folded, lowercase, apostrophes removed). Korean and
#: Chinese surnames that romanize alike share a group on purpose.
EAST_ASIAN_SURNAMES: dict[str, tuple[str, ...]] = {
    "kim": ("kim", "gim"),
    "pak": ("pak", "park", "bak"),
    "choe": ("choe", "choi", "chwe"),
    "li": ("li", "lee", "yi", "ri", "rhee", "rhi"),
    "jong": ("jong", "jeong", "chong", "chung", "jung", "cheong", "zhong"),
    "jang": ("jang", "chang", "zhang"),
    "jiang": ("jiang", "chiang", "tsiang", "kiang"),
    "yan": ("yan", "yen"),
    "zhou": ("zhou", "chou", "chow"),
    "zhu": ("zhu", "chu", "ju"),
    "zhao": ("zhao", "chao"),
    "cho": ("cho", "jo"),
    "he": ("he", "ho", "heo", "hur"),
    "so": ("so", "seo", "suh"),
    "ryu": ("ryu", "yu", "yoo"),
    "an": ("an", "ahn"),
    "kang": ("kang", "gang"),
    "kwon": ("kwon", "gwon"),
    "paek": ("paek", "baek", "paik"),
    "hyon": ("hyon", "hyeon", "hyun"),
    "chon": ("chon", "jeon", "chun"),
    "sin": ("sin", "shin"),
    "mun": ("mun", "moon"),
    "yun": ("yun", "yoon"),
    "o": ("o", "oh"),
    "im": ("im", "lim"),
    "deng": ("deng", "teng"),
    "dong": ("dong", "tung"),
    "ye": ("ye", "yeh"),
    "xu": ("xu", "hsu"),
    "luo": ("luo", "lo"),
    "bo": ("bo", "po"),
    "geng": ("geng", "keng"),
    "ji": ("ji", "chi"),
    "qiao": ("qiao", "chiao"),
    "guo": ("guo", "kuo"),
    "xie": ("xie", "hsieh"),
    "cai": ("cai", "tsai"),
    "gao": ("gao", "kao"),
    "zeng": ("zeng", "tseng"),
    "song": ("song", "soong"),
    "kong": ("kong", "kung"),
    **{name: (name,) for name in _ONE_SPELLING_SURNAMES},
}
SURNAME_GROUP = {
    variant: group for group, variants in EAST_ASIAN_SURNAMES.items() for variant in variants
}

Rewrite = tuple[str, str]

#: Applied in order to each written part of an East Asian given name (the surname is keyed
#: by its group). Aspiration and voicing are folded because the systems disagree on them.
EAST_ASIAN_REWRITES: tuple[Rewrite, ...] = (
    ("eh$", "e"),  # Wade–Giles teh, yeh = Pinyin de, ye (not Pinyin "dehuai")
    ("^yi(?!n)", "i"),  # Pinyin yi, Yibo = Wade–Giles i, I-po (but ying, yin stay)
    ("hs", "x"),  # Wade–Giles hsiao = Pinyin xiao
    ("t[sz]", "z"),  # Wade–Giles tse, tzu = Pinyin ze, zi
    ("zh|ch|q", "j"),  # Pinyin zh, q, Wade–Giles ch, Korean ch/j
    ("([ktp])h", r"\1"),  # DPRK aspirates kh, th, ph
    ("eo", "o"),  # Revised Romanization eo = McCune–Reischauer ŏ
    ("eu", "u"),  # Revised Romanization eu = McCune–Reischauer ŭ
    ("oo", "u"),  # Korean ad hoc poong = pung (Lee Ki-poong = Yi Ki-pung)
    ("ung", "ong"),  # Il-sung = Il-sŏng; Tse-tung = Zedong
    ("ien", "ian"),  # Wade–Giles t'ien = Pinyin tian
    ("ee", "i"),  # Korean ad hoc hee = hi
    ("k", "g"),
    ("t", "d"),
    ("p", "b"),
    ("r", "l"),
)

#: Applied in order to a Western surname (Russian, Albanian, German-style spellings).
WESTERN_SURNAME_REWRITES: tuple[Rewrite, ...] = (
    ("w", "v"),  # German Suslow = Suslov
    ("(?<!d)j(?=[aeiou])", "y"),  # Mikojan = Mikoyan (but Albanian/French dj stays)
    ("(?<=[aeiou])y(?=[aeiou])", ""),  # Mikoyan, Sergeyev: a glide between vowels
    ("shch|sch", "sh"),
    ("xh|dzh|dj|zh", "j"),  # Albanian Hoxha = French Hodja
    ("kh", "h"),
    ("[yi]?[eo]v$", "ov"),  # Khrushchev = Khrushchov = Khrushchyov; Koniev = Konev
    ("x", "ks"),
    ("ph", "f"),
    ("y", "i"),
    (r"(.)\1+", r"\1"),  # Balluku = Baluku
)

#: Applied to Western given names; lighter, so English and Russian initials still agree.
WESTERN_GIVEN_REWRITES: tuple[Rewrite, ...] = (
    ("w", "v"),
    ("kh", "h"),
    ("x", "ks"),
    ("ph", "f"),
    ("(?<=[aeiou])y(?=[aeiou])", ""),  # Sergeyevich = Sergeevich
    ("y", "i"),  # Andrey = Andrei, Yury = Yuri
    (r"(.)\1+", r"\1"),  # Iurii = Iuri
)

_SYLLABLE = (
    r"(?:ng|tch|ch|ts|tz|hs|sh|zh|ss|jj|kk|tt|pp|kh|th|[bcdfghjklmnpqrstwxyz])?"
    r"[wy]?[aeiouy]{1,4}(?:ng|n|m|l|k|p|t|r|h|w)?"
)
ONE_SYLLABLE = re.compile(_SYLLABLE)
ONE_OR_TWO_SYLLABLES = re.compile(f"(?:{_SYLLABLE}){{1,2}}")
