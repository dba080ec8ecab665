"""Recognition in running text: names the document vouches for, known people, cues, surnames."""

from __future__ import annotations

from readingroom.enrich.entities import Context, recognize
from readingroom.enrich.gazetteer import place_and_org_matcher
from readingroom.enrich.glossary import Glossary
from readingroom.enrich.linking import Cast, PersonIndex, person_authority
from readingroom.records.contract import BlockRecord


def run(*texts: str, known=(), names=()) -> list[tuple[str, str, str]]:
    index = PersonIndex(known)
    cast = Cast(index)
    for name in names:
        cast.add(name)
    ctx = Context(
        document="d", cast=cast, index=index, matcher=place_and_org_matcher(), glossary=Glossary()
    )
    blocks = [BlockRecord("paragraph", t) for t in texts]
    return [(m.kind, m.text, m.key) for m in recognize(ctx, blocks, {})]


def test_known_people_places_and_acronyms() -> None:
    found = run("Comrade N.S. Khrushchev visited Albania and the DPRK with the KWP.")
    assert ("person", "N.S. Khrushchev", "nikita-khrushchev") in found
    assert ("place", "Albania", "albania") in found
    assert ("place", "DPRK", "north-korea") in found
    assert ("organization", "KWP", "kwp") in found


def test_bare_surname_resolves_to_the_full_name_used_in_the_document() -> None:
    found = run("Later Kohler spoke.", "Mr. Foy D. Kohler, Deputy Assistant Secretary, came.")
    keys = {key for kind, text, key in found if kind == "person"}
    assert len(keys) == 1 and keys.pop().startswith("name:")


def test_ambiguous_surname_goes_to_review_not_to_a_guess() -> None:
    known = [person_authority("p1", "Bundy, McGeorge"), person_authority("p2", "Bundy, William P.")]
    assert [f for f in run("Bundy agreed.", known=known) if f[0] == "person"] == []
    assert run("William Bundy agreed. Bundy left.", known=known)[-1] == ("person", "Bundy", "p2")


def test_supplied_words_and_places_are_not_people() -> None:
    found = run("During the Caribbean [Missile] Crisis, in Stalin City and Vlora.")
    assert [f for f in found if f[0] == "person"] == []
    assert ("place", "Stalin City", "stalin-city") in found


def test_unknown_name_after_honorific() -> None:
    found = run("While talking to Comrade Petrit Dume we agreed.")
    assert found == [("person", "Petrit Dume", "name:dume,p")]


def test_common_word_opening_a_sentence_is_not_a_surname() -> None:
    known = [person_authority("p_RBH1", "Read, Benjamin H.")]
    found = run("Read the report again. We read it.", "Read sent a memo today.", known=known)
    assert [f[1] for f in found if f[0] == "person"] == []
