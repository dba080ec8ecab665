"""An archivist imports a file in the browser: queued, run by the worker, reported as by the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from readingroom.records.models import Document
from tests.taskqueue import run_queue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

CSV = (
    "identifier,title,date,text\n"
    "upload-1,A letter from Tirana,1959-06-06,We are extremely happy.\n"
    "upload 2,A bad identifier,1959-06-07,Text.\n"
    "upload-3,Another letter,1959-06-08,More text.\n"
)


@pytest.fixture
def archivist(client: Client, index_dir, settings, tmp_path) -> Client:
    settings.HOME = tmp_path / "home"
    user = User.objects.create_superuser("archivist", "a@example.org", "pw-long-enough-1")
    client.force_login(user)
    return client


def send(client: Client, name: str, content: bytes):
    return client.post("/curation/imports", {"file": SimpleUploadedFile(name, content)})


def run_worker() -> None:
    run_queue()


def test_an_uploaded_file_is_imported_by_the_worker_with_the_cli_report(archivist):
    sent = send(archivist, "letters.csv", CSV.encode())
    assert sent.status_code == 302
    page = archivist.get(sent["Location"])
    assert "Waiting for the worker" in page.content.decode()
    assert not Document.objects.filter(identifier__startswith="upload").exists()
    run_worker()
    page = archivist.get(sent["Location"]).content.decode()
    assert "Imported: 2 created, 0 updated, 0 unchanged, 1 rejected" in page
    assert "line 3" in page and "upload 2" in page  # the CLI's rejection, line and value
    assert set(Document.objects.values_list("identifier", flat=True)) >= {"upload-1", "upload-3"}
    assert 'http-equiv="refresh"' not in page  # ended: the page stops reloading


def test_only_import_files_are_taken(archivist):
    page = send(archivist, "notes.exe", b"MZ")
    assert page.status_code == 200
    assert "Expected a file ending in" in page.content.decode()


def test_the_import_page_needs_a_curator(client: Client):
    assert client.get("/curation/imports")["Location"].startswith("/admin/login/")


def test_the_report_of_an_upload_names_its_warnings(archivist):
    volume = Path(__file__).parents[1] / "fixtures/frus/repeated_ids/frus1961-63v06.xml"
    sent = send(archivist, volume.name, volume.read_bytes())
    run_queue()
    page = archivist.get(sent["Location"]).content.decode()
    assert "<h2>Warnings</h2>" in page and "xml:id &#x27;d2&#x27;" in page
