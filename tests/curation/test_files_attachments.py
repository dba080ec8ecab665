"""Attached files: uploaded in the admin, checked by content, served only for public records,
and verified against their checksums by `readingroom verify`."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from readingroom.curation.models import Attachment
from readingroom.ingest.runner import import_paths
from readingroom.records import files
from readingroom.records.models import Document, Status
from tests import builders

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PDF = b"%PDF-1.4\n" + b"x" * 2000 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture
def home(settings, tmp_path):
    settings.HOME = tmp_path / "home"
    return settings.HOME


@pytest.fixture
def doc(seed_paths, index_dir, home) -> Document:
    import_paths(seed_paths)
    return Document.objects.get(date_start__year=1964)


@pytest.fixture
def curator(client):
    User.objects.create_superuser("archivist", "a@example.org", "a-long-passphrase")
    client.login(username="archivist", password="a-long-passphrase")
    return client


def post_upload(client, doc: Document, *, name: str, content: bytes):
    url = f"/admin/records/document/{doc.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "edited_fields"}
    data |= {"revisions-TOTAL_FORMS": 0, "revisions-INITIAL_FORMS": 0}
    data |= {"attachments-TOTAL_FORMS": 1, "attachments-INITIAL_FORMS": 0}
    data["attachments-0-upload"] = SimpleUploadedFile(name, content)
    return client.post(url, data)


def test_admin_upload_stores_the_file_by_checksum(curator, doc, home):
    response = post_upload(curator, doc, name="minutes scan.pdf", content=PDF)
    assert response.status_code == 302, response.context and response.context.get("errors")
    attachment = Attachment.objects.get(document=doc)
    sha256 = hashlib.sha256(PDF).hexdigest()
    assert (attachment.sha256, attachment.size) == (sha256, len(PDF))
    assert (attachment.original_name, attachment.media_type) == (
        "minutes scan.pdf",
        "application/pdf",
    )
    assert attachment.uploaded_by == "archivist"
    stored = home / "files" / sha256[:2] / sha256
    assert stored.read_bytes() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"just some text, not a PDF", "checked by its content"),
        ("picture.pdf", PNG, "image/png but the name says otherwise"),
        ("script.html", b"<script>alert(1)</script>", "checked by its content"),
    ],
)
def test_admin_upload_refuses_what_the_content_does_not_back(
    curator, doc, home, name, content, message
):
    response = post_upload(curator, doc, name=name, content=content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    assert not (home / "files").exists() or not any((home / "files").rglob("*"))


def test_admin_upload_refuses_files_over_the_limit(curator, doc, monkeypatch):
    monkeypatch.setattr(files, "MAX_SIZE", 1000)
    response = post_upload(curator, doc, name="big.pdf", content=PDF)
    assert response.status_code == 200
    assert "over the limit" in response.content.decode()
    assert not Attachment.objects.exists()


def test_download_only_for_public_documents(client, doc):
    attachment = builders.attachment(doc, PNG, "map.png")
    response = client.get(f"/curation/files/{attachment.pk}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert 'filename="map.png"' in response["Content-Disposition"]

    missing = client.get(f"/curation/files/{attachment.pk + 1000}")
    Document.objects.filter(pk=doc.pk).update(status=Status.DRAFT)
    hidden = client.get(f"/curation/files/{attachment.pk}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_verify_reports_each_problem_by_name(doc, home, capsys):
    contents = {name: b"%PDF-1.7\n" + name.encode() * 50 for name in "abcd"}
    stored = {}
    for name, content in contents.items():
        attachment = builders.attachment(doc, content, f"{name}.pdf")
        stored[name] = files.path_for(attachment.sha256)
    call_command("verify")  # all intact

    flipped = bytearray(stored["a"].read_bytes())
    flipped[20] ^= 0x01
    stored["a"].write_bytes(bytes(flipped))
    stored["b"].write_bytes(stored["b"].read_bytes()[:-10])
    stored["c"].unlink()
    (home / "files" / "stray.bin").write_bytes(b"?")

    with pytest.raises(CommandError) as failed:
        call_command("verify")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert f"changed: {stored['a'].relative_to(home / 'files')} (a.pdf)" in out
    assert f"changed: {stored['b'].relative_to(home / 'files')} (b.pdf)" in out
    assert f"missing: {stored['c'].relative_to(home / 'files')} (c.pdf)" in out
    assert "unexpected: stray.bin" in out
    assert "1 files intact" in out
