"""Editing a document's body and the authority records in the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from readingroom.authorities.models import Person
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def curator(client, seed_paths, index_dir):
    import_paths(seed_paths)
    User.objects.create_superuser("editor", "e@example.org", "a-long-passphrase")
    client.login(username="editor", password="a-long-passphrase")
    return client


def test_block_edit_is_a_revision_of_its_document_and_survives_reimport(curator, seed_paths):
    doc = Document.objects.get(date_start__year=1959)
    block = doc.blocks.get(text="Comrade Choe Yong-geon: They are very well.")
    url = f"/admin/records/block/{block.pk}/change/"
    assert curator.get(url).status_code == 200
    data = {
        "kind": "turn",
        "speaker": block.speaker,
        "text": "Comrade Choe Yong-geon: They are all very well.",
        "n": "",
        "annotations-TOTAL_FORMS": 0,
        "annotations-INITIAL_FORMS": 0,
        "_reason": "typo in the translation",
    }
    response = curator.post(url, data)
    assert response.status_code == 302
    doc.refresh_from_db()
    latest = doc.revisions.order_by("-number").first()
    assert (latest.number, latest.actor, latest.reason) == (2, "editor", "typo in the translation")
    assert list(latest.changes) == ["blocks"]
    assert "blocks" in doc.edited_fields and doc.version == 2

    import_paths(seed_paths)
    assert doc.blocks.filter(text__contains="They are all very well.").exists()


def test_people_places_organizations_are_editable(curator):
    person = Person.objects.get(name="Enver Hoxha")
    assert curator.get(f"/admin/authorities/person/{person.pk}/change/").status_code == 200
    for url in (
        "/admin/authorities/person/",
        "/admin/authorities/place/",
        "/admin/authorities/organization/",
        "/admin/records/block/",
    ):
        assert curator.get(url).status_code == 200, url


def test_a_machine_read_text_is_corrected_as_a_revision(curator):
    from readingroom.records.originals import Text

    doc = Document.objects.get(date_start__year=1959)
    blocks = [{"kind": "pagebreak", "text": "", "speaker": "", "n": "1", "anchor": None}]
    blocks += [{"kind": "paragraph", "text": "Shoku Hoxha tha se", "speaker": "", "n": ""}]
    blocks = [b | {"anchor": None, "annotations": [], "mentions": []} for b in blocks]
    text = Text.objects.create(
        document=doc, order=0, kind="transcription", language="sq", blocks=blocks, machine_read=True
    )
    url = f"/admin/records/text/{text.pk}/change/"
    page = curator.get(url).content.decode()
    assert "[page 1]\n\nShoku Hoxha tha se" in page
    body = "[page 1]\n\nShoku Enver Hoxha tha se\n\n[page 2]\n\nFaqja e dytë"
    response = curator.post(url, {"body": body, "reason": "read against the scan"})
    assert response.status_code == 302
    text.refresh_from_db()
    assert not text.machine_read
    assert [(b["kind"], b["n"], b["text"]) for b in text.blocks] == [
        ("pagebreak", "1", ""),
        ("paragraph", "", "Shoku Enver Hoxha tha se"),
        ("pagebreak", "2", ""),
        ("paragraph", "", "Faqja e dytë"),
    ]
    latest = doc.revisions.order_by("-number").first()
    assert (latest.actor, latest.reason, list(latest.changes)) == (
        "editor",
        "read against the scan",
        ["texts"],
    )
