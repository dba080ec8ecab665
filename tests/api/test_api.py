"""The REST API under /api/v1/: listing, cursors, detail, search, people, collections, HTTP."""

from __future__ import annotations

import pytest

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Block, Document, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SEED_1959 = "seed-001_3f704298176807c3"
PLANTED = "Zqxwvplantedword"


@pytest.fixture
def seeds(seed_paths, index_dir) -> dict[str, Document]:
    import_paths(seed_paths)
    return {str(d.date_start.year): d for d in Document.objects.all()}


def make_draft(doc: Document) -> None:
    """A draft with a word found nowhere else, in its title and in one of its turns."""
    block = doc.blocks.filter(kind="turn").first()
    Block.objects.filter(pk=block.pk).update(text=f"{block.text} {PLANTED}")
    doc.title = f"{doc.title} {PLANTED}"
    doc.status = Status.DRAFT
    doc.save()


def test_the_root_lists_addresses_that_answer(client, seeds):
    links = client.get("/api/v1/").json()
    assert {"documents", "search", "events", "openapi", "docs"} <= set(links)
    for name, url in links.items():
        assert url.startswith("http://testserver/api/v1/")
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, name


def test_document_list_pages_with_an_opaque_cursor(client, seeds):
    first = client.get("/api/v1/documents", {"limit": 1})
    assert first.status_code == 200
    data = first.json()
    assert len(data["items"]) == 1 and data["next_cursor"]
    assert data["next_cursor"] not in str(data["items"])  # opaque, not an identifier
    second = client.get("/api/v1/documents", {"limit": 1, "cursor": data["next_cursor"]}).json()
    assert second["next_cursor"] is None
    seen = [data["items"][0]["identifier"], second["items"][0]["identifier"]]
    assert sorted(seen) == sorted(d.identifier for d in seeds.values())
    item = data["items"][0]
    assert item["api_url"].endswith(f"/api/v1/documents/{item['identifier']}")


def test_cursor_from_another_query_or_forged_is_a_json_400(client, seeds):
    token = client.get("/api/v1/documents", {"limit": 1}).json()["next_cursor"]
    for params in ({"limit": 2, "cursor": token}, {"limit": 1, "cursor": "not-a-cursor"}):
        response = client.get("/api/v1/documents", params)
        assert response.status_code == 400
        assert "cursor" in response.json()["message"]


def test_page_size_is_capped(client, seeds):
    response = client.get("/api/v1/documents", {"limit": 100000})
    assert response.status_code == 200 and len(response.json()["items"]) == 2


def test_filters_and_query_language(client, seeds):
    by_year = client.get("/api/v1/documents", {"date_from": "1964-01-01"}).json()
    assert [i["identifier"] for i in by_year["items"]] == [seeds["1964"].identifier]
    searched = client.get("/api/v1/documents", {"q": '"Choe Yong Gon"'}).json()
    assert [i["identifier"] for i in searched["items"]] == [SEED_1959]
    assert searched["total"] == 1
    both = client.get("/api/v1/documents", {"q": "Hoxha", "type": "Report"}).json()
    assert [i["identifier"] for i in both["items"]] == [seeds["1964"].identifier]


def test_document_detail_has_blocks_annotations_and_people(client, seeds):
    data = client.get(f"/api/v1/documents/{seeds['1964'].identifier}").json()
    assert data["title"] == "Report on a Meeting between Enver Hoxha and Li Byeongchan"
    assert data["status"] == "published"
    assert any(a["kind"] == "supplied" for b in data["blocks"] for a in b["annotations"])
    assert "Enver Hoxha" in {p["name"] for p in data["people"]}


def test_search_has_hits_facets_and_years(client, seeds):
    data = client.get("/api/v1/search", {"q": "Hoxha"}).json()
    assert data["total"] == 2 and len(data["hits"]) == 2
    types = {f["value"]: f["count"] for f in data["facets"]["type"]}
    assert types["Report"] == 1
    assert {y["year"] for y in data["years"]} == {1959, 1964}
    assert "<mark>" in data["hits"][0]["snippets"][0]["html"]


@pytest.mark.parametrize(
    ("sort", "years"),
    [("date", [1959, 1964]), ("date_asc", [1959, 1964]), ("date_desc", [1964, 1959])],
)
def test_search_sorts_by_date(client, seeds, sort, years):
    data = client.get("/api/v1/search", {"q": "Hoxha", "sort": sort}).json()
    assert [int(hit["date"][:4]) for hit in data["hits"]] == years
    assert client.get("/api/v1/search", {"q": "Hoxha", "sort": "year"}).status_code == 400


def test_persons_with_names_and_collections(client, seeds):
    people = client.get("/api/v1/persons", {"limit": 100}).json()["items"]
    hoxha = next(p for p in people if p["name"] == "Enver Hoxha")
    assert hoxha["names"] and client.get(hoxha["api_url"]).json()["slug"] == hoxha["slug"]
    collections = client.get("/api/v1/collections").json()
    assert all(c["documents"] >= 1 for c in collections)


def test_etag_and_304(client, seeds):
    url = f"/api/v1/documents/{SEED_1959}"
    first = client.get(url)
    etag = first["ETag"]
    assert etag and first["Access-Control-Allow-Origin"] == "*"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


def test_errors_are_json_with_a_message(client, seeds):
    for url in ("/api/v1/documents/no-such", "/api/v1/no-such-endpoint"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["message"]
    bad = client.get("/api/v1/documents", {"date_from": "not-a-date"})
    assert bad.status_code == 400 and "date_from" in bad.json()["message"]


def test_openapi_31_and_local_docs(client, seeds):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/documents" in schema["paths"]
    page = client.get("/api/v1/docs").content.decode()
    assert "//cdn" not in page and "https://" not in page
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in page
    asset = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200


def test_drafts_and_embargoed_are_invisible(client, seeds):
    draft, embargoed = seeds["1959"], seeds["1964"]
    make_draft(draft)
    embargoed.status, embargoed.embargo_until = Status.EMBARGOED, "2999-01-01"
    embargoed.save()
    missing = client.get("/api/v1/documents/no-such-record")
    for doc in (draft, embargoed):
        hidden = client.get(f"/api/v1/documents/{doc.identifier}")
        assert hidden.status_code == 404 and hidden.content == missing.content
    urls = [
        "/api/v1/documents?limit=100",
        f"/api/v1/documents?q={PLANTED}",
        f"/api/v1/search?q={PLANTED}",
        "/api/v1/search?q=",
        "/api/v1/persons?limit=100",
        "/api/v1/collections",
    ]
    for url in urls:
        body = client.get(url).content.decode().replace(f'"query": "{PLANTED}"', "")
        assert PLANTED not in body and draft.identifier not in body, url
    assert client.get("/api/v1/documents").json()["items"] == []
    assert client.get("/api/v1/persons").json()["items"] == []


def test_cors_preflight_is_answered_for_reads(client, seeds):
    response = client.options(
        "/api/v1/documents",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert client.post("/api/v1/documents").status_code == 405
    head = client.head("/api/v1/documents")
    assert head.status_code == 200 and head["ETag"] and head.content == b""


def test_persons_page_with_a_cursor_and_filter_by_name(client, seeds):
    first = client.get("/api/v1/persons", {"limit": 1}).json()
    second = client.get("/api/v1/persons", {"limit": 1, "cursor": first["next_cursor"]}).json()
    assert first["items"][0]["slug"] < second["items"][0]["slug"]
    found = client.get("/api/v1/persons", {"name": "Hoxha"}).json()["items"]
    assert [p["name"] for p in found] == ["Enver Hoxha"]
    assert client.get("/api/v1/persons/no-such-person").status_code == 404
