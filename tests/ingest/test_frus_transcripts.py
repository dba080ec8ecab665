"""FRUS transcripts become turns: "JFK:", "K:", "The Vice President:" open a speaker's speech."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from readingroom.ingest.frus import FrusImporter
from readingroom.records.contract import DocumentRecord
from tests.frus_data import frus_dir, volume_path

pytestmark = pytest.mark.frus


@cache
def documents(volume: str) -> dict[str, DocumentRecord]:
    parsed = FrusImporter().parse(volume_path(volume))
    return {d.key: d for d in parsed.documents if isinstance(d, DocumentRecord)}


def speeches(doc: DocumentRecord) -> list[tuple[str, str, str]]:
    return [(b.kind, b.speaker, b.text[:12]) for b in doc.blocks if b.speaker]


def test_a_telephone_transcript_by_initials():
    doc = documents("frus1961-63v05")["frus1961-63v05-d369"]
    turns = [b for b in doc.blocks if b.kind == "turn"]
    assert {b.speaker for b in turns} == {"JFK", "GWB"} and len(turns) == 19
    assert all(b.text.startswith(f"{b.speaker}:") for b in turns)


def test_a_turn_runs_on_until_the_next_label():
    doc = documents("frus1961-63v05")["frus1961-63v05-d4"]
    said = speeches(doc)
    assert said[0][:2] == ("turn", "S") and {s for _, s, _ in said} == {"S", "K"}
    kinds = [b.kind for b in doc.blocks]
    for index, block in enumerate(doc.blocks):  # a paragraph's speaker is the turn's before it
        if block.kind == "paragraph" and block.speaker:
            opening = max(i for i in range(index) if kinds[i] == "turn")
            assert doc.blocks[opening].speaker == block.speaker


def test_offices_and_surnames_in_a_meeting_transcript():
    labels = Counter(b.speaker for b in documents("frus1964-68v17")["frus1964-68v17-d75"].blocks)
    assert labels["President"] > 10 and labels["Rusk"] > 10 and labels["Clifford"] > 10


def test_headings_and_memoranda_stay_paragraphs():
    telegram = documents("frus1958-60v18")["frus1958-60v18-d20"]  # "Advantages:" headings
    assert not any(b.kind == "turn" for b in telegram.blocks)


def test_every_volume_labels_only_speakers():
    labels: Counter[str] = Counter()
    for path in sorted(frus_dir().glob("frus*.xml")):
        for doc in documents(path.stem).values():
            labels.update(b.speaker for b in doc.blocks if b.kind == "turn")
    assert 1200 < sum(labels.values()) < 1500
    headings = {"State", "ICA", "USIA", "Advantages", "Disadvantages", "Source", "Comment"}
    assert not headings & set(labels)
