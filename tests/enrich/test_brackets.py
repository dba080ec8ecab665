"""Classifying square-bracket insertions (plain Python, no database)."""

from __future__ import annotations

import pytest

from readingroom.enrich.brackets import find_annotations
from readingroom.records.contract import ANNOTATION_KINDS, AnnotationRecord


def one(text: str) -> AnnotationRecord:
    found = find_annotations(text)
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "inner", "target"),
    [
        (
            "Comrade [Member of the Political Bureau of the ALP CC] Gogo Nushi also took part.",
            "role",
            "Member of the Political Bureau of the ALP CC",
            "Gogo Nushi",
        ),
        (
            "hand of [General Secretary of the Korean Workers’ Party] Comrade Kim Il Sung,",
            "role",
            "General Secretary of the Korean Workers’ Party",
            "Kim Il Sung",
        ),
        ("Comrade [Premier] Zhou Enlai said", "role", "Premier", "Zhou Enlai"),
        (
            "Comrade Choe Yong-geon [Choe Yong Gon], the",
            "alternate",
            "Choe Yong Gon",
            "Choe Yong-geon",
        ),
        ("Nam Il, and Pak Jeong-ae [Pak Jong Ae]?", "alternate", "Pak Jong Ae", "Pak Jeong-ae"),
        ("said N.S. Khrushchev [Khrushchov].", "alternate", "Khrushchov", "N.S. Khrushchev"),
        ("During the Caribbean [Missile] Crisis, the", "supplied", "Missile", ""),
        ("we went [to] Tirana", "supplied", "to", ""),
        ("they [the revisionists] said", "supplied", "the revisionists", ""),
        ("[Missile] Crisis", "supplied", "Missile", ""),
        ("the harvest [sic] was good", "sic", "sic", ""),
        ("the harvest [sic!] was good", "sic", "sic!", ""),
        ("contact us at [email\xa0protected].", "other", "email\xa0protected", ""),
        ("the word [illegible] here", "other", "illegible", ""),
        ("an empty [] pair", "other", "", ""),
        ("a number [12] here", "other", "12", ""),
    ],
)
def test_classify(text: str, kind: str, inner: str, target: str) -> None:
    found = one(text)
    assert (found.kind, found.text, found.target) == (kind, inner, target)
    assert found.kind in ANNOTATION_KINDS


def test_offsets_are_bracket_positions() -> None:
    text = "Choe Yong-geon [Choe Yong Gon] met [Premier] Kim Il Sung [sic]."
    found = find_annotations(text)
    assert [(a.start, a.end) for a in found] == [(15, 30), (35, 44), (57, 62)]
    assert [text[a.start : a.end] for a in found] == ["[Choe Yong Gon]", "[Premier]", "[sic]"]
    assert [a.kind for a in found] == ["alternate", "role", "sic"]


def test_several_roles_in_a_list() -> None:
    text = (
        "Comrades [Member APL CC Politburo and CC Secretary] Hysni Kapo, Liri Belishova, "
        "and [Member of the APL CC Politburo] Haki Toska."
    )
    assert [(a.kind, a.target) for a in find_annotations(text)] == [
        ("role", "Hysni Kapo"),
        ("role", "Haki Toska"),
    ]


def test_role_needs_a_name_after_it() -> None:
    found = one("the [Secretary of the party] said so")
    assert (found.kind, found.target) == ("supplied", "")


def test_alternate_needs_a_name_before_it() -> None:
    found = one("he met [Choe Yong Gon] yesterday")
    assert (found.kind, found.target) == ("supplied", "")


@pytest.mark.parametrize(
    "text", ["", "no brackets here", "an [unclosed bracket", "a ] b [", "x [a\nb] y"]
)
def test_nothing_to_find(text: str) -> None:
    assert find_annotations(text) == []
