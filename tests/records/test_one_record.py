"""The record contract's promises that users see: credits are searchable, curators' edits to
people reach search at once, and an import's revision keeps the whole record."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from readingroom.api.schemas import DocumentDetail
from readingroom.authorities.enrichment import enrich_documents, pending
from readingroom.authorities.models import Name, Person
from readingroom.enrich.namekeys import key_string
from readingroom.ingest.csvrows import COLUMNS
from readingroom.ingest.runner import import_paths
from readingroom.records.contract import DocumentRecord
from readingroom.records.models import Document, Revision
from readingroom.records.serialize import document_snapshot
from readingroom.search.service import search
from tests.api.test_export_jsonl import EXAMPLE

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def seeds(seed_paths, index_dir) -> list[Document]:
    import_paths(seed_paths)
    enrich_documents(pending())
    return list(Document.objects.order_by("date_start"))


@pytest.fixture
def curator(client):
    User.objects.create_superuser("archivist", "a@example.org", "a-long-passphrase")
    client.login(username="archivist", password="a-long-passphrase")
    return client


def identifiers(query: str) -> list[str]:
    return sorted(hit.identifier for hit in search(query).hits)


def test_the_translator_credited_on_both_pages_finds_both(seeds):
    both = sorted(d.identifier for d in seeds)
    assert identifiers("Enkel Daljani") == both
    assert identifiers('person:"Enkel Daljani"') == both
    assert identifiers("Leon Levy Foundation") == []  # the funder line is not the source line
    assert identifiers("AQPPSH") == both  # the source line is searchable


def test_the_page_json_and_index_agree_on_the_people_of_a_document(seeds, client):
    doc = seeds[0]
    page = client.get(doc.get_absolute_url()).context["people"]
    data = json.loads(client.get(f"/documents/{doc.identifier}.json").content)
    assert [p["name"] for p in data["people"]] == [p["name"] for p in page]
    translator = next(p for p in data["people"] if p["name"] == "Enkel Daljani")
    assert translator["appears_as"] == ["translator"]
    for person in data["people"]:
        assert doc.identifier in identifiers(f'person:"{person["name"]}"'), person


def person_form(person: Person, **changes: str) -> dict:
    names = list(person.names.order_by("pk"))
    data = {"name": person.name, "sort_name": person.sort_name}
    data |= {"names-TOTAL_FORMS": len(names), "names-INITIAL_FORMS": len(names)}
    for i, n in enumerate(names):
        data |= {f"names-{i}-id": n.pk, f"names-{i}-person": person.pk, f"names-{i}-text": n.text}
        data |= {f"names-{i}-language": n.language, f"names-{i}-system": n.system}
        data |= {f"names-{i}-source": n.source}
        if n.primary:
            data[f"names-{i}-primary"] = "on"
    return data | changes


def test_a_spelling_added_in_the_admin_finds_the_person_at_once(seeds, curator):
    person = Person.objects.get(name="Enkel Daljani")
    assert identifiers("Kelo Daljani") == []
    data = person_form(person)
    i = data["names-TOTAL_FORMS"]
    data |= {"names-TOTAL_FORMS": i + 1, f"names-{i}-text": "Kelo Daljani"}
    response = curator.post(f"/admin/authorities/person/{person.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    added = Name.objects.get(text="Kelo Daljani")
    assert added.key == key_string("Kelo Daljani")
    assert identifiers("Kelo Daljani") == sorted(d.identifier for d in seeds)


def test_renaming_a_person_in_the_admin_changes_the_facets(seeds, curator):
    person = Person.objects.get(name="Enkel Daljani")
    url = f"/admin/authorities/person/{person.pk}/change/"
    response = curator.post(url, person_form(person, name="Enkel Daljani (translator)"))
    assert response.status_code == 302, response.context and response.context.get("errors")
    facet = dict(search("Daljani").facets["person"])
    assert "Enkel Daljani (translator)" in facet and "Enkel Daljani" not in facet


def test_an_import_revision_keeps_the_embargo(tmp_path: Path, index_dir):
    record = json.loads(EXAMPLE) | {"status": "embargoed", "embargo_until": "2031-01-01"}
    path = tmp_path / "embargoed.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    import_paths([path])
    snapshot = Revision.objects.get().snapshot
    assert (snapshot["status"], snapshot["embargo_until"]) == ("embargoed", "2031-01-01")


def test_the_api_schema_is_the_snapshot_and_its_people(seeds):
    assert set(DocumentDetail.model_fields) == set(document_snapshot(seeds[0])) | {"people"}


def test_the_csv_columns_cover_every_stored_field_of_the_contract():
    flattened = {"key": "identifier", "blocks": "text", "date": "date_start"}
    for f in fields(DocumentRecord):
        if f.metadata.get("stored"):
            assert flattened.get(f.name, f.name) in COLUMNS, f.name
