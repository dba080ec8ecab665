"""An import killed with SIGKILL at random moments never leaves a broken or half-written archive.

A child process imports a FRUS volume into a fresh archive and is killed at a random moment,
twenty times. After each kill the SQLite file passes its integrity check and every stored
document is complete (its blocks and its one revision are there); re-running the import then
creates exactly the documents that were missing, with no duplicates.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.frus_data import volume_path

CLI = Path(sys.executable).with_name("readingroom")
KILLS = 20
VOLUME = "frus1964-68v17"
DOCUMENTS = 211


def check(db: Path) -> int:
    """The archive is whole: integrity, no duplicates, no document without its content."""
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        docs = con.execute("SELECT count(*), count(DISTINCT identifier) FROM records_document")
        total, distinct = docs.fetchone()
        assert total == distinct
        bare = con.execute(
            "SELECT count(*) FROM records_document d WHERE NOT EXISTS "
            "(SELECT 1 FROM records_block b WHERE b.document_id = d.id)"
        ).fetchone()[0]
        assert bare == 0, "a document was stored without its text"
        revisions = con.execute(
            "SELECT count(*) FROM records_document d WHERE "
            "(SELECT count(*) FROM records_revision r WHERE r.document_id = d.id) != 1"
        ).fetchone()[0]
        assert revisions == 0, "a document without exactly one revision"
        return total


def fresh_home(template: Path, target: Path) -> dict[str, str]:
    shutil.copytree(template, target)
    env = dict(os.environ, READINGROOM_HOME=str(target))
    env.pop("DATABASE_URL", None)
    return env


@pytest.mark.frus
def test_killed_imports_leave_a_whole_archive(tmp_path):
    template = tmp_path / "template"
    env = dict(os.environ, READINGROOM_HOME=str(template))
    env.pop("DATABASE_URL", None)
    subprocess.run([str(CLI), "init"], env=env, check=True, capture_output=True)
    with sqlite3.connect(template / "readingroom.sqlite3") as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = str(volume_path(VOLUME))
    rng = random.Random(1959)
    stored = []
    for n in range(KILLS):
        env = fresh_home(template, tmp_path / f"home{n}")
        db = Path(env["READINGROOM_HOME"]) / "readingroom.sqlite3"
        child = subprocess.Popen(
            [str(CLI), "import", path],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.6, 1.8))  # start-up ~0.7 s, then ~1 s of storing
        child.send_signal(signal.SIGKILL)
        child.wait()
        stored.append(check(db))
        done = subprocess.run([str(CLI), "import", path], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert check(db) == DOCUMENTS
        assert f"{DOCUMENTS - stored[-1]} created" in done.stdout
    print("documents stored when killed:", stored)
    assert len(set(stored)) >= 3, "the kills should land at different moments of the import"
