"""`make run` on the embedded default serves both seed documents over HTTP.

`make run` also imports the demo FRUS volumes from ../shared/data/frus when they are there,
hence the `frus` marker.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"make run exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {seconds} s")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read().decode()


@pytest.mark.frus
def test_make_run_serves_the_seed_documents(tmp_path):
    port = free_port()
    env = dict(os.environ, READINGROOM_HOME=str(tmp_path / "home"))
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/", proc)
        home = fetch(base + "/")
        for title in (
            "Report on a Meeting between Enver Hoxha and Li Byeongchan",
            "Notes taken during a Meeting between Enver Hoxha and Choe Yong-geon",
        ):
            assert title in home
        for stem in ("000_1068440e2b6c39f3", "001_3f704298176807c3"):
            page = fetch(f"{base}/documents/seed-{stem}/")
            assert "Comrade Enver Hoxha" in page
        assert (tmp_path / "home" / "readingroom.sqlite3").exists()
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)
