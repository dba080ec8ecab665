"""ISO 639 language codes, as a further text names its language (`TextRecord.language`).

The codes and names come from `pycountry`'s copy of the ISO 639-3 tables: two-letter codes
("sq") and three-letter ones ("sqi", "kor") alike.
"""

from __future__ import annotations

from functools import cache

import pycountry


@cache
def language_name(code: str) -> str:
    """The English name of an ISO 639 code ("sq" → "Albanian"); the code itself if unknown."""
    found = _language(code)
    return found.name if found else code


def short_code(code: str) -> str:
    """The two-letter code of a language that has one ("sqi" → "sq"), else the code as given,
    lowercased: how the search index names a text's language."""
    found = _language(code)
    return getattr(found, "alpha_2", None) or code.strip().lower()


def language_label(value: str) -> str:
    """A language as a reader names it, from its code or its name ("en", "English" →
    "English"); an unknown value as given."""
    found = _language(value) or _named(value)
    return found.name if found else value.strip()


def language_forms(value: str) -> list[str]:
    """Every way a query may name the language of `value` (a code or a name): its English
    name and its ISO 639 codes ("English", "en", "eng")."""
    found = _language(value) or _named(value)
    if found is None:
        return [value.strip()]
    codes = (getattr(found, key, "") for key in ("alpha_2", "alpha_3", "bibliographic"))
    return list(dict.fromkeys([found.name, *filter(None, codes)]))


def language_code(value: str) -> str:
    """The two-letter code of a language named by its code or its name ("English" → "en"),
    else its three-letter one; an unknown value as given."""
    found = _language(value) or _named(value)
    if found is None:
        return value.strip()
    return getattr(found, "alpha_2", None) or found.alpha_3


def problem(code: str) -> str | None:
    """Why `code` is not an ISO 639 code, or None."""
    if _language(code):
        return None
    return f"expected an ISO 639 language code such as 'en', 'sq' or 'kor', found {code!r}"


def _language(code: str):
    code = code.strip().lower()
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code)
    if len(code) == 3:
        return pycountry.languages.get(alpha_3=code)
    return None


@cache
def _named(name: str):
    """The language of this English name, as ISO 639-3 spells it (in any case); None if none.
    Two- and three-letter values are codes (`_language`): "En" is also a language's name."""
    if len(name.strip()) <= 3:
        return None
    try:
        return pycountry.languages.lookup(name.strip())
    except LookupError:
        return None
