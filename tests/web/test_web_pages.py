"""The reading room's pages through Django's test client: search, document, person, network."""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readingroom.authorities.derived import follow
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document
from readingroom.web.searchstate import SearchState
from tests.frus_data import volume_path

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.frus]

SEED_1959 = "seed-001_3f704298176807c3"


@pytest.fixture
def archive(seed_paths, index_dir) -> None:
    import_paths([*seed_paths, volume_path("frus1958-60v19")])
    follow()  # related documents and the network, as `readingroom import` leaves them


def text_of(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_search_finds_a_variant_with_snippets_speakers_and_facets(client, archive):
    page = text_of(client.get("/search", {"q": "Choe Yong Gon"}))
    assert "1 document" in page
    assert "Notes taken during a Meeting between Enver Hoxha and Choe Yong-geon" in page
    assert "<mark>Choe Yong Gon</mark>" in page
    assert '<span class="who">Comrade Enver Hoxha:</span>' in page
    assert 'Minutes of Conversation</a> <span class="count">1</span>' in page
    assert f"/documents/{SEED_1959}/#b-" in page


def test_facet_links_narrow_and_chips_remove(client, archive):
    page = text_of(client.get("/search", {"q": "Hoxha", "type": "Minutes of Conversation"}))
    assert "Remove filter Type: Minutes of Conversation" in page
    assert 'name="type" value="Minutes of Conversation"' in page  # kept by the form
    state = SearchState.from_params(_params(q="Hoxha", type="Minutes of Conversation"))
    assert state.query() == '(Hoxha) AND type:"Minutes of Conversation"'


def _params(**values):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in values.items():
        query.setlist(key, [value])
    return query


def test_year_range_sort_and_pages_stay_in_the_url(client, archive):
    page = text_of(client.get("/search", {"from": "1959", "to": "1959", "sort": "date_asc"}))
    assert "Remove filter Years: 1959" in page
    assert "page 1 of" in page
    assert 'href="/search?from=1959&to=1959&sort=date_asc&page=2"' in page
    second = text_of(client.get("/search", {"from": "1959", "to": "1959", "page": "2"}))
    assert 'aria-current="page">2<' in second


def test_no_results_suggests_known_spellings(client, archive):
    page = text_of(client.get("/search", {"q": "Choe Yung Gonn"}))
    assert "No documents found" in page and "Did you mean" in page
    assert ">Choe Yong-geon</a>" in page


def test_bad_syntax_gets_a_message_not_an_error(client, archive):
    page = text_of(client.get("/search", {"q": '((type:"unclosed'}))
    assert 'class="notice"' in page and "was not closed" in page


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    q=st.text(max_size=80),
    page=st.text(max_size=12),
    year=st.text(max_size=6),
    sort=st.sampled_from(["relevance", "date_asc", "date_desc", "x", ""]),
    facet=st.text(max_size=30),
)
def test_search_never_fails(client, archive, q, page, year, sort, facet):
    params = {"q": q, "page": page, "from": year, "to": year, "sort": sort, "person": facet}
    params = {k: v.replace("\x00", "") for k, v in params.items()}
    response = client.get("/search", params)
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_query_text_is_escaped(client, archive):
    page = client.get("/search", {"q": '<script>alert(1)</script>"'}).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_document_page_carries_zotero_metadata(client, archive):
    page = client.get(f"/documents/{SEED_1959}/").content.decode()
    title = "Notes taken during a Meeting between Enver Hoxha and Choe Yong-geon"
    assert f'<meta name="citation_title" content="{title}">' in page
    assert '<meta name="citation_date" content="1959/06/06">' in page
    assert '<meta name="DC.type" content="Minutes of Conversation">' in page
    assert 'class="Z3988" title="ctx_ver=Z39.88-2004&amp;' in page
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(ld)
    assert data["@type"] == "ArchiveComponent" and data["name"] == title
    assert {"@type": "Person", "name": "Choe Yong-geon"} in data["mentions"]


def test_document_page_reads_as_a_conversation_with_citations(client, archive):
    page = text_of(client.get(f"/documents/{SEED_1959}/"))
    assert '<a href="/people/choe-yong-geon/">Comrade Choe Yong-geon</a>:</b>' in page
    for heading in ("Chicago (note)", "Chicago (bibliography)", "MLA", "APA"):
        assert f">{heading}</h3>" in page
    assert "“Notes taken during a Meeting between Enver Hoxha and Choe Yong-geon,” June 6" in page
    for ext in ("bib", "ris", "csl.json"):
        assert f"/documents/{SEED_1959}/cite.{ext}" in page


def test_frus_document_has_sequence_related_and_footnotes(client, archive):
    page = text_of(client.get("/documents/frus1958-60v19-d252/"))
    assert 'rel="prev"' in page and 'rel="next"' in page
    assert "document 252" in page
    assert 'id="fn-1"' in page and 'href="#fn-1"' in page
    assert "Related documents" in page and "shares:" in page
    assert '<meta name="citation_inbook_title"' in page


@pytest.mark.parametrize(
    ("ext", "kind", "marker"),
    [
        ("bib", "application/x-bibtex", "@misc{"),
        ("ris", "application/x-research-info-systems", "TY  - MANSCPT"),
        ("csl.json", "application/vnd.citationstyles.csl+json", '"type": "manuscript"'),
    ],
)
def test_citation_downloads(client, archive, ext, kind, marker):
    response = client.get(f"/documents/{SEED_1959}/cite.{ext}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(kind)
    assert "attachment" in response["Content-Disposition"]
    assert marker in response.content.decode()


def test_unpublished_documents_have_no_citations(client, archive):
    Document.objects.filter(identifier=SEED_1959).update(status="draft")
    assert client.get(f"/documents/{SEED_1959}/cite.bib").status_code == 404
    assert client.get(f"/documents/{SEED_1959}/").status_code == 404


def test_person_page_groups_documents_and_company(client, archive):
    page = text_of(client.get("/people/enver-hoxha/"))
    assert "Speaks in" in page and "Takes part in" in page and "Mentioned in" in page
    assert "Appears with" in page and "Choe Yong-geon" in page
    assert "Timeline" in page and ">1959</h3>" in page and ">1964</h3>" in page


def test_collection_page_has_its_histogram(client, archive):
    page = text_of(client.get("/collections/frus1958-60v19/"))
    assert "This collection by year" in page
    assert "Washington: United States Government Printing Office, 1996" in page
    assert "collection=Foreign+Relations" in page and "from=1959&to=1959" in page


def test_home_has_search_collections_histogram_recent(client, archive):
    page = text_of(client.get("/"))
    assert 'role="search"' in page and "The archive by year" in page
    assert "Recent additions" in page and "Foreign Relations of the United States" in page


def test_network_draws_and_lists_meetings(client, archive):
    page = text_of(client.get("/network/"))
    assert "<svg" in page and "<line" in page and "<table" in page
    assert re.search(r"<td><a href=\"/people/[^\"]+/\">", page)
