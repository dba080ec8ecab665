"""Recognition in running text: names the document vouches for, known people, cues, surnames."""

from __future__ import annotations

from datetime import date

from readingroom.enrich.cast import Cast
from readingroom.enrich.entities import Context, recognize
from readingroom.enrich.gazetteer import place_and_org_matcher
from readingroom.enrich.glossary import Glossary
from readingroom.enrich.linking import PersonIndex, person_authority
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


def test_a_name_that_names_a_thing_is_not_a_mention() -> None:
    known = [
        person_authority("p_JLB1", "Johnson, Lyndon B."),
        person_authority("p_WGTD1", "White, Gen. Thomas D."),
        person_authority("p_WA2", "Whitman, Ann"),
    ]
    found = run(
        "(Johnson Library, National Security File; Lyndon B. Johnson Library; Whitman File)",
        "He went to the White House. Johnson and Mrs. Whitman agreed; White did not.",
        known=known,
    )
    people = [(text, key) for kind, text, key in found if kind == "person"]
    assert people == [("Johnson", "p_JLB1"), ("Whitman", "p_WA2"), ("White", "p_WGTD1")]


def test_two_surnames_joined_by_a_hyphen_are_two_mentions() -> None:
    known = [
        person_authority("p_BJD1", "Beam, Jacob D."),
        person_authority("p_WPN1", "Wang Ping-nan"),
        person_authority("p_FF1", "Franco, Francisco"),
    ]
    found = run("1254. Beam-Wang Talks. The Franco-German treaty.", known=known)
    people = [(text, key) for kind, text, key in found if kind == "person"]
    assert people == [("Beam", "p_BJD1"), ("Wang", "p_WPN1")]


def test_a_run_after_a_title_holding_two_names_is_not_one_person() -> None:
    known = [
        person_authority("p_AGV1", "Allen, George V."),
        person_authority("p_DAF1", "Dobrynin, Anatoliy F."),
        person_authority("p_KRF1", "Kennedy, Robert F."),
        person_authority("p_KC1", "Karamanlis, Constantine"),
        person_authority("p_DJF1", "Dulles, John Foster"),
        person_authority("p_FHD1", "Felt, Admiral Harry D."),
    ]
    found = run(
        "Assistant Secretary Allen Ambassador Gork has endeavored to reopen talks.",
        "Secretary Dulles Felt that the most persuasive argument was Admiral Felt's.",
        "President; Acting Secretary Bowles S/B—Mr. Bohlen",
        "During his meeting with Ambassador Dobrynin Robert Kennedy referring to you, agreed.",
        "SUBJECT: Comments of Mr. Constantine Karamanlis Regarding the Crisis",
        known=known,
    )
    people = [(text, key) for kind, text, key in found if kind == "person"]
    assert ("Allen", "p_AGV1") in people and ("Robert Kennedy", "p_KRF1") in people
    assert ("Constantine Karamanlis", "p_KC1") in people
    assert ("Dulles", "p_DJF1") in people
    assert "Bowles S" not in dict(people)
    assert not [text for text, _ in people if len(text.split()) > 2]
    assert "Allen Ambassador Gork" not in dict(people)


def test_a_bare_surname_is_nobody_who_came_decades_later() -> None:
    """FRUS 1961-63 v05 d369: "Blair" is the reporter Bill Blair, not Tony Blair (1997-2007)."""
    index = PersonIndex(
        [
            person_authority(
                "p_BT1", "Blair, Tony", "Prime Minister of the United Kingdom 1997-2007"
            )
        ],
        curated=False,
    )
    for year, linked in ((1961, False), (1999, True)):
        cast = Cast(index, date(year, 6, 1))
        ctx = Context(
            document="d",
            cast=cast,
            index=index,
            matcher=place_and_org_matcher(),
            glossary=Glossary(),
        )
        found = recognize(ctx, [BlockRecord("paragraph", "He had Blair call me.")], {})
        assert bool([m for m in found if m.kind == "person" and m.key]) is linked, year
