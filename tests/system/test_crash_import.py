"""An import killed with SIGKILL mid-write never leaves a broken or half-written archive.

A child process imports a FRUS volume into a fresh archive and is killed twenty times, each time
inside a write transaction that has put a given amount into the database's write-ahead log (from
nothing to about half of what the volume writes). The moment is found by watching the database,
never the clock, so a busy machine only makes the test slower. After each kill the SQLite file
passes its integrity check and every stored document is complete (its blocks and its one
revision are there); re-running the import then creates exactly the documents that were
missing, with no duplicates.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.frus_data import volume_path

CLI = Path(sys.executable).with_name("readingroom")
KILLS = 20
VOLUME = "frus1964-68v17"  # 2.8 MB of TEI; its import writes over 5 MB to the log
DOCUMENTS = 211
# Kill n inside a write transaction once the log holds LOGGED[n] bytes (0: the first write).
LOGGED = [n * 128 * 1024 for n in range(KILLS)]
# A bound on waiting for the child to get there, for a machine however busy.
PATIENCE = 600


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


def writing(con: sqlite3.Connection) -> bool:
    """Whether another process holds the write lock, i.e. is inside a write transaction."""
    try:
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error), error
        return True
    con.execute("ROLLBACK")
    return False


def logged(db: Path) -> int:
    """Bytes in the write-ahead log: it only grows while the import writes."""
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def stop(child: subprocess.Popen) -> bool:
    """SIGSTOP the child and wait until it has stopped; False if it ended first."""
    child.send_signal(signal.SIGSTOP)
    _, status = os.waitpid(child.pid, os.WUNTRACED)
    if os.WIFSTOPPED(status):
        return True
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so tell Popen
    return False


def stored_if_writing(con: sqlite3.Connection) -> int | None:
    """The documents committed, if another process is inside a write transaction; else None."""
    try:
        if writing(con):
            return con.execute("SELECT count(*) FROM records_document").fetchone()[0]
    except sqlite3.OperationalError:  # caught mid-commit, holding a lock readers wait for
        pass
    return None


def kill_while_writing(child: subprocess.Popen, db: Path, target: int) -> tuple[int, int]:
    """SIGKILL the child inside a write transaction once `target` bytes are in the log.

    The child is stopped before it is looked at closely, so what is seen (a write under way,
    the documents committed, the log's size) is still true when it is killed. Returns the
    documents committed and the bytes logged.
    """
    deadline = time.monotonic() + PATIENCE
    with closing(sqlite3.connect(db, timeout=0, isolation_level=None)) as con:
        while child.poll() is None and time.monotonic() < deadline:
            if logged(db) >= target and writing(con) and stop(child):
                stored, size = stored_if_writing(con), logged(db)
                if stored is not None:
                    child.send_signal(signal.SIGKILL)
                    child.wait()
                    return stored, size
                child.send_signal(signal.SIGCONT)
            time.sleep(0.002)  # the interval between looks at the database, not a timing
    child.kill()
    child.wait()
    raise AssertionError(f"the import was never seen writing with {target} bytes in the log")


@pytest.mark.frus
def test_killed_imports_leave_a_whole_archive(tmp_path):
    template = tmp_path / "template"
    env = dict(os.environ, READINGROOM_HOME=str(template))
    env.pop("DATABASE_URL", None)
    subprocess.run([str(CLI), "init"], env=env, check=True, capture_output=True)
    with sqlite3.connect(template / "readingroom.sqlite3") as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert logged(template / "readingroom.sqlite3") == 0
    path = str(volume_path(VOLUME))
    kills = []
    for n, target in enumerate(LOGGED):
        env = fresh_home(template, tmp_path / f"home{n}")
        db = Path(env["READINGROOM_HOME"]) / "readingroom.sqlite3"
        child = subprocess.Popen(
            [str(CLI), "import", path],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        stored, size = kill_while_writing(child, db, target)
        assert size >= target
        kills.append((size, stored))
        assert check(db) == stored, "what was committed when killed is what the archive holds"
        done = subprocess.run([str(CLI), "import", path], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert check(db) == DOCUMENTS
        assert f"{DOCUMENTS - stored} created" in done.stdout
    print("killed at (bytes logged, documents committed):", kills)
