"""Name variants for search: any spelling of a known person's name finds all of them."""

from __future__ import annotations

from django.db.models import Q

from readingroom.authorities.models import Name
from readingroom.enrich.namekeys import key_string

MAX_VARIANTS = 30


def expand_name(text: str) -> list[str]:
    """Every recorded name of the people whose name key `text` has ([] when none).

    A full name matches on its whole key; a single word matches the Western surnames it
    spells ("Khrushchov" finds "N. S. Khrushchev"), never East Asian ones, where a bare
    surname ("Kim") names too many people to be useful.
    """
    if len(text) > 200:
        return []
    key = key_string(text)
    if len(key) < 3:
        return []
    same = Q(key=key)
    if ":" not in key and "," not in key:
        same |= Q(key__startswith=key + ",")
    people = Name.objects.filter(same).values("person_id")
    names = Name.objects.filter(person_id__in=people).values_list("text", flat=True)
    return list(dict.fromkeys(names))[:MAX_VARIANTS]
