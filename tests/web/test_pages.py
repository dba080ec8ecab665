"""The minimal reading-room pages: list, document, JSON, and privacy of unpublished records."""

from __future__ import annotations

import html

import pytest

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def docs(seed_paths, index_dir) -> dict[str, Document]:
    import_paths(seed_paths)
    return {
        "1959": Document.objects.get(date_start__year=1959),
        "1964": Document.objects.get(date_start__year=1964),
    }


def test_home_lists_both_documents(client, docs):
    page = client.get("/").content.decode()
    for doc in docs.values():
        assert html.escape(doc.title, quote=False) in page
        assert doc.get_absolute_url() in page


def test_document_page_shows_every_field(client, docs):
    doc = docs["1959"]
    page = html.unescape(client.get(doc.get_absolute_url()).content.decode())
    for expected in (
        "June 6, 1959",
        "Notes taken during a Meeting between Enver Hoxha and Choe Yong-geon",
        "Minutes of Conversation",
        "Albanian State Archives (AQPPSH), MPP Korese, D1, V. 1959.",
        "Obtained by: Ana Lalaj",
        "Translated by: Enkel Daljani",
        "Note taker: Haxhi Kroi",
        "Leon Levy Foundation",
        "welcomes reuse of Digital Archive materials",
        "Enver Hoxha and Choe Yeonggeon discuss industry",
        "local id " + doc.identifier,
    ):
        assert expected in page, expected


def test_document_page_reads_top_down(client, docs):
    """Title, date, summary, then the text; the metadata after it (alongside on a wide screen)."""
    doc = docs["1959"]
    page = html.unescape(client.get(doc.get_absolute_url()).content.decode())
    at = 0
    for expected in (
        f"<h1>{doc.title}</h1>",
        '<p class="date">June 6, 1959',
        '<section class="summary"',
        "Enver Hoxha and Choe Yeonggeon discuss industry",
        '<section class="reading"',
        'class="turn"',
        '<aside class="metadata"',
    ):
        at = page.index(expected, at)  # each after the one before


def test_turns_and_insertions_are_marked(client, docs):
    page = client.get(docs["1959"].get_absolute_url()).content.decode()
    assert '<div class="turn">' in page
    assert 'class="speaker"' in page and "Comrade Choe Yong-geon" in page
    assert 'class="ins ins-alternate" title="Editorial insertion: other spelling"' in page
    assert "[Choe Yong Gon]</span>" in page
    assert 'class="ins ins-role"' in page


def test_json_view_has_blocks_annotations_people(client, docs):
    data = client.get(f"/documents/{docs['1964'].identifier}.json").json()
    assert data["title"] == "Report on a Meeting between Enver Hoxha and Li Byeongchan"
    assert data["types"] == ["Minutes of Conversation", "Report"]
    turns = [b for b in data["blocks"] if b["kind"] == "turn"]
    assert {b["speaker"] for b in turns} >= {"Comrade Enver Hoxha", "Ambassador An Yong"}
    assert any(a["kind"] == "supplied" for b in data["blocks"] for a in b["annotations"])
    assert "Enver Hoxha" in {p["name"] for p in data["people"]}


def test_unpublished_records_are_not_found(client, docs):
    draft, embargoed = docs["1959"], docs["1964"]
    draft.status = Status.DRAFT
    draft.save()
    embargoed.status = Status.EMBARGOED
    embargoed.embargo_until = "2999-01-01"
    embargoed.save()
    missing = client.get("/documents/no-such-record/")
    assert missing.status_code == 404
    for doc in (draft, embargoed):
        for url in (doc.get_absolute_url(), f"/documents/{doc.identifier}.json"):
            response = client.get(url)
            assert response.status_code == 404
            assert response.content == missing.content
    home = client.get("/").content.decode()
    assert draft.title not in home and "0 documents" in home
    listing = client.get("/documents/").content.decode()
    assert draft.title not in listing and "0 documents" in listing
