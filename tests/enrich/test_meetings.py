"""Reading meetings out of records, without the database (enrich/meetings.py)."""

from __future__ import annotations

from datetime import date

import pytest

from readingroom.enrich.meetings import (
    STRONG,
    UNCERTAIN,
    cross_references,
    event_title,
    match_score,
    meeting_kind,
    relation_for,
    reports_meeting,
    side_of,
    time_range,
)


@pytest.mark.parametrize(
    ("types", "title", "kind"),
    [
        (["Memorandum of Conversation"], "Memorandum of Conversation", "conversation"),
        (["Minutes of Conversation"], "Notes taken during a Meeting", "conversation"),
        (
            ["Telephone Conversation"],
            "Telephone Conversation Between Rusk and Bundy",
            "telephone call",
        ),
        (["Memorandum of Discussion"], "Memorandum of Discussion at the 411th Meeting", "meeting"),
        (
            ["Memorandum"],
            "Memorandum on the Substance of Discussion at a State-JCS Meeting",
            "meeting",
        ),
        (
            ["Transcript"],
            "Transcript of a Teletype Conversation Between the Legation…",
            "telephone call",
        ),
        (["Memorandum"], "Memorandum From the Secretary of State to the President", None),
        (["Telegram"], "Telegram From the Embassy in the Soviet Union", None),
        (
            ["Memorandum"],
            "Record of National Security Council Action No. 2430 at the Meeting",
            None,
        ),
        (["Paper"], "Briefing Paper for the President's Meeting with Kishi", None),
    ],
)
def test_which_documents_record_a_meeting(types: list[str], title: str, kind: str | None) -> None:
    assert meeting_kind(types, title) == kind


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("November 10, 1956, 11:45 a.m.", ("11:45", "")),
        ("Washington, July 19, 1961, 3:30-5 p.m.", ("15:30", "17:00")),
        ("Washington, May 5, 1959, noon", ("12:00", "")),
        ("11-1 p.m.", ("11:00", "13:00")),
        ("10 a.m.-12:15 p.m.", ("10:00", "12:15")),
        ("12:30 a.m.", ("00:30", "")),
        ("June 6-8, 1959", ("", "")),
        ("June 6, 1959", ("", "")),
    ],
)
def test_time_of_day_from_the_dateline(text: str, times: tuple[str, str]) -> None:
    assert time_range(text) == times


def test_notes_naming_another_record_of_the_same_conversation() -> None:
    issue = cross_references(
        "Another record of this conversation is Document 45. Memoranda of other portions of "
        "this conversation are printed as Documents 48 and 49."
    )
    assert [(r.numbers, r.same) for r in issue] == [(("45",), True), (("48", "49"), True)]
    source = cross_references(
        "Source: Department of State, Central Files, POL US-USSR. Secret. Drafted by Akalovsky "
        "and approved by S/AL on November 27. For a memorandum of another part of the "
        "conversation, see Document 381. The meeting was held at the White House."
    )
    assert [(r.numbers, r.same) for r in source] == [(("381",), True)]
    one_of = cross_references(
        "This is one of six memoranda of this conversation: one summarized the opening "
        "remarks; the other four concerned Japanese-Korean relations (Document 232), Berlin."
    )
    assert one_of[0].numbers == ("232",) and one_of[0].same
    other = cross_references(
        "For a memorandum of this conversation, which was held at 9 p.m. on August 30, see "
        "Document 165."
    )
    assert [(r.numbers, r.same) for r in other] == [(("165",), False)]


@pytest.mark.parametrize(
    "note",
    [
        "A memorandum of this conversation on Berlin is printed in vol. IX, Document 14.",
        "For a memorandum of this conversation, see Foreign Relations, vol. V, Document 390.",
        "No discussion of the Tans is recorded in Document 165, but see Document 137.",
        "No other record of this meeting has been found.",
        "Regarding the Rusk-Dobrynin talks of August 30 and 31, see Documents 165 and 167.",
        "A memorandum of this conversation is in Department of State, Central Files, 511.61.",
    ],
)
def test_notes_that_name_no_record_in_the_volume(note: str) -> None:
    assert cross_references(note) == []


def test_document_ranges_are_read_in_full() -> None:
    found = cross_references("Memoranda of other parts of this conversation are Documents 140–143.")
    assert found[0].numbers == ("140", "141", "142", "143")


def test_how_a_document_relates_to_an_event() -> None:
    day = date(1961, 10, 6)
    assert relation_for(["Memorandum of Conversation"], "Memorandum", day, day) == "record"
    assert relation_for(["Telegram"], "Telegram From Moscow", date(1961, 10, 7), day) == "report"
    assert relation_for(["Paper"], "Briefing Paper", date(1961, 10, 2), day) == "briefing"
    assert relation_for(["Telegram"], "Telegram", date(1961, 11, 20), day) == "mentions"


def test_a_match_needs_the_day_and_two_shared_people() -> None:
    other_side = match_score(days_apart=0, shared=2, event_people=9, own_people=2, own_shared=2)
    assert other_side.value >= STRONG  # the same principals, the same day: the same meeting
    report = match_score(days_apart=0, shared=2, event_people=2, reporting=True)
    assert report.value >= STRONG and "reports a meeting" in report.reasons
    next_day = match_score(days_apart=1, shared=2, event_people=2)
    assert UNCERTAIN <= next_day.value < STRONG  # a curator decides
    assert match_score(days_apart=0, shared=2, event_people=9, reporting=True).value < STRONG
    assert match_score(days_apart=2, shared=5, event_people=5, reporting=True).value == 0
    assert match_score(days_apart=0, shared=1, event_people=2, reporting=True).value == 0


def test_reporting_language() -> None:
    assert reports_meeting("I called on the Foreign Minister this morning.")
    assert reports_meeting("In my conversation with Gromyko today he said")
    assert reports_meeting("Khrushchev told me that")
    assert not reports_meeting("The Department has reviewed the proposal.")


@pytest.mark.parametrize(
    ("texts", "side"),
    [
        (("Soviet Ambassador",), "Soviet Union"),
        (("Ambassador to the Soviet Union",), ""),
        (("Premier of the DPRK",), "North Korea"),
        (("First Secretary of the Albanian Party of Labor CC",), "Albania"),
        (("Member APL CC Politburo",), "Albania"),
        (("Secretary of State",), "United States"),
        (("Officer-in-Charge, Japanese Affairs",), ""),
        (("Counselor, Japanese Embassy",), "Japan"),
        (
            ("", "Chairman of the Presidium of the Supreme People's Assembly of the DPRK"),
            "North Korea",
        ),
    ],
)
def test_the_side_a_role_speaks_for(texts: tuple[str, ...], side: str) -> None:
    assert side_of(*texts) == side


def test_event_titles_name_a_few_people() -> None:
    assert event_title("conversation", ["Enver Hoxha", "Choe Yong-geon"], "") == (
        "Conversation: Enver Hoxha and Choe Yong-geon"
    )
    names = ["A B", "C D", "E F", "G H", "I J"]
    assert event_title("meeting", names, "Paris") == "Meeting: A B, C D, E F and 2 others, Paris"
