"""Edits by hand write a revision and survive re-import."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_admin_edit_writes_a_revision_and_is_kept_on_reimport(client, seed_paths, index_dir):
    import_paths(seed_paths)
    doc = Document.objects.get(date_start__year=1964)
    User.objects.create_superuser("archivist", "a@example.org", "a-long-passphrase")
    client.login(username="archivist", password="a-long-passphrase")
    url = f"/admin/records/document/{doc.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "edited_fields"}
    data |= {"title": "Report on the May 1964 meeting", "summary": doc.summary}
    data |= {"revisions-TOTAL_FORMS": 0, "revisions-INITIAL_FORMS": 0}
    response = client.post(url, data)
    errors = response.context and response.context.get("errors")
    assert response.status_code == 302, errors

    doc.refresh_from_db()
    assert doc.title == "Report on the May 1964 meeting"
    assert doc.edited_fields == ["title"] and doc.version == 2
    latest = doc.revisions.order_by("-number").first()
    assert (latest.number, latest.actor) == (2, "archivist")
    assert latest.changes["title"][1] == "Report on the May 1964 meeting"

    report = import_paths(seed_paths)
    assert report.counts["unchanged"] == 2
    doc.refresh_from_db()
    assert doc.title == "Report on the May 1964 meeting"
