"""A document's history page shows escaped differences; restoring adds a revision."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from readingroom.authorities.enrichment import enrich_documents, pending
from readingroom.authorities.models import Attendance, Mention
from readingroom.curation.diffs import snapshot_diff
from readingroom.curation.revisions import save_edit
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PASSWORD = "a-long-passphrase"


@pytest.fixture
def doc(seed_paths, index_dir) -> Document:
    import_paths(seed_paths)
    return Document.objects.get(date_start__year=1964)


@pytest.fixture
def curator(client) -> Client:
    User.objects.create_superuser("archivist", "a@example.org", PASSWORD)
    client.login(username="archivist", password=PASSWORD)
    return client


def edit(doc: Document, **values) -> None:
    doc.refresh_from_db()
    for name, value in values.items():
        setattr(doc, name, value)
    save_edit(doc, list(values), actor="someone", reason="test edit")


def test_history_shows_each_change_escaped(doc, curator):
    edit(doc, title="<script>alert(1)</script> Minutes")
    page = curator.get(f"/curation/documents/{doc.identifier}/history")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Revision 2" in html and "Revision 1" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<mark>" in html
    assert "<script>alert" not in html
    assert 'class="del"' in html and 'class="add"' in html


def linked(doc: Document) -> tuple[int, int, int]:
    """Speaker links, linked mentions and attendance: what enrichment found in the text."""
    mentions = Mention.objects.filter(document=doc).exclude(person=None)
    speakers = doc.blocks.exclude(speaker_person=None)
    return speakers.count(), mentions.count(), Attendance.objects.filter(document=doc).count()


def test_restore_brings_back_content_and_status_as_a_new_revision(doc, curator):
    enrich_documents(pending())
    original = (doc.title, doc.summary, doc.blocks.count())
    found = linked(doc)
    assert all(found)
    edit(doc, title="A wrong title", summary="A wrong summary")
    edit(doc, status=Status.WITHDRAWN)
    doc.refresh_from_db()
    assert (doc.version, doc.revisions.count(), doc.status) == (3, 3, Status.WITHDRAWN)

    url = f"/curation/documents/{doc.identifier}/history/1/restore"
    response = curator.post(url, {"reason": "undo a bad edit"})
    assert response.status_code == 302

    doc.refresh_from_db()
    assert (doc.title, doc.summary, doc.blocks.count()) == original
    assert linked(doc) == found  # the links in the text are found again
    assert doc.status == Status.PUBLISHED and doc.version == 4
    latest = doc.revisions.order_by("-number").first()
    assert (latest.number, latest.actor, latest.reason) == (4, "archivist", "undo a bad edit")
    assert set(latest.changes) == {"status", "summary", "title"}
    assert doc.revisions.count() == 4
    assert doc.edited_fields == ["summary", "title"]  # kept from re-import; the text is not


def test_curation_pages_need_login_and_csrf(doc):
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get(f"/curation/documents/{doc.identifier}/history")
    assert page.status_code == 302 and page["Location"].startswith("/admin/login/")

    User.objects.create_superuser("archivist", "a@example.org", PASSWORD)
    anonymous.login(username="archivist", password=PASSWORD)
    url = f"/curation/documents/{doc.identifier}/history/1/restore"
    assert anonymous.get(url).status_code == 405
    assert anonymous.post(url).status_code == 403  # no CSRF token
    assert doc.revisions.count() == 1


def test_a_curator_without_rights_is_refused(doc, client):
    User.objects.create_user("reader", password=PASSWORD, is_staff=True)
    client.login(username="reader", password=PASSWORD)
    assert client.get(f"/curation/documents/{doc.identifier}/history").status_code == 403


def test_a_changed_word_is_marked_within_its_line():
    changes = snapshot_diff({"summary": "The cat <sat>.\nEnd"}, {"summary": "The dog <sat>.\nEnd"})
    [summary] = changes
    kinds = [line.kind for line in summary.lines]
    assert kinds == ["hunk", "del", "add", "same"]
    assert [t for changed, t in summary.lines[1].segments if changed] == ["cat"]
    assert [t for changed, t in summary.lines[2].segments if changed] == ["dog"]
