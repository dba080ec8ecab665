"""`readingroom serve` beside the command line: nobody locks anybody out, nothing answers 500.

One real server (gunicorn, two processes) on a home of its own; the command line imports and
reindexes while it runs, and the index directory is deleted under it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(REPO / "manage.py")]
PLANTED = "zephyrquillon"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def until(check, seconds: float = 120.0):
    """Poll `check` until it returns something true; fail after a generous bound."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    pytest.fail(f"not reached within {seconds} s")


@pytest.fixture
def home(tmp_path, seed_paths):
    env = dict(os.environ, READINGROOM_HOME=str(tmp_path / "home"))
    env.pop("DATABASE_URL", None)
    subprocess.run([*MANAGE, "init"], env=env, check=True, capture_output=True)
    paths = [str(p) for p in seed_paths]
    subprocess.run([*MANAGE, "import_records", *paths], env=env, check=True, capture_output=True)
    return env


@pytest.fixture
def server(home):
    port = free_port()
    process = subprocess.Popen(
        [*MANAGE, "serve", "--host", "0.0.0.0", "--port", str(port), "--workers", "2"],
        env=home,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return get(base + "/")[0] == 200
        except OSError:
            return False

    until(up)
    yield base, process
    process.terminate()
    process.wait(timeout=30)


def total(base: str, query: str) -> int | None:
    """Hits for `query`, or None while the server says its index is being rebuilt."""
    status, body = get(f"{base}/api/v1/search?q={query}")
    assert status == 200, body[:300]
    page = json.loads(body)
    return None if page.get("rebuilding") else page["total"]


def test_the_command_line_writes_while_the_server_serves(home, server, seed_paths, tmp_path):
    base, _ = server
    assert until(lambda: total(base, "Hoxha")) == 2  # the server applied the log itself
    changed = tmp_path / seed_paths[0].name
    text = seed_paths[0].read_text(encoding="utf-8")
    changed.write_text(text.replace("small Albania", f"small {PLANTED} Albania"), "utf-8")
    for command in (["import_records", str(changed)], ["reindex"]):
        done = subprocess.run([*MANAGE, *command], env=home, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "LockBusy" not in done.stderr
    assert until(lambda: total(base, PLANTED)) == 1


def test_a_deleted_index_is_rebuilt_while_serving_never_500(home, server):
    base, _ = server
    assert until(lambda: total(base, "Hoxha")) == 2
    shutil.rmtree(Path(home["READINGROOM_HOME"]) / "index")
    assert until(lambda: total(base, "Hoxha")) == 2  # every answer on the way was a 200


def test_serving_beyond_loopback_without_secure_settings_warns(server):
    _, process = server
    process.terminate()
    _, errors = process.communicate(timeout=30)
    assert "without READINGROOM_SECURE=1" in errors
