"""Names read as people write them, and surname groups that are not too wide (issue 14)."""

from __future__ import annotations

from readingroom.enrich.linking import PersonIndex, display_name, person_authority
from readingroom.enrich.namekeys import name_key, resolve_bare, same_person


def test_titles_qualifiers_and_places_are_not_names() -> None:
    assert name_key("CIA Director Helms") == name_key("Helms")
    assert name_key("Soviet Ambassador Dobrynin") == name_key("Dobrynin")
    assert name_key("Brigadier General Goodpaster") == name_key("Goodpaster")
    assert name_key("H.E. Anatoliy F. Dobrynin") == name_key("Anatoliy F. Dobrynin")
    assert name_key("Prime Minister Walter Nash of New Zealand") == name_key("Walter Nash")
    assert str(name_key("The Polish Ambassador")) == ""
    assert str(name_key("Mr. Marshall")) == "marshal"  # a surname after a courtesy


def test_people_known_by_a_middle_name_and_western_given_names() -> None:
    assert same_person("Douglas Dillon", "Dillon, C. Douglas")
    assert same_person("Harlan Cleveland", "J. Harlan Cleveland")
    assert not same_person("John Smith", "A. Smith")
    assert same_person("George Yeh", "Yeh, George K.C.")  # George is not two syllables


def test_a_bare_li_is_not_a_korean_rhee() -> None:
    assert resolve_bare("Li", ["Syngman Rhee"]) is None
    assert resolve_bare("Rhee", ["Syngman Rhee", "Li Peng"]) == "Syngman Rhee"
    index = PersonIndex(
        [
            person_authority("a", "Rhee, Syngman", "President"),
            person_authority("c", "Pak Chong-hui (Pak Chung-hui, Park Chung Hee)", "President"),
        ],
        curated=False,
    )
    assert index.by_surname("Li") == []
    assert [a.key for a in index.by_surname("Rhee")] == ["a"]
    assert [a.key for a in index.by_surname("Park")] == ["c"]


def test_list_entries_written_without_a_comma() -> None:
    assert display_name("Bolshakov Georgi N.") == "Georgi N. Bolshakov"
    assert display_name("Harding, Field Marshal Sir John") == "John Harding"
