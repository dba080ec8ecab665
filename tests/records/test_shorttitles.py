"""Short titles and row details (`records.shorttitles`): plain functions of plain values.

The FRUS titles and volumes are those the importer stores for the twelve volumes of the
development set (`ingest.frus.volume`, from each TEI header's title statements): the older
volumes name the subject before the volume, the newer after it, one lacks a title of type
"complete", and two are parts of a volume.
"""

from __future__ import annotations

import pytest

from readingroom.records.shorttitles import (
    dateline,
    detail,
    is_repeated,
    opening,
    repeated,
    short_title,
    source_line,
)

FRUS = "Foreign Relations of the United States"
VOLUMES = [
    (f"{FRUS}, 1955–1957, Soviet Union, Eastern Mediterranean, Volume XXIV", "Volume XXIV"),
    (f"{FRUS}, 1955–1957, Eastern Europe, Volume XXV", "Volume XXV"),
    (
        f"{FRUS}, 1958–1960, Eastern Europe; Finland; Greece; Turkey, Volume X, Part 2",
        "Volume X, Part 2",
    ),
    (f"{FRUS}, 1958–1960, Japan; Korea, Volume XVIII", "Volume XVIII"),
    (f"{FRUS}, 1958–1960, China, Volume XIX", "Volume XIX"),
    (f"{FRUS}, 1961–1963, Volume V, Soviet Union", "Volume V"),
    (f"{FRUS}, 1961–1963, Volume VI, Kennedy-Khrushchev Exchanges", "Volume VI"),
    (f"{FRUS}, 1961–1963, Volume XXII, Northeast Asia", "Volume XXII"),
    (f"{FRUS}, 1964–1968, Volume XIV, Soviet Union", "Volume XIV"),
    (f"{FRUS}, 1964–1968, Volume XVII, Eastern Europe", "Volume XVII"),
    (f"{FRUS}, 1964–1968, Volume XXIX, Part 1, Korea", "Volume XXIX, Part 1"),
    (f"{FRUS}, 1964–1968, Volume XXX, China", "Volume XXX"),
]
SHORT = [
    "FRUS 1955–57, v. XXIV",
    "FRUS 1955–57, v. XXV",
    "FRUS 1958–60, v. X, pt. 2",
    "FRUS 1958–60, v. XVIII",
    "FRUS 1958–60, v. XIX",
    "FRUS 1961–63, v. V",
    "FRUS 1961–63, v. VI",
    "FRUS 1961–63, v. XXII",
    "FRUS 1964–68, v. XIV",
    "FRUS 1964–68, v. XVII",
    "FRUS 1964–68, v. XXIX, pt. 1",
    "FRUS 1964–68, v. XXX",
]


@pytest.mark.parametrize(("stored", "short"), list(zip(VOLUMES, SHORT, strict=True)))
def test_a_frus_volume_is_named_as_historians_cite_it(stored, short) -> None:
    title, volume = stored
    assert short_title(title, volume) == short
    assert short_title(title) == short  # the volume read from the title when not stored apart


def test_frus_years_and_volumes_written_otherwise() -> None:
    assert short_title(f"{FRUS}, 1950, Korea, Volume VII") == "FRUS 1950, v. VII"
    assert short_title(f"{FRUS}, 1899–1901, Volume 2") == "FRUS 1899–1901, v. 2"
    assert short_title(f"{FRUS}, 1969-1976,   Volume  E–5, Part 1") == "FRUS 1969–76, v. E–5, pt. 1"
    assert short_title(f"{FRUS}, 1945, The Conference of Berlin") == "FRUS 1945"


def test_another_collection_keeps_its_title() -> None:
    assert short_title("North Korea International Documentation Project") == (
        "North Korea International Documentation Project"
    )
    title = "Albania in the Cold War: Documents from the Central State Archive of Albania"
    assert short_title(title, "Volume 3") == "Albania in the Cold War, v. 3"
    assert short_title("The Papers of a Very Long-Winded Commission on Many Affairs of State") == (
        "The Papers of a Very Long-Winded Commission on…"
    )
    assert short_title("Series X", "Second series") == "Series X, Second series"
    assert short_title("Minutes, Volume 2", "Volume 2") == "Minutes, Volume 2"


def test_source_line_and_dateline() -> None:
    assert source_line(["FRUS 1958–60, v. XIX"], "83") == "FRUS 1958–60, v. XIX, No. 83"
    assert source_line(["A", "B"], "") == "A; B"
    assert source_line([], "7") == "No. 7"
    assert dateline("Washington", "June 3, 1961") == "Washington, June 3, 1961"
    assert dateline("", "June 3, 1961") == "June 3, 1961"


def test_detail_prefers_the_subject_then_the_people_then_the_opening() -> None:
    assert detail(["Berlin"], ["Kennedy"], ["Text."]) == "Berlin"
    people = ["John F. Kennedy", "Nikita S. Khrushchev", "Dean Rusk", "Andrei Gromyko"]
    assert detail([], people, ["Text."]) == (
        "John F. Kennedy, Nikita S. Khrushchev, Dean Rusk and others"
    )
    assert detail([], ["Kennedy", "Kennedy"], []) == "Kennedy"
    assert detail([], [], ["On August 13, the wall went up."]) == "On August 13, the wall went up."
    assert detail([], [], []) == ""


def test_opening_leaves_out_numbers_references_and_headings() -> None:
    assert opening(["4129. Ref: State 111264.", "1. I went to Blue House."]) == (
        "I went to Blue House."
    )
    assert opening(["11916. Subj: Summary 28th Meeting at Panmunjom December 22.", "1. x"]) == (
        "Summary 28th Meeting at Panmunjom December 22."
    )
    weekly = ["PART II", "NOTES AND COMMENTS", "East-West Relations", "The USSR last week."]
    assert opening(weekly) == "East-West Relations: The USSR last week."
    assert opening(["[Here follows a table.]", "The estimate."]) == "The estimate."
    long = opening(["word " * 60])
    assert long.endswith("…") and len(long) <= 91


def test_repeated_titles() -> None:
    titles = ["Memorandum of Conversation", "memorandum of  conversation", "Telegram"]
    same = repeated(titles)
    assert is_repeated("Memorandum of Conversation", same)
    assert not is_repeated("Telegram", same)
