"""Titled, partial and office references resolve in context (issue 14, point 1)."""

from __future__ import annotations

from datetime import date

import pytest

from readingroom.enrich.cast import Cast
from readingroom.enrich.linking import PersonIndex, person_authority
from readingroom.enrich.offices import Office, offices, split_title
from readingroom.enrich.pipeline import enrich
from readingroom.records.contract import BlockRecord, DocumentRecord, ParticipantRecord
from readingroom.records.dates import parse_date

# A persons list as FRUS 1961-63 volumes write it: offices with their dates.
LISTED = [
    person_authority(
        "p_KJF1", "Kennedy, John F.", "President of the United States until November 22, 1963"
    ),
    person_authority(
        "p_JLB1",
        "Johnson, Lyndon B.",
        "Vice President of the United States until November 22, 1963; thereafter President",
    ),
    person_authority(
        "p_JUA1", "Johnson, U. Alexis", "Deputy Under Secretary of State for Political Affairs"
    ),
    person_authority("p_RD1", "Rusk, Dean", "Secretary of State"),
    person_authority(
        "p_BCE1",
        "Bohlen, Charles E.",
        "Special Assistant to the Secretary of State until September 1962; "
        "thereafter Ambassador to France",
    ),
    person_authority(
        "p_TLE1", "Thompson, Llewellyn E., Jr.", "Ambassador to the Soviet Union until July 1962"
    ),
    person_authority("p_MLT1", "Merchant, Livingston T.", "Ambassador to Canada"),
    person_authority(
        "p_BCH1", "Bonesteel, General Charles H., III", "Commander in Chief, United Nations Command"
    ),
]


def _cast(day: str) -> Cast:
    return Cast(PersonIndex(LISTED, curated=False), parse_date(day).start)


@pytest.mark.parametrize(
    ("written", "day", "key"),
    [
        ("The President", "March 1, 1962", "p_KJF1"),
        ("The President", "December 2, 1963", "p_JLB1"),
        ("The Vice President", "March 1, 1962", "p_JLB1"),
        ("The Secretary", "March 1, 1962", "p_RD1"),
        ("Secretary Rusk", "March 1, 1962", "p_RD1"),
        ("Mr. Merchant", "March 1, 1962", "p_MLT1"),
        ("Ambassador Bohlen", "March 1, 1963", "p_BCE1"),
        ("Brigadier General Bonesteel", "March 1, 1963", "p_BCH1"),
    ],
)
def test_a_reference_resolves_through_the_persons_list(written: str, day: str, key: str) -> None:
    assert _cast(day).refer(written) == key


def test_what_nothing_decides_stays_unresolved() -> None:
    cast = _cast("March 1, 1962")
    assert cast.refer("Mr. Johnson") is None  # two Johnsons listed, nothing tells them apart
    assert cast.refer("The Prime Minister") is None  # no listed holder
    assert cast.refer("Ambassador") is None
    assert cast.refer("[name not declassified]") is None
    assert cast.refer("Acting Secretary") is None  # acting for someone: not the holder


def test_the_document_s_own_people_come_first() -> None:
    cast = _cast("March 1, 1962")
    assert cast.refer("Ambassador Thompson") == "p_TLE1"
    assert cast.refer("the Ambassador") == "p_TLE1"  # the one ambassador of this document
    assert cast.refer("Ambassador Merchant") == "p_MLT1"
    assert cast.refer("the Ambassador") is None  # now two


def test_unlisted_people() -> None:
    cast = _cast("March 1, 1962")
    assert cast.refer("Ambassador Menshikov") is None  # a title alone vouches for no one new
    assert cast.refer("Mr. Gromyko") == "name:gromiko"  # an honorific does
    assert [p.name for p in cast.records()] == ["Gromyko"]  # named without the title


def test_the_title_of_a_bare_surname_picks_among_bearers() -> None:
    cast = _cast("March 1, 1962")
    assert cast.refer("President Johnson") == "p_JLB1"  # the only Johnson ever president
    assert cast.refer("Deputy Under Secretary Johnson") == "p_JUA1"
    assert cast.refer("Johnson") is None  # both Johnsons are named in this document
    assert _cast("March 1, 1962").refer("Johnson") is None  # two listed, none named here
    one = _cast("March 1, 1962")
    one.refer("The Vice President")
    assert one.refer("Johnson") == "p_JLB1"  # the one Johnson this document names


def test_listed_names_read_as_people_write_them() -> None:
    assert person_authority("p", "Bonesteel, General Charles H., III").name == (
        "Charles H. Bonesteel III"
    )
    assert person_authority("p", "Lord, Winston").name == "Winston Lord"
    assert person_authority("p", "Khrushchev, Nikita S.").name == "Nikita S. Khrushchev"


def test_offices_read_with_their_dates() -> None:
    found = offices(
        "Under Secretary of State to September 30, 1966; Representative to the United Nations "
        "June 26–September 25, 1968"
    )
    assert found == (
        Office("under secretary", None, date(1966, 9, 30)),
        Office("representative to united nations", date(1968, 6, 26), date(1968, 9, 25)),
    )
    assert offices("President of Cuba")[0].title == "president of cuba"  # not "the President"


def test_titles_split_from_names() -> None:
    assert split_title("Secretary of State Dulles") == ("Secretary of State", "Dulles")
    assert split_title("Secretary of Defense") == ("Secretary of Defense", "")
    assert split_title("Mr. Foy D. Kohler") == ("Mr.", "Foy D. Kohler")
    assert split_title("Makarios'") == ("", "Makarios")


def test_participants_and_their_later_forms_are_one_person() -> None:
    document = DocumentRecord(
        "v-d1",
        title="Memorandum of Conversation",
        date=parse_date("March 1, 1962"),
        blocks=[
            BlockRecord(
                "paragraph",
                "The Secretary said that Mr. Merchant and Ambassador Bohlen agreed. "
                "Bohlen added that Charles E. Bohlen had written it.",
            )
        ],
        participants=[
            ParticipantRecord("The Secretary"),
            ParticipantRecord("Mr. Merchant", "Ambassador to Canada"),
            ParticipantRecord("Ambassador Bohlen"),
        ],
    )
    result = enrich(document, PersonIndex(LISTED, curated=False))
    assert [a.person for a in result.attendance] == ["p_RD1", "p_MLT1", "p_BCE1"]
    people = {m.text: m.key for m in result.mentions if m.kind == "person"}
    assert people["Bohlen"] == people["Charles E. Bohlen"] == "p_BCE1"
    assert {p.key for p in result.people} <= {"p_RD1", "p_MLT1", "p_BCE1"}


def test_a_stated_role_tells_listed_bearers_apart() -> None:
    index = PersonIndex(
        [
            person_authority(
                "p_PJG1",
                "Parsons, J. Graham",
                "Deputy Assistant Secretary of State for Far Eastern Affairs",
            ),
            person_authority(
                "p_PHJ1", "Parsons, Howard J.", "Director, Office of Northeast Asian Affairs"
            ),
        ],
        curated=False,
    )
    assert Cast(index).refer("Mr. Parsons") is None
    assert Cast(index).refer("Mr. Parsons", "Deputy Assistant Secretary, FE") == "p_PJG1"


def test_a_courtesy_is_followed_by_the_name() -> None:
    assert split_title("Mr. Marshall Green") == ("Mr.", "Marshall Green")
    assert split_title("Mr. President") == ("Mr. President", "")
    cast = _cast("March 1, 1962")
    assert cast.refer("Mr. President") == "p_KJF1"
    assert cast.refer("The Polish Ambassador") is None  # no listed holder: unresolved


def test_a_later_office_keeps_the_country_of_the_first() -> None:
    index = PersonIndex(
        [
            person_authority("p_EDD1", "Eisenhower, Dwight D.", "President of the United States"),
            person_authority(
                "p_NGA1",
                "Nasser, Gamal Abdul",
                "Prime Minister of Egypt until June 1956; thereafter President",
            ),
            person_authority("p_NDD1", "Ngo Dinh Diem", "President of the Republic of Vietnam"),
        ],
        curated=False,
    )
    cast = Cast(index, date(1957, 12, 18))
    assert cast.refer("President Ngo Dinh Diem") == "p_NDD1"
    assert cast.refer("The President") == "p_EDD1"  # the list's holder, not the namesake here


def test_the_holder_of_the_office_a_title_names_beats_a_namesake_in_the_document() -> None:
    """FRUS 1958-60 v19 d336: "President Eisenhower" beside "Lt. Colonel John Eisenhower"."""
    john = person_authority("db:2", "Eisenhower, John S.D.", "")
    listed = PersonIndex(
        [person_authority("p_EDD1", "Eisenhower, Dwight D.", "President of the United States")],
        curated=False,
    )
    document = DocumentRecord(
        "v-d336",
        title="Memorandum of Conversation",
        date=parse_date("June 18, 1960"),
        blocks=[
            BlockRecord("paragraph", "President Eisenhower said that Colonel Eisenhower agreed.")
        ],
        participants=[
            ParticipantRecord("President Eisenhower"),
            ParticipantRecord("Lt. Colonel John Eisenhower"),
        ],
    )
    index = PersonIndex([john], curated=False, fallback=listed)  # the document's own first
    result = enrich(document, index)
    assert [a.person for a in result.attendance] == ["p_EDD1", "db:2"]
    people = [m.key for m in result.mentions if m.kind == "person"]
    assert people == ["p_EDD1", "db:2"]


def test_a_namesake_written_with_the_title_keeps_it() -> None:
    index = PersonIndex(
        [person_authority("p_EDD1", "Eisenhower, Dwight D.", "President of the United States")],
        curated=False,
    )
    cast = Cast(index, date(1955, 3, 1))
    milton = cast.refer("President Milton Eisenhower")  # of Johns Hopkins, in this document
    assert milton != "p_EDD1"
    assert cast.refer("President Eisenhower") == milton


def test_cable_abbreviations_are_titles() -> None:
    """FRUS 1964-68 v30 cables: "FonMin Wei", "Amb. Tsiang"; another country's office counts."""
    index = PersonIndex(
        [
            person_authority(
                "p_WT1", "Wei Tao-ming", "Foreign Minister of the Republic of China from 1966"
            ),
            person_authority("p_WKS1", "Wei Ching-meng", "Director, Government Information Office"),
            person_authority("p_TT1", "Tsiang Ting-fu", "Ambassador from the Republic of China"),
        ],
        curated=False,
    )
    cast = Cast(index, date(1967, 3, 1))
    assert cast.refer("FonMin Wei") == "p_WT1"
    assert cast.refer("Amb. Tsiang") == "p_TT1"
    assert Cast(index, date(1967, 3, 1)).refer("Mr. Wei") is None  # two Weis, nothing decides
