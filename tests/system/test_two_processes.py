"""A change saved by one process shows in another process's results.

The follow interval is 0.1 s; the bound checked here is generous (a busy machine must not
fail the test) and the time seen is printed: `tests/system/test_cluster.py` holds the
deployment to its 2 s.

Each process keeps its own local index and follows the database's change log. Under the
PostgreSQL run both processes use a fresh database on the throwaway server; under the SQLite
run they share one database file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).with_name("readingroom")
PLANTED = "zephyrquillon"


def env_for(tmp_path: Path, url: str | None, node: str) -> dict[str, str]:
    env = dict(os.environ, READINGROOM_HOME=str(tmp_path / "home"))
    env["READINGROOM_INDEX_DIR"] = str(tmp_path / f"index-{node}")
    env.pop("DATABASE_URL", None)
    if url:
        env["DATABASE_URL"] = url
    return env


@pytest.mark.postgres
def test_change_in_one_process_reaches_another(tmp_path, database_url, seed_paths):
    writer = env_for(tmp_path, database_url, "a")
    subprocess.run([str(CLI), "init"], env=writer, check=True, capture_output=True)
    paths = [str(p) for p in seed_paths]
    subprocess.run([str(CLI), "import", *paths], env=writer, check=True, capture_output=True)

    reader = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "search_worker.py")],
        env=env_for(tmp_path, database_url, "b"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def total(query: str) -> int:
        reader.stdin.write(query + "\n")
        reader.stdin.flush()
        return json.loads(reader.stdout.readline())["total"]

    try:
        assert total("Hoxha") == 2  # the reader built its index from the database
        assert total(PLANTED) == 0
        changed = tmp_path / seed_paths[0].name
        text = seed_paths[0].read_text(encoding="utf-8")
        changed.write_text(text.replace("small Albania", f"small {PLANTED} Albania"), "utf-8")
        subprocess.run(
            [str(CLI), "import", str(changed)], env=writer, check=True, capture_output=True
        )
        committed = time.monotonic()
        while total(PLANTED) == 0:
            assert time.monotonic() - committed < 30.0, "never visible in the other process"
            time.sleep(0.02)
        print(f"visible in the other process after {time.monotonic() - committed:.3f} s")
    finally:
        reader.stdin.close()
        reader.wait(timeout=10)
