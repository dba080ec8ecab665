"""A volume as its editors built it: the collection page is its table of contents, a document
page says where the document stands and steps through its chapter, and cross-references in
the notes are links. Drafts are in none of them."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from readingroom.ingest.runner import import_paths
from readingroom.records.contract import collection_fields
from readingroom.records.models import Collection, Document, Status
from readingroom.web.contents import places
from tests.builders import jsonl_record
from tests.fixtures.frus import excerpt
from tests.frus_data import volume_path

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.frus]

VOLUME = "frus1955-57v25"
# d1 alone in ch1 (comp1); d3, d4, d15-d18 in ch3 and d21, d26 in ch4 (both in comp3).
KEPT = ("d1", "d3", "d4", "d15", "d16", "d17", "d18", "d21", "d26")
DRAFTS = ("d1", "d16", "d26")


def small_volume(folder: Path) -> Path:
    """The volume cut to the documents of `KEPT`, named like the volume."""
    return excerpt.write(volume_path(VOLUME), KEPT, folder)


def key(doc_id: str) -> str:
    return f"{VOLUME}-{doc_id}"


def url(doc_id: str) -> str:
    return f"/documents/{key(doc_id)}/"


@pytest.fixture
def volume(tmp_path, index_dir) -> Collection:
    report = import_paths([small_volume(tmp_path)], console=Console(file=io.StringIO()))
    assert not report.rejections
    Document.objects.filter(identifier__in=[key(d) for d in DRAFTS]).update(status=Status.DRAFT)
    return Collection.objects.get(key=VOLUME)


def text_of(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_collection_page_is_the_table_of_contents(client, volume):
    page = text_of(client.get(f"/collections/{VOLUME}/"))
    assert '<h2 id="toc-h">Contents</h2>' in page
    comp3 = '<h3 id="toc-comp3">United States Policy Toward Albania, Bulgaria'
    ch3 = '<h4 id="toc-ch3">U.S. Consideration of Detachment of a Major Satellite'
    ch4 = '<h4 id="toc-ch4">Impact of the Geneva Heads of Government Meeting'
    listed = re.findall(r'<li value="(\d+)"><a href="/documents/[^/]+-d(\d+)/">', page)
    assert [n for n, _ in listed] == [d for _, d in listed] == ["3", "4", "15", "17", "18", "21"]
    assert page.index(comp3) < page.index(ch3) < page.index(ch4)
    assert page.index(ch3) < page.index(url("d17")) < page.index(ch4) < page.index(url("d21"))
    counts = re.findall(r'<p class="meta">(\d+) documents?</p>', page)
    assert counts == ["6", "5", "1"]  # comp3 as a whole, then ch3 and ch4
    assert "Other documents" not in page  # every public document has its place


def test_drafts_and_their_chapters_are_absent_from_the_table_of_contents(client, volume):
    page = text_of(client.get(f"/collections/{VOLUME}/"))
    for doc_id in DRAFTS:
        assert url(doc_id) not in page
    assert "Balkan Pact" not in page and "toc-ch1" not in page  # its one document is a draft
    assert "6 documents." in page


def test_a_document_page_shows_its_place_and_steps_within_its_chapter(client, volume):
    page = text_of(client.get(url("d17")))
    trail = re.search(r'<p class="trail">(.*?)</p>', page).group(1)
    assert f'<a href="/collections/{VOLUME}/#toc-comp3">United States Policy Toward' in trail
    assert f'<a href="/collections/{VOLUME}/#toc-ch3">U.S. Consideration' in trail
    assert trail.endswith("› document 17")
    assert f'<a href="{url("d15")}" rel="prev">' in page  # d16 between them is a draft
    assert f'<a href="{url("d18")}" rel="next">' in page
    assert "in this chapter:" in page


def test_previous_and_next_stop_at_the_chapters_ends(client, volume):
    last = text_of(client.get(url("d18")))
    assert f'href="{url("d17")}" rel="prev"' in last and 'rel="next"' not in last  # d21: ch4
    first = text_of(client.get(url("d21")))
    assert 'rel="prev"' not in first and 'rel="next"' not in first  # d26 is a draft
    assert 'rel="prev"' not in text_of(client.get(url("d3")))


def test_a_draft_is_never_a_neighbour(client, volume):
    for doc_id in ("d15", "d17", "d21"):
        page = text_of(client.get(url(doc_id)))
        assert all(url(d) not in page for d in DRAFTS), doc_id
    assert client.get(url("d16")).status_code == 404


def test_cross_references_link_public_documents_and_their_notes(client, volume):
    page = text_of(client.get(url("d17")))
    assert f'<a class="xref" href="{url("d15")}">Document 15</a>' in page
    d4 = text_of(client.get(url("d4")))
    assert f'<a class="xref" href="{url("d3")}#fn-4">footnote 4, supra</a>' in d4


def test_a_cross_reference_to_a_draft_or_elsewhere_stays_words(client, volume):
    page = text_of(client.get(url("d21")))
    assert "Document 26" in page and url("d26") not in page  # a draft
    d3 = text_of(client.get(url("d3")))
    assert "Foreign Relations, 1952–1954, vol. VIII" in d3  # a volume this archive lacks
    assert "frus1952-54v08" not in d3


def test_the_record_as_read_names_no_draft_a_link_points_to(client, volume):
    def targets(data: dict) -> set[str]:
        blocks = data["blocks"]
        return {a["target"] for b in blocks for a in b["annotations"] if a["kind"] == "link"}

    for address in (f"/api/v1/documents/{key('d21')}", f"{url('d21')[:-1]}.json"):
        found = targets(client.get(address).json())
        assert key("d26") not in found and "" in found  # the draft's key emptied, words kept
    assert key("d15") in targets(client.get(f"/api/v1/documents/{key('d17')}").json())


def test_the_api_gives_the_public_contents(client, volume):
    data = client.get(f"/api/v1/collections/{VOLUME}").json()
    assert [c["key"] for c in data["contents"]] == ["comp3"]
    ch3, ch4 = data["contents"][0]["entries"]
    assert [e["key"] for e in ch3["entries"]] == [key(d) for d in ("d3", "d4", "d15", "d17", "d18")]
    assert [e["key"] for e in ch4["entries"]] == [key("d21")]
    listing = client.get("/api/v1/collections").json()
    assert "contents" not in listing[0]


def test_finding_a_place_reads_a_few_rows_whatever_the_volume(volume, django_assert_num_queries):
    doc = Document.objects.prefetch_related("collections").get(identifier=key("d17"))
    with django_assert_num_queries(2):  # the contents, then the chapter's neighbours by key
        (place,) = places(doc, doc.collections.all())
    assert (place.previous.identifier, place.next.identifier) == (key("d15"), key("d18"))


def test_lists_of_collections_leave_the_contents_out(volume, django_assert_num_queries):
    listed = Collection.objects.public().get(key=VOLUME)
    assert "contents" in listed.get_deferred_fields()
    assert "contents" not in collection_fields(listed)  # a citation's fields, without the tree


def test_a_collection_without_contents_lists_and_steps_by_date(client, tmp_path, index_dir):
    lines = [
        '{"collection": {"key": "series", "title": "A series"}}',
        *(
            jsonl_record(
                f"s-{n}",
                collections=["series"],
                date={"text": day, "start": day or None, "end": day or None, "precision": "day"},
            )
            for n, day in enumerate(["1960-05-01", "1959-01-02", "", "1961-07-07"])
        ),
    ]
    path = tmp_path / "series.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from tests.api.test_export_jsonl import import_paths_jsonl

    assert not import_paths_jsonl(path).rejections
    Document.objects.filter(identifier="s-0").update(status=Status.DRAFT)
    page = text_of(client.get("/collections/series/"))
    assert "Contents" not in page
    assert re.findall(r'href="/documents/(s-\d)/"', page) == ["s-1", "s-3", "s-2"]
    middle = text_of(client.get("/documents/s-3/"))
    assert 'href="/documents/s-1/" rel="prev"' in middle
    assert 'href="/documents/s-2/" rel="next"' in middle  # undated last
    assert "/documents/s-0/" not in middle
    assert 'rel="next"' not in text_of(client.get("/documents/s-2/"))


def test_a_document_the_contents_do_not_hold_is_listed_apart(client, volume, tmp_path):
    from tests.api.test_export_jsonl import import_paths_jsonl

    path = tmp_path / "added.jsonl"
    path.write_text(jsonl_record("added-later", collections=[VOLUME]) + "\n", encoding="utf-8")
    assert not import_paths_jsonl(path).rejections
    page = text_of(client.get(f"/collections/{VOLUME}/"))
    assert "<h2>Other documents</h2>" in page
    assert page.index("toc-ch4") < page.index('href="/documents/added-later/"')
    assert "7 documents." in page
    added = text_of(client.get("/documents/added-later/"))
    assert f'<p class="trail"><a href="/collections/{VOLUME}/">' in added  # no chapter
