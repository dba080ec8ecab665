"""The admin's "Add document" asks for the identifier, the record's address, and checks it.

It used to have no identifier field: one add stored "" and took pages down; the next 500'd.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from readingroom.records.models import Document

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ADD = "/admin/records/document/add/"


@pytest.fixture
def admin_client(client: Client, index_dir) -> Client:
    call_command("createroles")
    user = User.objects.create_user("chief", is_staff=True)
    user.groups.add(Group.objects.get(name="admin"))
    client.force_login(user)
    return client


def add(client: Client, identifier: str | None, title: str = "A new record"):
    form = client.get(ADD).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "edited_fields"}
    data |= {"title": title, "status": "published", "date_precision": "unknown"}
    data |= {"revisions-TOTAL_FORMS": 0, "revisions-INITIAL_FORMS": 0}
    data |= {"attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0}
    if identifier is not None:
        data["identifier"] = identifier
    return client.post(ADD, data)


def form_errors(response) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.context["adminform"].form.errors)


def test_the_add_form_has_the_identifier_and_requires_a_valid_unused_one(admin_client):
    page = admin_client.get(ADD)
    assert page.status_code == 200 and 'name="identifier"' in page.content.decode()

    assert "This field is required" in form_errors(add(admin_client, None))
    assert "This field is required" in form_errors(add(admin_client, ""))
    for odd in ("a b", "a/b", "d1.5", "x" * 121):
        errors = form_errors(add(admin_client, odd))
        assert "letters A-Z or a-z, digits" in errors or "at most 120" in errors, odd
    assert not Document.objects.exists()

    response = add(admin_client, "new-record-1")
    assert response.status_code == 302
    assert Document.objects.get().identifier == "new-record-1"
    assert admin_client.get("/documents/new-record-1/").status_code == 200
    assert admin_client.get("/documents/").status_code == 200

    assert "already" in form_errors(add(admin_client, "new-record-1", title="Another"))
    assert add(admin_client, "new-record-2", title="Another").status_code == 302
    assert Document.objects.count() == 2


def test_the_change_form_keeps_the_identifier_as_it_is(admin_client):
    add(admin_client, "kept-1")
    doc = Document.objects.get()
    url = f"/admin/records/document/{doc.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    assert "identifier" not in form.fields
    data = {k: v for k, v in form.initial.items() if v is not None and k != "edited_fields"}
    data |= {"title": "Renamed", "identifier": "hijacked", "revisions-TOTAL_FORMS": 0}
    data |= {"revisions-INITIAL_FORMS": 0}
    assert admin_client.post(url, data).status_code == 302
    doc.refresh_from_db()
    assert (doc.identifier, doc.title) == ("kept-1", "Renamed")
