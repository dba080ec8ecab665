"""Words read from scans are found by the archive's search, and a hit opens the page image
with the words boxed (issue 17, point 4): the drawn pages of `test_ocr_scans`."""

from __future__ import annotations

import html
import re

import pytest

from readingroom.ingest.ocring import ocr_document
from readingroom.search.service import search
from readingroom.search.sync import sync_index
from tests.ingest.test_ocr_scans import Drawn, draw_pages, imported, overlaps

pytestmark = pytest.mark.django_db

RECT = re.compile(r'<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"/>')


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> Drawn:
    return draw_pages(tmp_path_factory.mktemp("pages"))


@pytest.fixture
def read(drawn: Drawn, index_dir):
    doc = imported(drawn)
    ocr_document(doc)
    sync_index()
    return doc


def test_search_finds_95_percent_of_the_drawn_words(drawn: Drawn, read) -> None:
    words = sorted(drawn.words())
    found = [w for w in words if read.identifier in {h.identifier for h in search(w).hits}]
    missed = set(words) - set(found)
    assert len(found) >= 0.95 * len(words), sorted(missed)


def test_a_hit_in_the_scans_opens_its_page_with_the_words_boxed(drawn: Drawn, read, client):
    page = client.get("/search", {"q": "përgëzojnë"}).content.decode()
    link = f"/documents/{read.identifier}/?find=p%C3%ABrg%C3%ABzojn%C3%AB#scan-2"
    assert f'href="{link}"' in page and '<span class="lang">Albanian:</span>' in page

    document = client.get(link.partition("#")[0]).content.decode()
    figure = document.partition('id="scan-2"')[2].partition("</figure>")[0]
    boxes = [tuple(map(int, m)) for m in RECT.findall(figure)]
    drawn_box = drawn.boxes[1]["përgëzojnë"]
    assert any(overlaps((x, y, x + w, y + h), drawn_box) for x, y, w, h in boxes)
    assert "1 word found" in html.unescape(figure) and 'href="#scan-2"' in document
    assert RECT.findall(document.partition('id="scan-1"')[2].partition("</figure>")[0]) == []
