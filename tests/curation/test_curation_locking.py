"""Two editors open one document; the second save is refused with what changed meanwhile."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import User
from django.test import Client

from readingroom.curation.forms import DocumentEditForm
from readingroom.curation.revisions import Conflict, save_edit
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PASSWORD = "a-long-passphrase"


def editor(name: str) -> Client:
    User.objects.create_superuser(name, f"{name}@example.org", PASSWORD)
    client = Client()
    client.login(username=name, password=PASSWORD)
    return client


def loaded_form(client: Client, url: str) -> dict:
    """The change form as the browser would post it back unchanged."""
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "edited_fields"}
    data["expected_version"] = form["expected_version"].value()
    return data | {"revisions-TOTAL_FORMS": 0, "revisions-INITIAL_FORMS": 0}


def test_second_save_on_a_stale_version_is_refused_with_the_difference(seed_paths, index_dir):
    import_paths(seed_paths)
    doc = Document.objects.get(date_start__year=1964)
    url = f"/admin/records/document/{doc.pk}/change/"
    first, second = editor("first"), editor("second")
    first_form, second_form = loaded_form(first, url), loaded_form(second, url)
    assert first_form["expected_version"] == second_form["expected_version"] == 1

    saved = first.post(url, first_form | {"title": "Title by <first>"})
    assert saved.status_code == 302

    refused = second.post(url, second_form | {"title": "Title by second"})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "changed by someone else" in html
    assert "Title by &lt;first&gt;" in html and "<first>" not in html
    doc.refresh_from_db()
    assert doc.title == "Title by <first>" and doc.version == 2
    assert doc.revisions.count() == 2

    reloaded = loaded_form(second, url)  # after reloading, the second editor may save
    assert second.post(url, reloaded | {"title": "Title by second"}).status_code == 302
    doc.refresh_from_db()
    assert (doc.title, doc.version, doc.revisions.count()) == ("Title by second", 3, 3)


def test_save_edit_refuses_a_stale_version(seed_paths, index_dir):
    import_paths(seed_paths)
    doc = Document.objects.get(date_start__year=1964)
    stale = Document.objects.get(pk=doc.pk)
    doc.title = "first"
    save_edit(doc, ["title"], actor="a", reason="", expected_version=1)
    stale.title = "second"
    with pytest.raises(Conflict) as caught:
        save_edit(stale, ["title"], actor="b", reason="", expected_version=1)
    assert caught.value.loaded["title"] != "first" and caught.value.current["title"] == "first"
    stale.refresh_from_db()
    assert stale.title == "first" and stale.version == 2


def test_an_edit_that_changes_nothing_writes_nothing(seed_paths, index_dir):
    import_paths(seed_paths)
    doc = Document.objects.get(date_start__year=1964)
    assert save_edit(doc, [], actor="a", reason="", expected_version=1) is None
    doc.refresh_from_db()
    assert (doc.version, doc.revisions.count()) == (1, 1)


def test_a_save_between_the_form_check_and_the_write_is_refused(seed_paths, index_dir, monkeypatch):
    """The form's early check is skipped here, as when another save lands in between."""
    import_paths(seed_paths)
    doc = Document.objects.get(date_start__year=1964)
    url = f"/admin/records/document/{doc.pk}/change/"
    first, second = editor("first"), editor("second")
    first_form, second_form = loaded_form(first, url), loaded_form(second, url)
    assert first.post(url, first_form | {"title": "By first"}).status_code == 302
    monkeypatch.setattr(DocumentEditForm, "clean", forms.ModelForm.clean)

    refused = second.post(url, second_form | {"title": "By second"}, follow=True)
    assert "changed by someone else" in refused.content.decode()
    doc.refresh_from_db()
    assert (doc.title, doc.version, doc.revisions.count()) == ("By first", 2, 2)
