"""IIIF tiles over loopback: every tile info.json lists, cold (cache empty) then warm; p50/p95.

    .venv/bin/python bench/iiif_tiles.py [--pages 20] [--workers 2] [--threads 4]

Draws `--pages` typescript-like page scans (2500 × 3300 px JPEG) into a temporary folder,
imports them as one record's scans into a fresh READINGROOM_HOME (`readingroom import` of a
JSON Lines file), starts `readingroom serve` on a free port of 127.0.0.1 (bench/api.py's
helpers), reads each page's info.json and requests every tile at every scale factor it lists
(512 px tiles, factors 1 to 8: 52 a page), one request after another on one keep-alive
connection, as a viewer zooming through the record would. The first pass renders every
derivative; the second is served from the disk cache. Every answer must be a 200 JPEG.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import subprocess
import tempfile
import time
from pathlib import Path

from api import cli, get_json, resident, serve
from pages import percentile
from PIL import Image, ImageDraw

PAGE = (2500, 3300)
LINE = "The delegation was received by Comrade Enver Hoxha at the Ministry of Foreign Affairs. "
RECORD = {  # a JSON Lines record as `readingroom export` writes it; the scans are added
    "identifier": "bench-scans",
    "title": "Synthetic scans",
    "collections": [],
    "date": {"text": "1959", "start": "1959-01-01", "end": "1959-12-31", "precision": "year"},
    "source": dict.fromkeys(["text", "archive", "archive_abbr", "fonds", "file", "volume"], ""),
    "record_id": "", "number": "", "summary": "", "rights": "", "classification": "",
    "types": [], "languages": [], "subjects": [], "funders": [], "places": [],
    "participants": [], "credits": [], "uploaded": None,
    "blocks": [{"kind": "paragraph", "text": "Comrade Enver Hoxha said that", "speaker": "",
                "n": "", "anchor": None, "annotations": [], "mentions": []}],
}  # fmt: skip


def draw_page(number: int, path: Path) -> None:
    """A page of typescript: a heading, lines of text, a stamp; 88% JPEG like a scanner's."""
    image = Image.new("RGB", PAGE, (246, 242, 230))
    draw = ImageDraw.Draw(image)
    draw.text((200, 150), f"PAGE {number}", fill="black", font_size=72)
    for y in range(320, PAGE[1] - 200, 44):
        draw.text((200, y), LINE * 2, fill=(30, 30, 30), font_size=30)
    draw.ellipse([1800, 2800, 2200, 3200], outline=(120, 20, 20), width=12)
    image.save(path, quality=88)


def scanned_record(source: Path, pages: int) -> Path:
    """A JSON Lines file of one record (`bench-scans`) with `pages` drawn scans beside it."""
    source.mkdir(exist_ok=True)
    for number in range(1, pages + 1):
        draw_page(number, source / f"p{number}.jpg")
    scans = [{"file": f"p{n}.jpg", "label": str(n)} for n in range(1, pages + 1)]
    (source / "record.jsonl").write_text(json.dumps({**RECORD, "scans": scans}) + "\n")
    return source / "record.jsonl"


def make_archive(workdir: Path, pages: int) -> dict[str, str]:
    """A fresh home holding one public record with `pages` scans; its environment."""
    record = scanned_record(workdir / "source", pages)
    env = dict(os.environ, READINGROOM_HOME=str(workdir / "home"))
    env.pop("DATABASE_URL", None)
    for command in (["init"], ["import", str(record)]):
        done = subprocess.run([cli(), *command], env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"readingroom {command[0]} failed: {done.stderr[-2000:]}")
    return env


def tile_paths(info: dict, base: str) -> list[tuple[int, str]]:
    """(scale factor, path) of every tile a viewer asks for: regions of tile × factor pixels,
    each at its size divided by the factor (rounded up), row by row."""
    width, height, found = info["width"], info["height"], []
    for spec in info["tiles"]:
        for factor in spec["scaleFactors"]:
            step = spec["width"] * factor
            for y in range(0, height, step):
                for x in range(0, width, step):
                    w, h = min(step, width - x), min(step, height - y)
                    size = f"{math.ceil(w / factor)},{math.ceil(h / factor)}"
                    found.append((factor, f"{base}/{x},{y},{w},{h}/{size}/0/default.jpg"))
    return found


def fetch_all(port: int, paths: list[tuple[int, str]]) -> dict[int, list[float]]:
    """Milliseconds per request, by scale factor; every answer a 200 JPEG."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    times: dict[int, list[float]] = {}
    try:
        for factor, path in paths:
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            times.setdefault(factor, []).append((time.perf_counter() - start) * 1000)
            if response.status != 200 or not body.startswith(b"\xff\xd8\xff"):
                raise RuntimeError(f"{path}: {response.status}")
    finally:
        conn.close()
    return times


def report(label: str, times: dict[int, list[float]]) -> None:
    everything = [ms for values in times.values() for ms in values]
    rows = [(f"x{factor}", times[factor]) for factor in sorted(times)] + [("all", everything)]
    for name, values in rows:
        p50, p95 = percentile(values, 50), percentile(values, 95)
        print(f"{label:<5} {name:>6} {len(values):>8} {p50:>8.1f} {p95:>8.1f} {max(values):>8.1f}")
    print(f"{label:<5} {'total':>6} {sum(everything) / 1000:>7.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20, help="page scans to import (1-200)")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per server process")
    args = parser.parse_args()
    if not 1 <= args.pages <= 200:
        parser.error("--pages: from 1 to 200")
    workdir = Path(tempfile.mkdtemp(prefix="rr-bench-iiif-"))
    started = time.perf_counter()
    env = make_archive(workdir, args.pages)
    print(f"{args.pages} pages of {PAGE[0]} × {PAGE[1]} px imported in ", end="")
    print(f"{time.perf_counter() - started:.1f} s; home {workdir / 'home'}")
    port, server = serve(env, args.workers, args.threads, workdir)
    try:
        paths = []
        for page in range(1, args.pages + 1):
            base = f"/iiif/bench-scans/{page}"
            paths += tile_paths(get_json(port, f"{base}/info.json"), base)
        print(f"{len(paths)} tiles; one client, keep-alive; {args.workers} workers × ", end="")
        print(f"{args.threads} threads")
        print(f"{'pass':<5} {'scale':>6} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        report("cold", fetch_all(port, paths))
        report("warm", fetch_all(port, paths))
        print(f"server memory: {resident(server.pid)} (resident, per server process)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
