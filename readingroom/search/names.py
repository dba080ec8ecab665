"""Name variants for search: any spelling of a known person's name finds all of them."""

from __future__ import annotations

import re
import threading

from django.db.models import Q

from readingroom.authorities.linking import display_name
from readingroom.authorities.models import Name
from readingroom.enrich.namekeys import key_string

MAX_VARIANTS = 30
_cache: dict[str, list[str]] = {}
_cache_lock = threading.Lock()
_PARENTHESES = re.compile(r"\s*\(([^()]*)\)\s*")


def forget() -> None:
    """Drop remembered expansions (the names may have changed)."""
    with _cache_lock:
        _cache.clear()


def written_forms(name: str) -> list[str]:
    """The forms a name takes in running text: "Khrushchev, Nikita S." reads "Nikita S.
    Khrushchev"; "Mao Tse-tung (Mao Zedong)" is two names."""
    forms = [name]
    inside = _PARENTHESES.findall(name)
    outside = _PARENTHESES.sub(" ", name).strip()
    for form in [outside, *inside]:
        forms += [form, display_name(form), initials(display_name(form))]
    return [f for f in dict.fromkeys(f.strip() for f in forms) if f]


def initials(name: str) -> str:
    """ "Nikita S. Khrushchev" as the text often has it: "N. S. Khrushchev" (Western names)."""
    words = name.split()
    if len(words) < 2 or ":" in key_string(name):
        return ""
    return " ".join([*(w[0] + "." for w in words[:-1]), words[-1]])


def surname(name: str) -> str:
    listed, comma, _ = name.partition(",")
    return listed.strip() if comma else name.split()[-1]


def expand_name(text: str) -> list[str]:
    """Every recorded name of the people whose name key `text` has ([] when none).

    A full name matches on its whole key; a single word matches the Western surnames it
    spells ("Khrushchov" finds "N. S. Khrushchev" and "Khrushchev"), never East Asian ones,
    where a bare surname ("Kim") names too many people to be useful.
    """
    if len(text) > 200:
        return []
    with _cache_lock:
        if text in _cache:
            return _cache[text]
    found = _lookup(text)
    with _cache_lock:
        _cache[text] = found
    return found


def _lookup(text: str) -> list[str]:
    key = key_string(text)
    if len(key) < 3:
        return []
    bare = ":" not in key and "," not in key
    same = Q(key=key) | Q(key__startswith=key + ",") if bare else Q(key=key)
    people = Name.objects.filter(same).values("person_id")
    names = Name.objects.filter(person_id__in=people).values_list("text", flat=True)
    forms = [form for name in names for form in written_forms(name)]
    if bare:
        forms += [surname(name) for name in names if key_string(surname(name)) == key]
    return list(dict.fromkeys(forms))[:MAX_VARIANTS]
