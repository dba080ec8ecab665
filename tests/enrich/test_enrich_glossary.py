"""Abbreviations: shipped entries, in-text definitions and resolution to authorities."""

from __future__ import annotations

from readingroom.enrich.glossary import Glossary, find_definitions, is_acronym


def test_definitions_in_text() -> None:
    text = "member of the Albanian Party of Labor (APL) Central Committee (CC) Politburo"
    found = [(a.term, a.expansion) for a, _, _ in find_definitions(text)]
    assert found == [("APL", "Albanian Party of Labor"), ("CC", "Central Committee")]
    assert find_definitions("[General Secretary of the Korean Worker’s Party (KWP)]")[0][
        0
    ].expansion == ("Korean Worker’s Party")


def test_initials_must_agree() -> None:
    assert find_definitions("the Economic Council (XYZ)") == []


def test_resolution_through_expansion() -> None:
    glossary = Glossary()
    assert glossary.resolve("DPRK").key == "north-korea"
    assert glossary.resolve("NKIDP").key == "nkidp"
    assert glossary.resolve("MPP") is None  # known term, no authority: stays a glossary term
    glossary.add("ZZ", "Albanian Telegraphic Agency")
    assert glossary.resolve("ZZ").key == "albanian-telegraphic-agency"


def test_acronym_shape() -> None:
    assert is_acronym("ALP") and is_acronym("U.S.")
    assert not is_acronym("Albania") and not is_acronym("A")
