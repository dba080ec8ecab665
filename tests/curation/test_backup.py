"""`readingroom backup` then `restore` brings back every record and every file, exactly.

Under the SQLite run the archive is a database file in READINGROOM_HOME; under the
PostgreSQL run it is a fresh database of this test's own on the throwaway server.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

CLI = Path(sys.executable).with_name("readingroom")
PDF = b"%PDF-1.4\n" + b"round trip " * 500 + b"\n%%EOF\n"

SNAPSHOTS = """
import json
from readingroom.records.models import Document
from readingroom.records.serialize import document_snapshot
docs = Document.objects.order_by("identifier")
print(json.dumps({d.identifier: document_snapshot(d) for d in docs}, default=str))
"""

ROOT = Path(__file__).resolve().parents[2]
ATTACH = """
import sys
sys.path.insert(0, {root!r})
from readingroom.records.models import Document
from tests.builders import attachment
data = open({path!r}, "rb").read()
attachment(Document.objects.order_by("identifier").first(), data, "scan.pdf")
"""


def admin_url(server: str) -> str:
    return server.replace("postgres://", "postgresql://")


def recreate(server: str, name: str) -> None:
    with psycopg.connect(admin_url(server), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(CLI), *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def file_checksums(home: Path) -> dict[str, str]:
    root = home / "files"
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def wipe(home: Path, url: str | None) -> None:
    shutil.rmtree(home)
    if url:
        server, name = url.rsplit("/", 1)
        recreate(server + "/postgres", name)


@pytest.mark.postgres
def test_backup_wipe_restore_gives_back_every_record_and_file(tmp_path, database_url, seed_paths):
    home = tmp_path / "home"
    env = dict(os.environ, READINGROOM_HOME=str(home), READINGROOM_INDEX_DIR=str(tmp_path / "ix"))
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    cli(env, "init")
    cli(env, "import", *map(str, seed_paths))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    cli(env, "shell", "--no-imports", "-c", ATTACH.format(path=str(scan), root=str(ROOT)))
    before = json.loads(cli(env, "shell", "--no-imports", "-c", SNAPSHOTS))
    files_before = file_checksums(home)
    assert len(before) == 2 and len(files_before) == 1

    out = cli(env, "backup", str(tmp_path / "backup"))
    assert "1 files" in out
    wipe(home, database_url)
    out = cli(env, "restore", str(tmp_path / "backup"))
    assert "2 documents indexed" in out

    assert json.loads(cli(env, "shell", "--no-imports", "-c", SNAPSHOTS)) == before
    assert file_checksums(home) == files_before
    assert "1 files intact" in cli(env, "verify")
    assert "Hoxha" in cli(env, "search", "Hoxha")


def test_restore_refuses_a_damaged_backup(tmp_path, seed_paths):
    env = dict(os.environ, READINGROOM_HOME=str(tmp_path / "home"))
    env.pop("DATABASE_URL", None)
    env["READINGROOM_INDEX_DIR"] = str(tmp_path / "ix")
    cli(env, "init")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    cli(env, "import", *map(str, seed_paths))
    cli(env, "shell", "--no-imports", "-c", ATTACH.format(path=str(scan), root=str(ROOT)))
    cli(env, "backup", str(tmp_path / "backup"))
    stored = next(p for p in (tmp_path / "backup" / "files").rglob("*") if p.is_file())
    stored.write_bytes(stored.read_bytes()[:-1])
    done = subprocess.run(
        [str(CLI), "restore", "--replace", str(tmp_path / "backup")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "backup damaged" in done.stderr and stored.name in done.stderr
    assert file_checksums(tmp_path / "home") == {
        str(stored.relative_to(tmp_path / "backup" / "files")): hashlib.sha256(PDF).hexdigest()
    }
