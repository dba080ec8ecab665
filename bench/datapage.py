"""The Data page right after a change, while its rebuild waits in the queue: time per view.

    .venv/bin/python bench/datapage.py [--volume frus1958-60v19] [--views 20]

A fresh home (the seeds and one FRUS volume) served by `readingroom serve`; the downloads are
built once by `readingroom worker --batch`; then one record is changed by an import and the
page is read `--views` times over HTTP, with no worker running, so every view finds the
archive newer than its build and the rebuild queued.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from api import REPO, build_home, cli, serve


def view(port: int) -> tuple[float, str]:
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/data", timeout=60) as answer:
        body = answer.read().decode()
    return (time.perf_counter() - started) * 1000, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volume", default="frus1958-60v19")
    parser.add_argument("--views", type=int, default=20)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="rr-bench-data-"))
    env = build_home(workdir / "home", args.volume)
    port, server = serve(env, 2, 4, workdir)
    try:
        view(port)  # queues the first build
        started = time.perf_counter()
        worker = [cli(), "worker", "--batch", "--no-startup-delay"]
        subprocess.run(worker, env=env, check=True, capture_output=True)
        print(f"first build by the worker: {time.perf_counter() - started:.1f} s")
        seed = sorted((REPO / "sample_data" / "seeds").glob("*.txt"))[0]
        changed = workdir / seed.name
        changed.write_text(seed.read_text("utf-8").replace("small Albania", "small Albania."))
        subprocess.run([cli(), "import", str(changed)], env=env, check=True, capture_output=True)
        times, bodies = zip(*(view(port) for _ in range(args.views)), strict=True)
        assert all("being prepared" in b for b in bodies), "the page did not see the change"
        print(
            f"/data after a change, rebuild queued: {args.views} views, p50 "
            f"{statistics.median(times):.1f} ms, max {max(times):.1f} ms"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
