"""Shipped lists and the longest-first phrase matcher."""

from __future__ import annotations

from readingroom.enrich.gazetteer import (
    curated_people,
    organizations,
    place_and_org_matcher,
    places,
)
from readingroom.enrich.tokens import tokenize


def keys(text: str) -> list[tuple[str, str]]:
    hits = place_and_org_matcher().find(text, tokenize(text))
    return [(text[h.start : h.end], h.authority.key) for h in hits]


def test_lists_load_with_unique_keys() -> None:
    for authorities in (curated_people(), places(), organizations()):
        assert len({a.key for a in authorities}) == len(authorities)
    assert any(a.name == "Kim Il Sung" for a in curated_people())


def test_longest_phrase_wins() -> None:
    assert keys("the Political Bureau of the ALP CC met") == [
        ("Political Bureau of the ALP CC", "alp-politburo")
    ]
    assert keys("the DPR of Korea and Korea") == [
        ("DPR of Korea", "north-korea"),
        ("Korea", "korea"),
    ]


def test_apostrophe_variants_and_no_sentence_crossing() -> None:
    assert keys("the Korean Worker’s Party") == [("Korean Worker’s Party", "kwp")]
    assert keys("Stalin. City") == []
    assert keys("In Stalin City") == [("Stalin City", "stalin-city")]
