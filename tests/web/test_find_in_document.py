"""Search inside one record: its passages that hold the words, each a link to its place
(issue 17, point 6, for the text a record has today)."""

from __future__ import annotations

import html
import re

import pytest

from readingroom.authorities.enrichment import enrich_documents, pending
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Block, Document

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

HOXHA = "/documents/seed-000_1068440e2b6c39f3/"


@pytest.fixture
def archive(seed_paths, index_dir) -> None:
    import_paths(seed_paths)
    enrich_documents(pending())


def found(client, find: str) -> tuple[str, list[tuple[int, str]]]:
    """The page, and each listed passage: the block it links to and its text."""
    response = client.get(HOXHA, {"find": find})
    assert response.status_code == 200
    page = response.content.decode()
    section = page.partition('<section class="found"')[2].partition("</section>")[0]
    items = re.findall(r'<li><a class="passage" href="#b-(\d+)">(.*?)</a></li>', section)
    return page, [(int(b), html.unescape(re.sub(r"<[^>]+>", "", t))) for b, t in items]


def test_every_paragraph_with_the_word_is_listed_in_text_order(client, archive) -> None:
    doc = Document.objects.get(identifier="seed-000_1068440e2b6c39f3")
    word = re.compile(r"\bagricultures?\b", re.IGNORECASE)  # the word and its plural
    holding = [b.pk for b in doc.blocks.order_by("order") if word.search(b.text)]
    page, passages = found(client, "agriculture")
    assert [block for block, _ in passages] == holding and len(holding) > 5
    assert "<mark>agriculture</mark>" in page and f'id="b-{holding[0]}"' in page  # the target
    assert f"{len(holding)} passages with “agriculture”" in html.unescape(page)


def test_phrases_and_speakers_narrow_it(client, archive) -> None:
    _, passages = found(client, 'speaker:Hoxha "chemical fertilizer"')
    speakers = {Block.objects.get(pk=block).speaker for block, _ in passages}
    assert passages and speakers == {"Comrade Enver Hoxha"}
    assert all("chemical fertilizer" in text for _, text in passages)


def test_a_word_the_document_lacks_lists_nothing(client, archive) -> None:
    page, passages = found(client, "Mongolia")
    assert passages == [] and "0 passages with" in html.unescape(page)
    assert found(client, "Liri Belishova")[1]  # but one in another of its paragraphs is found


def test_what_is_typed_is_escaped(client, archive) -> None:
    page, _ = found(client, '<script>alert(1)</script> "unclosed')
    assert "<script>alert(1)</script>" not in page
