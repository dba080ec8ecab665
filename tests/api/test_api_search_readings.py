"""A person's name typed into an API search: their linked documents, and whom it was read as.

Both searching endpoints (/api/v1/search and /api/v1/documents?q=) read names as the web
page does, say so in ``readings`` with each person's slug, and take ``exact=true`` to search
the words as typed.
"""

from __future__ import annotations

import pytest

from readingroom.authorities.enrichment import enrich_documents, pending
from readingroom.authorities.models import Mention, Name, Person
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ENDPOINTS = {"/api/v1/search": "hits", "/api/v1/documents": "items"}


@pytest.fixture
def seeds(seed_paths, index_dir) -> dict[str, Document]:
    import_paths(seed_paths)
    enrich_documents(pending())  # as `readingroom import` does for a small batch
    return {str(d.date_start.year): d for d in Document.objects.all()}


def linked_document(person: Person, identifier: str) -> Document:
    """A public document linked to ``person`` that never writes their name."""
    doc = Document.objects.create(identifier=identifier, title="On the Premier's visit")
    Mention.objects.create(
        document=doc, kind="person", start=0, end=11, text="the Premier", person=person
    )
    return doc


def found(client, url: str, q: str, **params: str) -> tuple[list[str], list[dict]]:
    """The identifiers an endpoint finds for ``q`` and the readings it reports."""
    data = client.get(url, {"q": q, "limit": 100, **params}).json()
    return [item["identifier"] for item in data[ENDPOINTS[url]]], data["readings"]


def read_as(person: Person) -> dict[str, str]:
    return {
        "name": person.name,
        "slug": person.slug,
        "url": f"http://testserver/people/{person.slug}/",
        "api_url": f"http://testserver/api/v1/persons/{person.slug}",
    }


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_name_finds_linked_documents_and_says_whom_it_was_read_as(client, seeds, url):
    kim = Person.objects.get(names__text="Kim Il Sung")
    visit = linked_document(kim, "premier-visit")
    for typed in ("Kim Il-song", '"Kim Ir Sen"'):
        identifiers, readings = found(client, url, typed)
        assert visit.identifier in identifiers, typed
        text = typed.strip('"')
        assert readings == [{"text": text, "excluded": False, "people": [read_as(kim)]}]
    assert client.get(readings[0]["people"][0]["api_url"]).status_code == 200
    for exact in ("true", "1"):
        identifiers, readings = found(client, url, "Kim Il-song", exact=exact)
        assert visit.identifier not in identifiers and readings == [], exact
    _, negated = found(client, url, 'Hoxha NOT "Kim Il Sung"')
    assert negated == [{"text": "Kim Il Sung", "excluded": True, "people": [read_as(kim)]}]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_only_people_with_public_documents_are_named(client, seeds, url):
    kim = Person.objects.get(names__text="Kim Il Sung")
    hidden = linked_document(kim, "premier-visit")
    hidden.status = Status.DRAFT
    hidden.save()
    seeds["1959"].status, seeds["1959"].embargo_until = Status.EMBARGOED, "2999-01-01"
    seeds["1959"].save()  # Mao appears in the 1959 minutes only
    assert found(client, url, "Mao Tse-tung") == ([], [])
    identifiers, readings = found(client, url, "Kim Il Sung")
    assert identifiers == [seeds["1964"].identifier]
    assert readings == [{"text": "Kim Il Sung", "excluded": False, "people": [read_as(kim)]}]


def test_people_sharing_a_name_are_each_named_by_slug(client, seeds):
    people = [Person.objects.create(name="Pak Hon-yong", slug=f"pak-{i}") for i in range(3)]
    for person in people:
        Name.objects.create(person=person, text=person.name)
    people[2].merged_into = people[0]
    people[2].save()
    for i, person in enumerate(people):
        linked_document(person, f"pak-{i}")
    unlinked = Person.objects.create(name="Pak Hon-yong", slug="pak-unlinked")
    Name.objects.create(person=unlinked, text=unlinked.name)
    _, readings = found(client, "/api/v1/search", "Pak Hon-yong")
    assert [p["slug"] for p in readings[0]["people"]] == ["pak-0", "pak-1"]


def test_a_cursor_belongs_to_its_reading(client, seeds):
    params = {"q": "Hoxha", "limit": 1}
    token = client.get("/api/v1/documents", {**params, "exact": "true"}).json()["next_cursor"]
    assert token
    again = client.get("/api/v1/documents", {**params, "exact": "true", "cursor": token})
    assert again.status_code == 200 and again.json()["next_cursor"] is None
    other = client.get("/api/v1/documents", {**params, "cursor": token})
    assert other.status_code == 400 and "cursor" in other.json()["message"]


def test_the_schema_offers_exact_and_describes_readings(client, seeds):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ENDPOINTS:
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert parameters["exact"]["schema"]["type"] == "boolean"
    for shape in ("SearchOut", "DocumentPage"):
        assert "readings" in schema["components"]["schemas"][shape]["required"]
    reading = schema["components"]["schemas"]["ReadingOut"]["properties"]
    assert set(reading) == {"text", "people", "excluded"}
