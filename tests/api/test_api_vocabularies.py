"""Places, organizations and vocabularies through the API, as public documents use them."""

from __future__ import annotations

import pytest

from readingroom.authorities.enrichment import enrich_documents, pending
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def archive(seed_paths, index_dir) -> None:
    import_paths(seed_paths)
    enrich_documents(pending())


def test_places_organizations_vocabularies(client, archive):
    places = {p["name"]: p for p in client.get("/api/v1/places").json()}
    assert places["Pyongyang"]["documents"] == 2
    one = client.get(f"/api/v1/places/{places['Pyongyang']['slug']}").json()
    assert one["name"] == "Pyongyang"
    orgs = {o["name"] for o in client.get("/api/v1/organizations").json()}
    assert "Korean Workers' Party" in orgs
    vocab = client.get("/api/v1/vocabularies").json()
    assert {t["name"]: t["documents"] for t in vocab["types"]} == {
        "Minutes of Conversation": 2,
        "Report": 1,
    }
    assert vocab["funders"] == [{"name": "Leon Levy Foundation", "documents": 2}]


def test_unpublished_documents_do_not_count(client, archive):
    Document.objects.filter(date_start__year=1964).update(status=Status.DRAFT)
    vocab = client.get("/api/v1/vocabularies").json()
    assert {t["name"] for t in vocab["types"]} == {"Minutes of Conversation"}
    assert client.get("/api/v1/places/no-such-place").status_code == 404
    names = {o["name"] for o in client.get("/api/v1/organizations").json()}
    assert "Federation of Professional Unions of Korea" not in names  # only in the 1964 record
