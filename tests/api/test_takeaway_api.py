"""The API gives a search's whole list as the pages do: /api/v1/search/export in four formats,
capped and said so, and /api/v1/search/feed.atom; never a draft; described in the OpenAPI."""

from __future__ import annotations

import csv
import io
import json

import bibtexparser
import feedparser
import pytest
import rispy

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Status
from readingroom.search.sync import sync_index
from tests.builders import jsonl_record

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

EXPORT = "/api/v1/search/export"
FEED = "/api/v1/search/feed.atom"


def record(n: int, **more) -> str:
    day = f"1960-0{n}-15"
    when = {"text": day, "start": day, "end": day, "precision": "day"}
    return jsonl_record(f"cable-{n}", title=f"Cable {n} on the tractor plan", date=when, **more)


@pytest.fixture
def cables(tmp_path, index_dir, settings) -> None:
    """Three public cables and a draft one, all saying "tractor"."""
    settings.PAGE_CACHE = ""
    path = tmp_path / "cables.jsonl"
    lines = [record(n) for n in (1, 2, 3)] + [record(4, status=Status.DRAFT)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert import_paths([path]).rejections == []
    sync_index()


def get(client, url: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Cache-Control"] == "no-cache"  # reads the index: never kept by the cache
    return response


def test_every_format_holds_the_list(client, cables):
    expected = ["cable-1", "cable-2", "cable-3"]
    text = get(client, EXPORT, q="tractor").content.decode()
    assert [r["identifier"] for r in csv.DictReader(io.StringIO(text))] == expected
    ris = rispy.loads(get(client, EXPORT, q="tractor", format="ris").content.decode())
    assert [(e["id"], e["title"], e["year"]) for e in ris] == [
        (i, f"Cable {i[-1]} on the tractor plan", "1960") for i in expected
    ]
    bib = bibtexparser.parse_string(
        get(client, EXPORT, q="tractor", format="bibtex").content.decode()
    )
    assert [e.key for e in bib.entries] == expected and bib.failed_blocks == []
    items = json.loads(get(client, EXPORT, q="tractor", format="csl-json").content)
    assert [i["issued"]["date-parts"] for i in items] == [[[1960, n, 15]] for n in (1, 2, 3)]
    newest = json.loads(
        get(client, EXPORT, q="tractor", format="csl-json", sort="date_desc").content
    )
    assert [i["id"] for i in newest] == expected[::-1]


def test_the_limit_and_the_cap_are_said(client, cables, settings):
    response = get(client, EXPORT, q="tractor", limit=1, format="bibtex")
    assert (response["X-Result-Total"], response["X-Result-Count"]) == ("3", "1")
    assert "the first 1 of 3 documents" in response["X-Result-Note"]
    settings.TAKEAWAY_CAP = 2
    response = get(client, EXPORT, q="tractor", limit=50)
    assert (response["X-Result-Count"], response["X-Result-Cap"]) == ("2", "2")


def test_the_feed_is_valid_atom_without_the_draft(client, cables):
    response = get(client, FEED, q="tractor")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0 and parsed.version == "atom10"
    assert [e.id for e in parsed.entries] == [
        f"http://testserver/documents/cable-{n}/" for n in (3, 2, 1)
    ]
    assert parsed.feed.id == "http://testserver/api/v1/search/feed.atom?q=tractor"
    for url in (EXPORT, FEED):
        assert "cable-4" not in get(client, url, q="tractor").content.decode()


def test_a_bad_format_is_a_json_400(client, cables):
    response = client.get(EXPORT, {"q": "tractor", "format": "docx"})
    assert response.status_code == 400 and "format" in response.json()["message"]


def test_the_openapi_describes_both(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    export = paths[EXPORT]["get"]
    assert set(export["responses"]["200"]["content"]) == {
        "text/csv",
        "application/x-research-info-systems",
        "application/x-bibtex",
        "application/vnd.citationstyles.csl+json",
    }
    assert "X-Result-Total" in export["responses"]["200"]["headers"]
    assert set(paths[FEED]["get"]["responses"]["200"]["content"]) == {"application/atom+xml"}
