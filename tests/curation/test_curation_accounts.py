"""Curator roles, Argon2 hashes, login throttling by account, session rotation at login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PASSWORD = "a-long-passphrase"
LOGIN = "/admin/login/"


def member(role: str) -> Client:
    call_command("createroles")
    user = User.objects.create_user(role, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.login(username=role, password=PASSWORD)
    return client


def change_form(client: Client, doc: Document) -> tuple[str, dict]:
    url = f"/admin/records/document/{doc.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "edited_fields"}
    return url, data | {"revisions-TOTAL_FORMS": 0, "revisions-INITIAL_FORMS": 0}


@pytest.fixture
def docs(seed_paths, index_dir) -> tuple[Document, Document]:
    """A draft and a published document."""
    import_paths(seed_paths)
    draft, published = Document.objects.order_by("date_start")
    Document.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    draft.refresh_from_db()
    return draft, published


def test_createroles_makes_the_three_groups(capsys):
    call_command("createroles")
    call_command("createroles")  # safe to repeat
    assert "editor:" in capsys.readouterr().out

    def rights(name: str) -> set[str]:
        group = Group.objects.get(name=name)
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}

    contributor, editor, admin = rights("contributor"), rights("editor"), rights("admin")
    publish = {"curation.publish_document", "curation.embargo_document", "curation.merge_people"}
    assert "records.change_document" in contributor and not publish & contributor
    assert publish <= editor and contributor < editor < admin
    assert "auth.change_user" in admin and "auth.change_user" not in editor


def test_contributor_edits_drafts_only(docs):
    draft, published = docs
    contributor = member("contributor")
    url, data = change_form(contributor, draft)
    posted = data | {"title": "Edited draft", "status": Status.PUBLISHED}
    assert contributor.post(url, posted).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Edited draft" and draft.status == Status.DRAFT  # status is read-only

    url = f"/admin/records/document/{published.pk}/change/"
    assert contributor.post(url, {"title": "Not allowed"}).status_code == 403
    published.refresh_from_db()
    assert published.title != "Not allowed"
    history = f"/curation/documents/{published.identifier}/history/1/restore"
    assert contributor.post(history).status_code == 403


def test_editor_publishes_and_embargoes(docs):
    draft, _ = docs
    editor = member("editor")
    url, data = change_form(editor, draft)
    data |= {"status": Status.EMBARGOED, "embargo_until": "2030-01-01"}
    assert editor.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.EMBARGOED and str(draft.embargo_until) == "2030-01-01"
    assert draft.revisions.order_by("-number").first().snapshot["embargo_until"] == "2030-01-01"


def test_passwords_are_hashed_with_argon2():
    user = User.objects.create_user("curator", password=PASSWORD)
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


def failed_logins(client: Client, username: str, count: int) -> int:
    """The status of the last of `count` logins with a wrong password."""
    for _ in range(count):
        response = client.post(LOGIN, {"username": username, "password": "wrong"})
    return response.status_code


def test_the_101st_failed_login_on_one_account_is_refused(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    User.objects.create_user("curator", password=PASSWORD, is_staff=True)
    User.objects.create_user("other", password=PASSWORD, is_staff=True)
    client = Client()
    assert failed_logins(client, "curator", 99) == 200  # the form again, with an error
    assert failed_logins(client, "curator", 1) == 429  # the 100th failure locks the account
    refused = client.post(LOGIN, {"username": "curator", "password": PASSWORD})
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    welcome = Client().post(LOGIN, {"username": "other", "password": PASSWORD})
    assert welcome.status_code == 302  # another account is not locked


def test_the_lockout_ends_after_an_hour(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_user("curator", password=PASSWORD, is_staff=True)
    client = Client()
    assert failed_logins(client, "curator", 100) == 429
    an_hour_ago = timezone.now() - timedelta(minutes=61)
    assert AccessAttempt.objects.update(attempt_time=an_hour_ago) == 1
    assert client.post(LOGIN, {"username": "curator", "password": PASSWORD}).status_code == 302


def test_99_failures_still_let_the_right_password_in(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_user("curator", password=PASSWORD, is_staff=True)
    client = Client()
    assert failed_logins(client, "curator", 99) == 200
    assert client.post(LOGIN, {"username": "curator", "password": PASSWORD}).status_code == 302


def test_login_rotates_the_session():
    User.objects.create_user("curator", password=PASSWORD, is_staff=True)
    client = Client()
    session = client.session
    session["seen"] = True
    session.save()
    client.cookies["sessionid"] = session.session_key
    before = session.session_key
    response = client.post(LOGIN, {"username": "curator", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.session["_auth_user_id"]


def test_contributor_restores_a_draft_but_not_into_publication(docs):
    draft, _ = docs  # its revision 1 (the import) was published
    contributor = member("contributor")
    url, data = change_form(contributor, draft)
    assert contributor.post(url, data | {"title": "Draft title"}).status_code == 302
    restore = f"/curation/documents/{draft.identifier}/history"
    assert contributor.post(f"{restore}/1/restore").status_code == 403
    assert contributor.post(f"{restore}/2/restore").status_code == 302  # a draft revision
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.revisions.count() == 3
