"""Names for search: any spelling of a known person's name finds all of them, and a whole
name finds the documents linked to its people (`search.reading`).

Both are looked up by the name key, an indexed column (`Name.key`, `Person.key`), and
remembered per text until the index applies a change (`sync` calls `forget`): a change that
could alter a name, a link or a document's status is logged and applied before a search.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import reduce
from operator import or_

from django.db.models import Q

from readingroom.authorities.appearances import link_sources
from readingroom.authorities.models import Name, Person
from readingroom.enrich.linking import display_name
from readingroom.enrich.namekeys import key_string
from readingroom.records.models import Document

MAX_VARIANTS = 30
MAX_CACHED = 20_000  # texts remembered; past it the memory starts afresh
_cache: dict[tuple[str, str], list[str]] = {}
_cache_lock = threading.Lock()
_PARENTHESES = re.compile(r"\s*\(([^()]*)\)\s*")


def forget() -> None:
    """Drop remembered expansions (the names may have changed)."""
    with _cache_lock:
        _cache.clear()


def _remembered(kind: str, text: str, lookup: Callable[[str], list[str]]) -> list[str]:
    if len(text) > 200:
        return []
    with _cache_lock:
        if (kind, text) in _cache:
            return _cache[kind, text]
    found = lookup(text)
    with _cache_lock:
        if len(_cache) >= MAX_CACHED:
            _cache.clear()
        _cache[kind, text] = found
    return found


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
    return _remembered("spellings", text, _lookup)


def people_named(text: str) -> list[str]:
    """The people `text` names, as the person facet shows them: unmerged people with a name
    (or their own) of the same key who appear in a public document. A name shared by several
    people names them all; one appearing in no public document is never named."""
    return _remembered("people", text, _people)


def _people(text: str) -> list[str]:
    key = key_string(text)
    if len(key) < 3:
        return []
    spelled = Name.objects.filter(key=key).values("person_id")
    people = Person.objects.filter(Q(pk__in=spelled) | Q(key=key), merged_into=None).order_by()
    shown = dict(people.values_list("pk", "name"))
    public = appearing(list(shown)) if shown else set()
    return sorted({shown[pk].strip() for pk in public if shown[pk].strip()})


def appearing(person_ids: list[int]) -> set[int]:
    """Which of these people appear in at least one public document: one EXISTS per person,
    each from the person's links to documents by primary key (all indexed, no scan)."""
    public = Document.objects.public()
    found = set()
    for pk in person_ids:
        linked = [queryset.filter(**{column: pk}) for queryset, column in link_sources()]
        either = reduce(or_, (Q(pk__in=rows.values("document_id")) for rows in linked))
        if public.filter(either).exists():
            found.add(pk)
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
