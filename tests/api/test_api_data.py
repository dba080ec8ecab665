"""/data: downloads of the public archive, built by the queue worker, drafts never in them.

The page never builds anything: it serves the last complete build and queues a rebuild when
the archive changed. Most tests run the queued build with the queue worker's own code in this
process, into real files; the last runs `readingroom serve` and `readingroom worker` as real
processes on a real archive.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import psycopg
import pyarrow.parquet as pq
import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from lxml import etree, html
from rich.console import Console

from readingroom.api import databuild, datafiles, datatasks
from readingroom.authorities.enrichment import pending
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids
from readingroom.records.models import Block, Collection, Document, Status
from tests.taskqueue import run_queue

pytestmark = [pytest.mark.postgres]

PLANTED = "Zqxwvdatapageword"
TEI = "{http://www.tei-c.org/ns/1.0}"
NAMES = [d.name for d in datafiles.DOWNLOADS]
SITE = "https://archive.example.org"


@pytest.fixture
def home(settings, tmp_path: Path) -> Path:
    settings.HOME = tmp_path / "home"
    settings.SITE_URL = SITE
    return settings.HOME


@pytest.fixture
def archive(db, seed_paths, index_dir, home) -> Document:
    """The seeds, one of them a draft carrying a word found nowhere else."""
    report = import_paths(seed_paths, console=Console(file=io.StringIO()))
    assert not report.rejections
    enrich_ids(pending())  # as the import command does: people and events
    draft = Document.objects.order_by("identifier").first()
    block = draft.blocks.exclude(text="").first()
    Block.objects.filter(pk=block.pk).update(text=f"{block.text} {PLANTED}")
    draft.title = f"{draft.title} {PLANTED}"
    draft.status = Status.DRAFT
    draft.save()
    return draft


def build_tasks() -> list[DBTaskResult]:
    path = datatasks.build_downloads.module_path
    return list(DBTaskResult.objects.filter(task_path=path).order_by("enqueued_at"))


def queued() -> list[DBTaskResult]:
    return [t for t in build_tasks() if t.status == TaskResultStatus.READY]


def run_worker() -> None:
    run_queue()
    for done in build_tasks():
        assert done.status == TaskResultStatus.SUCCESSFUL, done.traceback


def run_worker_after_a_view(client) -> None:
    assert client.get("/data").status_code == 200
    run_worker()


def built(archive_home: Path) -> list[Path]:
    """Every file under the exports directory: what has been built so far."""
    root = archive_home / "exports"
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != ".lock")


def fetch(client, name: str, **headers) -> bytes:
    response = client.get(f"/data/{name}", **headers)
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


def download_links(response) -> list[str]:
    page = html.fromstring(response.content)
    return page.xpath("//ul[@class='downloads']/li/a/@href")


def status_text(response) -> str:
    page = html.fromstring(response.content)
    return " ".join(p.text_content() for p in page.xpath("//*[@role='status']"))


def test_before_any_build_the_page_says_so_builds_nothing_and_queues_one(client, archive, home):
    for _ in range(3):
        response = client.get("/data")
        assert response.status_code == 200
        assert download_links(response) == []  # no link to a file that does not exist
        assert "No build of the downloads exists yet" in status_text(response)
    assert built(home) == []  # nothing was built in a request
    assert len(build_tasks()) == 1 and len(queued()) == 1  # one task for many views
    not_yet = client.get(f"/data/{NAMES[0]}")
    assert not_yet.status_code == 503 and not_yet["Retry-After"]
    assert len(build_tasks()) == 1


def test_the_worker_builds_the_files_and_the_page_links_them_with_date_and_counts(
    client, archive, home
):
    client.get("/data")
    run_worker()
    build = databuild.latest_build()
    assert build is not None and build.version == databuild.current_version()
    assert {p.name for p in build.directory.iterdir()} >= set(NAMES)
    response = client.get("/data")
    assert response.status_code == 200
    assert download_links(response) == [f"/data/{n}" for n in NAMES]
    page = html.fromstring(response.content)
    stamp = page.xpath("//p[@class='build']/time/@datetime")[0]
    assert abs(timezone.now() - datetime.fromisoformat(stamp)) < timedelta(hours=1)
    counts = [int(v) for v in page.xpath("//p[@class='build']/data/@value")]
    assert counts == [len(public_identifiers()), Collection.objects.public().count()]
    for li, name in zip(page.xpath("//ul[@class='downloads']/li"), NAMES, strict=True):
        size = int(li.xpath(".//data/@value")[0])
        assert size == (build.directory / name).stat().st_size > 0
        assert re.search(r"\d+(\.\d)? (bytes|KB|MB|GB)", li.text_content())
    assert status_text(response) == ""  # up to date: nothing being prepared
    assert queued() == []


def test_page_keeps_the_site_layout_and_the_machine_links(client, archive):
    response = client.get("/data")
    page = html.fromstring(response.content)
    assert page.xpath("//h1")[0].text_content() == "Data"
    assert page.xpath("//header//nav")  # the site layout
    hrefs = page.xpath("//a/@href")
    assert "/api/v1/docs" in hrefs
    assert any(h.startswith("/oai") for h in hrefs)
    assert all(h.get("id") for h in page.xpath("//h2"))


def test_after_a_change_the_last_build_is_served_and_one_rebuild_queued(client, archive, home):
    client.get("/data")
    run_worker()
    before, files = databuild.latest_build(), built(home)
    archive.status = Status.PUBLISHED  # one more public record: nothing leaks by waiting
    archive.save()
    for _ in range(3):
        response = client.get("/data")
        assert response.status_code == 200
        assert download_links(response) == [f"/data/{n}" for n in NAMES]
        assert f"version {before.version}" in response.content.decode()
        assert "a newer build is being prepared" in status_text(response)
    assert built(home) == files  # nothing built in the requests
    assert PLANTED.encode() not in fetch(client, NAMES[0])  # the last build, as it was
    assert len(queued()) == 1
    run_worker()
    after = databuild.latest_build()
    assert after.version == databuild.current_version() > before.version
    assert not before.directory.exists()  # the older build is gone
    assert PLANTED.encode() in fetch(client, NAMES[0])
    assert status_text(client.get("/data")) == ""


def test_a_build_holding_a_record_since_unpublished_is_not_served(client, archive, home):
    client.get("/data")
    run_worker()
    withdrawn = Document.objects.public().order_by("identifier").first()
    stale = databuild.latest_build().directory / NAMES[0]
    assert withdrawn.identifier.encode() in stale.read_bytes()
    withdrawn.status = Status.WITHDRAWN
    withdrawn.save()
    response = client.get("/data")
    assert response.status_code == 200
    assert download_links(response) == []
    assert "being rebuilt" in status_text(response)
    assert client.get(f"/data/{NAMES[0]}").status_code == 503
    run_worker()
    assert withdrawn.identifier.encode() not in fetch(client, NAMES[0])
    assert download_links(client.get("/data")) == [f"/data/{n}" for n in NAMES]


def test_links_in_the_files_come_from_the_site_address_never_the_host_header(
    client, archive, home, settings
):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    assert client.get("/data", HTTP_HOST="localhost:1").status_code == 200
    run_worker()
    for name in NAMES:
        for member, body in contents(name, fetch(client, name, HTTP_HOST="localhost:1")).items():
            assert b"localhost:1" not in body, member
    tei = contents(NAMES[3], fetch(client, NAMES[3]))
    for member, body in tei.items():
        identifier = member.removesuffix(".xml")
        assert f"{SITE}/documents/{identifier}".encode() in body, member


def test_no_download_holds_a_draft(client, archive):
    run_worker_after_a_view(client)
    public = public_identifiers()
    assert archive.identifier not in public and public
    for name in NAMES:
        for member, body in contents(name, fetch(client, name)).items():
            assert PLANTED.encode() not in body, member
            assert archive.identifier.encode() not in body, member


def test_each_download_holds_exactly_the_public_documents(client, archive):
    run_worker_after_a_view(client)
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


def test_files_are_served_as_built_until_the_archive_changes(client, archive, home):
    run_worker_after_a_view(client)
    cached = databuild.latest_build().directory / NAMES[0]
    cached.write_text("cached\n", encoding="utf-8")  # served as is while nothing changes
    assert fetch(client, NAMES[0]) == b"cached\n"
    run_worker_after_a_view(client)  # nothing queued, nothing rebuilt
    assert fetch(client, NAMES[0]) == b"cached\n"
    archive.status = Status.PUBLISHED
    archive.save()
    run_worker_after_a_view(client)
    assert PLANTED.encode() in fetch(client, NAMES[0])


def test_an_embargo_that_ends_unlogged_brings_fresh_files(client, archive):
    archive.status, archive.embargo_until = Status.EMBARGOED, date(2999, 1, 1)
    archive.save()
    run_worker_after_a_view(client)
    assert PLANTED.encode() not in fetch(client, NAMES[0])
    yesterday = timezone.localdate() - timedelta(days=1)
    Document.objects.filter(pk=archive.pk).update(embargo_until=yesterday)  # time passes
    run_worker_after_a_view(client)
    assert PLANTED.encode() in fetch(client, NAMES[0])


def test_a_build_task_run_twice_gives_the_same_files(client, archive, home):
    version = str(databuild.current_version())
    datatasks.build_downloads.enqueue(version)
    datatasks.build_downloads.enqueue(version)  # e.g. two pages asking at the same instant
    run_worker()
    first, second = (t.return_value for t in build_tasks())
    assert first == second and first["version"] == version
    assert len([p for p in (home / "exports").iterdir() if not p.name.startswith(".")]) == 1


def test_a_worker_killed_mid_build_leaves_the_last_build_served_and_the_retry_starts_clean(
    client, archive, home
):
    run_worker_after_a_view(client)
    before = databuild.latest_build()
    archive.status = Status.PUBLISHED
    archive.save()
    client.get("/data")  # queues the rebuild, which a worker takes and dies in
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        status=TaskResultStatus.RUNNING, worker_ids=["gone-1234"], started_at=timezone.now()
    )
    scratch = home / "exports" / f"{databuild.SCRATCH_PREFIX}killed"
    scratch.mkdir()
    (scratch / NAMES[0]).write_text('{"half a line', encoding="utf-8")
    response = client.get("/data")
    assert f"version {before.version}" in response.content.decode()
    assert PLANTED.encode() not in fetch(client, NAMES[0])
    assert queued() == []  # the running one covers this version: no second task
    run_worker()  # a new worker puts the dead one's task back and runs it
    assert not scratch.exists()
    assert databuild.latest_build().version == databuild.current_version()
    assert PLANTED.encode() in fetch(client, NAMES[0])


def test_unknown_download_is_not_found(client, archive):
    assert client.get("/data/secrets.txt").status_code == 404
    assert client.get("/data/..%2Freadingroom.sqlite3").status_code == 404
    assert client.get("/data/build.json").status_code == 404


# The whole path with real processes: a server queues, a separate `readingroom worker` builds.

CLI = Path(sys.executable).with_name("readingroom")
TASKS_TABLE = DBTaskResult._meta.db_table


@dataclass
class Site:
    base: str
    home: Path
    env: dict[str, str]
    url: str | None

    def get(self, path: str, host: str = "localhost:1") -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, headers={"Host": host})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def build_task_statuses(self) -> list[str]:
        query = f"SELECT status FROM {TASKS_TABLE} WHERE task_path = %s ORDER BY enqueued_at"
        path = datatasks.build_downloads.module_path
        if self.url:
            with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as c:
                return [row[0] for row in c.execute(query, (path,))]
        with closing(sqlite3.connect(self.home / "readingroom.sqlite3")) as c:
            return [row[0] for row in c.execute(query.replace("%s", "?"), (path,))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(site: Site) -> bool:
    try:
        return site.get("/robots.txt", host="127.0.0.1")[0] == 200
    except urllib.error.URLError:  # the port is not open yet
        return False


@pytest.fixture
def site(tmp_path, seed_paths, database_url):
    """`readingroom serve` on an archive of the seeds, its site address set."""
    env = dict(os.environ, READINGROOM_HOME=str(tmp_path / "home"), READINGROOM_SITE_URL=SITE)
    env["READINGROOM_INDEX_DIR"] = str(tmp_path / "index")
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    for argv in (["init"], ["import", *map(str, seed_paths)]):
        subprocess.run([str(CLI), *argv], env=env, check=True, capture_output=True)
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [str(CLI), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    found = Site(f"http://127.0.0.1:{port}", tmp_path / "home", env, database_url)
    try:
        deadline = time.monotonic() + 120  # a bound on waiting for the port, not a race
        while not answers(found):
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.2)
        yield found
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def test_a_real_worker_builds_what_the_server_queued_with_links_from_the_site_address(site):
    for _ in range(3):  # the first views after the import, one with a hostile Host header
        status, body = site.get("/data")
        assert status == 200
        assert b'href="/data/readingroom-public' not in body
        assert b"No build of the downloads exists yet" in body
    assert not (site.home / "exports").exists()  # nothing built by the server
    assert site.build_task_statuses() == ["READY"]
    worker = [str(CLI), "worker", "--batch", "--no-startup-delay"]
    subprocess.run(worker, env=site.env, check=True, capture_output=True, timeout=600)
    assert site.build_task_statuses() == ["SUCCESSFUL"]
    status, body = site.get("/data")
    page = html.fromstring(body)
    assert page.xpath("//ul[@class='downloads']/li/a/@href") == [f"/data/{n}" for n in NAMES]
    assert page.xpath("//p[@class='build']/data/@value")[0] == "2"  # both seeds, published
    status, body = site.get(f"/data/{NAMES[3]}")
    assert status == 200
    for member, tei in contents(NAMES[3], body).items():
        assert b"localhost:1" not in tei, member
        assert f"{SITE}/documents/{member.removesuffix('.xml')}".encode() in tei, member
    assert site.build_task_statuses() == ["SUCCESSFUL"]  # up to date: nothing more queued
