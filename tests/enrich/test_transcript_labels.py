"""Speaker labels in transcripts: offices, surnames and initials, only where labels recur."""

import pytest

from readingroom.enrich.initials import bearer, initials_of
from readingroom.enrich.linking import PersonIndex, person_authority
from readingroom.enrich.pipeline import enrich
from readingroom.enrich.speakers import dialog_labels, turn_label
from readingroom.records.contract import BlockRecord, DocumentRecord


@pytest.mark.parametrize(
    ("label", "read"),
    [
        ("Comrade Enver Hoxha", ("Comrade", "Enver Hoxha")),
        ("Mr. Vance", ("Mr.", "Vance")),
        ("The President", ("President", "")),
        ("The Vice President", ("Vice President", "")),
        ("President", ("President", "")),
        ("Mr. President", ("President", "")),
        ("Cox", ("", "Cox")),
        ("JFK", ("", "JFK")),
        ("K", ("", "K")),
        ("DEAR MR. PRESIDENT", None),
        ("Dear Bill", None),
        ("I replied", None),
        ("The President said", None),
        ("Source", None),
        ("Comment", None),
        ("Q", None),
    ],
)
def test_a_transcripts_labels(label, read):
    assert turn_label(label) == read


def test_a_telephone_transcript_reads_as_turns():
    paragraphs = [
        "JFK: Have we changed from 50-50?",
        "GWB: No, not at all.",
        "JFK: I don't think it should look like that.",
        "and so on, the same speech",
        "GWB: Right.",
    ]
    assert dialog_labels(paragraphs) == ["JFK", "GWB", "JFK", "", "GWB"]


def test_headings_and_letters_are_no_transcript():
    memo = ["Source: Department of State.", "Comment: None.", "Source: Embassy.", "Comment: Two."]
    assert dialog_labels(memo) == ["", "", "", ""]
    letter = ["Dear Mr. Chairman: I write.", "Dear Mr. Chairman: Again."]
    assert dialog_labels(letter) == ["", ""]
    one_speaker = ["The President: One.", "The President: Two.", "Cox: Three."]
    assert dialog_labels(one_speaker) == ["", "", ""]  # two speakers twice each, at least


def test_a_label_met_once_counts_only_as_a_full_name():
    paragraphs = ["Rusk: a", "Clifford: b", "Rusk: c", "Clifford: d"]
    paragraphs += ["Walt Rostow: e", "Wheeler: f"]
    assert dialog_labels(paragraphs) == ["Rusk", "Clifford", "Rusk", "Clifford", "Walt Rostow", ""]


def test_a_heading_alone_on_its_line_is_no_speech():
    paragraphs = ["State:", "ICA:", "State:", "ICA:", "Rusk: a", "Rusk: b"]
    assert dialog_labels(paragraphs) == [""] * 6  # one speaker only once the headings are out


def test_initials_stand_for_one_person_or_none():
    assert initials_of("John F. Kennedy") == initials_of("Kennedy, John F.") == "JFK"
    assert initials_of("Bonesteel, Charles H., III") == "CHB"
    people = [("jfk", ["John F. Kennedy", "Kennedy"]), ("ball", ["George W. Ball"])]
    assert bearer("JFK", people) == "jfk" and bearer("GWB", people) == "ball"
    assert bearer("K", people) == "jfk" and bearer("B", people) == "ball"
    assert bearer("RFK", people) is None
    two_k = [*people, ("kosygin", ["Aleksei N. Kosygin"])]
    assert bearer("K", two_k) is None  # Kennedy or Kosygin: nobody rather than a guess


def test_a_signature_in_capitals_is_a_mention_of_the_signer():
    """FRUS memoranda end with the author's typed initials: "JFD" is John Foster Dulles."""
    index = PersonIndex(
        [
            person_authority("p_DJF1", "Dulles, John Foster", "Secretary of State"),
            person_authority("p_DAW1", "Dulles, Allen W.", "Director of Central Intelligence"),
        ],
        curated=False,
    )

    def signed(closer: str) -> list[tuple[str, str]]:
        document = DocumentRecord(
            "v-d1",
            title="Memorandum of a Conversation With the President",
            blocks=[BlockRecord("paragraph", "We agreed."), BlockRecord("closer", closer)],
        )
        found = enrich(document, index).mentions
        return [(m.text, m.key) for m in found if m.source == "signature"]

    assert signed("JFD") == [("JFD", "p_DJF1")]
    assert signed("A.W.D.") == [("A.W.D.", "p_DAW1")]
    assert signed("RWK") == []  # nobody of the document or the list: nobody
    assert signed("JOHN FOSTER DULLES") == [("JOHN FOSTER DULLES", "p_DJF1")]
    assert signed("DULLES") == []  # two Dulleses listed, nothing tells them apart
    assert signed("HERTER") == []  # nobody known by the name: no new person from a closer
