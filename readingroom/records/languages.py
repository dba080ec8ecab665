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
