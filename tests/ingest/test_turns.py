"""A speech runs on after its label: the later paragraphs of a turn are the same speaker's, in
the parsed record, the reading view, the index (`speaker:`) and the TEI."""

from __future__ import annotations

import pytest

from readingroom.ingest.runner import import_paths
from readingroom.ingest.seedpage import Para, SeedPageImporter, body_blocks
from readingroom.records.models import Document
from readingroom.search.service import search

DIRECTIVES = "We have read the directives of Comrade Kim Il Sung"


@pytest.fixture
def page_1964(seed_paths):
    path = next(p for p in seed_paths if p.name.startswith("000_"))
    (doc,) = list(SeedPageImporter().parse(path).documents)
    return doc


def test_later_paragraphs_of_a_turn_carry_its_speaker(page_1964):
    blocks = page_1964.blocks
    at = next(i for i, b in enumerate(blocks) if b.text.startswith(DIRECTIVES))
    opening = max(i for i in range(at) if blocks[i].kind == "turn")
    assert blocks[opening].speaker == "Comrade Enver Hoxha"
    assert all(b.kind == "paragraph" for b in blocks[opening + 1 : at + 1])
    assert {b.speaker for b in blocks[opening + 1 : at + 1]} == {"Comrade Enver Hoxha"}


def test_a_stage_note_ends_the_turn():
    body = [
        Para(t, n) for n, t in enumerate(["Comrade A: Yes.", "And more.", "(Laughter)", "Then."])
    ]
    assert [b.speaker for b in body_blocks(body, [])] == ["Comrade A", "Comrade A", "", ""]


def test_text_before_the_first_turn_has_no_speaker(page_1964):
    first = next(i for i, b in enumerate(page_1964.blocks) if b.kind == "turn")
    assert all(not b.speaker for b in page_1964.blocks[:first])


@pytest.mark.django_db
@pytest.mark.postgres
def test_speaker_search_and_reading_view_keep_the_speech_whole(seed_paths, index_dir, client):
    import_paths(seed_paths)
    doc = Document.objects.get(date_start__year=1964)
    assert doc.identifier in [h.identifier for h in search("speaker:Hoxha directives").hits]
    rendered = client.get(doc.get_absolute_url()).context["blocks"]
    speech = next(i for i in rendered if any(m.block.text.startswith(DIRECTIVES) for m in i.more))
    assert speech.block.kind == "turn" and speech.block.speaker == "Comrade Enver Hoxha"
    assert not any(i.block.text.startswith(DIRECTIVES) for i in rendered)  # not on its own
