"""The shipped curated people (readingroom/enrich/data/people.json) are well-formed and distinct.

Linking merges names by `namekeys.same_person`, so the list must agree with it: each variant
is the same person as its entry's name, and no two entries are one person.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict

import pytest

from readingroom.enrich.gazetteer import DATA, curated_people
from readingroom.enrich.namekeys import name_key, same_person

ROWS: list[dict] = json.loads((DATA / "people.json").read_text(encoding="utf-8"))
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: Variants of the original entries that no spelling rule joins to the name: other-language
#: forms (like `namekeys.ALIASES`) and romanizations namekeys lists among its known limits.
#: They stay because documents use them; no new variant may be added here.
KNOWN_UNJOINED: dict[str, set[str]] = {
    "kim-il-sung": {"Kim Ir Sen"},  # the Russian form
    "joseph-stalin": {"Iosif Stalin"},  # the Russian given name
    "choe-yong-geon": {"Choi Yong-kun"},  # ad hoc u for ŏ
    "park-chung-hee": {"Pak Chong-hui", "Pak Chung-hui"},  # hee / hui
    "louis-saillant": {"Louis Sayan"},  # the French name as an Albanian text spells it
    "abdul-hamid-ii": {"Sultan Hamid", "Abdulhamid"},  # title-name and Turkish one-word form
}


def test_file_loads_as_the_gazetteer_sees_it() -> None:
    assert [a.key for a in curated_people()] == [row["key"] for row in ROWS]
    assert all(a.kind == "person" for a in curated_people())


def test_keys_are_unique_slugs() -> None:
    keys = [row["key"] for row in ROWS]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert duplicates == []
    assert [key for key in keys if not SLUG.fullmatch(key)] == []


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["key"])
def test_entry_shape(row: dict) -> None:
    assert set(row) <= {"key", "name", "variants", "description"}
    assert isinstance(row["name"], str) and row["name"].strip() == row["name"] != ""
    assert isinstance(row["description"], str) and row["description"].strip()
    variants = row["variants"]
    assert isinstance(variants, list) and all(isinstance(v, str) and v.strip() for v in variants)
    assert len(set(variants)) == len(variants) and row["name"] not in variants
    assert name_key(row["name"]).surname, "the name must key to a surname"


def test_every_variant_is_the_same_person_as_its_name() -> None:
    unjoined = {
        (row["key"], variant)
        for row in ROWS
        for variant in row["variants"]
        if not same_person(row["name"], variant)
    }
    known = {(key, variant) for key, variants in KNOWN_UNJOINED.items() for variant in variants}
    assert sorted(unjoined - known) == []
    assert sorted(known - unjoined) == [], "namekeys joins these now: drop them from the list"


def test_no_two_entries_are_one_person() -> None:
    """By name, and by any full variant. `same_person` needs equal surname keys, so comparing
    within a surname is the same as comparing every pair."""
    by_surname: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in ROWS:
        for written in (row["name"], *row["variants"]):
            if written == row["name"] or not name_key(written).bare:
                by_surname[name_key(written).surname].append((row["key"], written))
    pairs = sorted(
        {
            (a_key, a_name, b_key, b_name)
            for group in by_surname.values()
            for (a_key, a_name), (b_key, b_name) in itertools.combinations(group, 2)
            if a_key != b_key and same_person(a_name, b_name)
        }
    )
    assert pairs == []
