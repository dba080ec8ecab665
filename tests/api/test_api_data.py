"""/data: downloads of the public archive, cached per index version, drafts never in them."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from django.utils import timezone
from lxml import etree, html
from rich.console import Console

from readingroom.api import data
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Block, Document, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PLANTED = "Zqxwvdatapageword"
TEI = "{http://www.tei-c.org/ns/1.0}"
NAMES = [d.name for d in data.DOWNLOADS]


@pytest.fixture
def home(settings, tmp_path: Path) -> Path:
    settings.HOME = tmp_path / "home"
    return settings.HOME


@pytest.fixture
def archive(seed_paths, index_dir, home) -> Document:
    """The seeds, one of them a draft carrying a word found nowhere else."""
    report = import_paths(seed_paths, console=Console(file=io.StringIO()))
    assert not report.rejections
    draft = Document.objects.order_by("identifier").first()
    block = draft.blocks.exclude(text="").first()
    Block.objects.filter(pk=block.pk).update(text=f"{block.text} {PLANTED}")
    draft.title = f"{draft.title} {PLANTED}"
    draft.status = Status.DRAFT
    draft.save()
    return draft


def fetch(client, name: str) -> bytes:
    response = client.get(f"/data/{name}")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    stem = name.split(".")[0]
    assert re.search(rf'filename="{stem}-v\d+(-\d+)?\.', disposition), disposition
    return b"".join(response.streaming_content)


def contents(name: str, body: bytes) -> dict[str, bytes]:
    """Each file a download holds: itself, or every member of its zip."""
    if not name.endswith(".zip"):
        return {name: body}
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {member: archive.read(member) for member in archive.namelist()}


def public_identifiers() -> set[str]:
    return set(Document.objects.public().values_list("identifier", flat=True))


def test_page_lists_every_download_with_its_size_and_the_machine_links(client, archive):
    response = client.get("/data")
    assert response.status_code == 200
    page = html.fromstring(response.content)
    assert page.xpath("//h1")[0].text_content() == "Data"
    assert page.xpath("//header//nav")  # the site layout
    links = page.xpath("//ul[@class='downloads']/li")
    assert [li.xpath("a/@href")[0] for li in links] == [f"/data/{n}" for n in NAMES]
    for li in links:
        assert re.search(r"\d+(\.\d)? (bytes|KB|MB|GB)", li.text_content())
    hrefs = page.xpath("//a/@href")
    assert "/api/v1/docs" in hrefs
    assert any(h.startswith("/oai") for h in hrefs)
    assert all(h.get("id") for h in page.xpath("//h2"))


def test_no_download_holds_a_draft(client, archive):
    public = public_identifiers()
    assert archive.identifier not in public and public
    for name in NAMES:
        for member, body in contents(name, fetch(client, name)).items():
            assert PLANTED.encode() not in body, member
            assert archive.identifier.encode() not in body, member


def test_each_download_holds_exactly_the_public_documents(client, archive):
    public = public_identifiers()
    jsonl = [json.loads(line) for line in fetch(client, NAMES[0]).decode().splitlines()]
    assert {r["identifier"] for r in jsonl if "identifier" in r} == public
    rows = list(csv.DictReader(io.StringIO(fetch(client, NAMES[1]).decode())))
    assert {r["identifier"] for r in rows} == public
    package = contents(NAMES[2], fetch(client, NAMES[2]))
    assert {Path(m).name for m in package} == {
        "datapackage.json",
        "documents.csv",
        "documents.parquet",
    }
    parquet = next(body for m, body in package.items() if m.endswith(".parquet"))
    table = pq.read_table(io.BytesIO(parquet))
    assert set(table.column("identifier").to_pylist()) == public
    descriptor = next(body for m, body in package.items() if m.endswith(".json"))
    assert json.loads(descriptor)["resources"]
    tei = contents(NAMES[3], fetch(client, NAMES[3]))
    assert set(tei) == {f"{i}.xml" for i in public}
    for body in tei.values():
        assert etree.fromstring(body).tag == f"{TEI}TEI"


def test_files_are_cached_per_version_and_rebuilt_after_a_change(client, archive, home):
    version = data.current_version()
    fetch(client, NAMES[0])
    cached = home / "exports" / str(version) / NAMES[0]
    assert cached.is_file()
    cached.write_text("cached\n", encoding="utf-8")  # served as is while nothing changes
    assert fetch(client, NAMES[0]) == b"cached\n"
    archive.status = Status.PUBLISHED
    archive.save()
    assert data.current_version() > version
    fresh = fetch(client, NAMES[0])
    assert PLANTED.encode() in fresh  # the record is public now
    assert not (home / "exports" / str(version)).exists()
    assert (home / "exports" / str(data.current_version()) / NAMES[0]).is_file()


def test_an_embargo_that_ends_unlogged_brings_fresh_files(client, archive):
    archive.status, archive.embargo_until = Status.EMBARGOED, date(2999, 1, 1)
    archive.save()
    assert PLANTED.encode() not in fetch(client, NAMES[0])
    yesterday = timezone.localdate() - timedelta(days=1)
    Document.objects.filter(pk=archive.pk).update(embargo_until=yesterday)  # time passes
    assert PLANTED.encode() in fetch(client, NAMES[0])


def test_unknown_download_is_not_found(client, archive):
    assert client.get("/data/secrets.txt").status_code == 404
    assert client.get("/data/..%2Freadingroom.sqlite3").status_code == 404
