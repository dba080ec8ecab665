"""Linking names to authorities and to each other inside a document."""

from __future__ import annotations

from readingroom.enrich.cast import Cast
from readingroom.enrich.gazetteer import Authority
from readingroom.enrich.linking import PersonIndex, display_name, person_authority


def test_persons_list_entries() -> None:
    assert display_name("Bonesteel, General Charles H., III") == "Charles H. Bonesteel III"
    assert display_name("Smith, Rear Admiral John V.") == "John V. Smith"
    entry = person_authority("p_PC1", "Pak Chong-hui (Pak Chung-hui, Park Chung Hee)", "President")
    assert entry.name == "Pak Chong-hui" and "Park Chung Hee" in entry.variants
    assert person_authority("p_YT1", "Yi Tong-won", "see Lee Tong Won").variants == (
        "Lee Tong Won",
    )


def test_exact_tier_and_no_merge_of_different_people() -> None:
    index = PersonIndex()
    assert [a.key for a in index.lookup("Comrade N.S. Khrushchev")] == ["nikita-khrushchev"]
    assert [a.key for a in index.lookup("Choe Yong Gon")] == ["choe-yong-geon"]
    assert index.lookup("Kim Il") == []  # Kim Il is not Kim Il Sung
    assert index.lookup("Kim Jong Il")[0].key == "kim-jong-il"


def test_closest_tier_wins_for_bare_surnames() -> None:
    volume = [person_authority("p_JUA1", "Johnson, U. Alexis")]
    assert [a.key for a in PersonIndex(volume).by_surname("Johnson")] == ["p_JUA1"]
    assert [a.key for a in PersonIndex().by_surname("Johnson")] == ["lyndon-johnson"]


def test_one_person_listed_twice_prefers_the_written_surname() -> None:
    volume = [
        person_authority("p_L", "Lee Ton-won (Yi Tong-won)"),
        person_authority("p_Y", "Yi Tong-won"),
    ]
    assert PersonIndex(volume, curated=False).by_surname("Yi")[0].key == "p_Y"


def test_fuzzy_tier_only_proposes() -> None:
    index = PersonIndex([Authority("p1", "person", "Li Peng")], curated=False)
    assert index.lookup("Li Bing") == []
    assert [a.key for a, _ in index.similar("Li Bing", threshold=70)] == ["p1"]


def test_cast_groups_spellings_and_resolves_bare_names() -> None:
    cast = Cast(PersonIndex())
    first = cast.add("Choe Yong-geon")
    assert cast.add("Choe Yong Gon") == first == "choe-yong-geon"
    unknown = cast.add("Sadik Myftiu")
    assert unknown.startswith("name:")
    assert cast.resolve_bare("Myftiu") == unknown
    assert cast.resolve_bare("Hoxha") is None
