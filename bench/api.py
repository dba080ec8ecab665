"""Throughput and latency of pages and API over loopback, by server processes: req/s, p50, p95.

    .venv/bin/python bench/api.py [--workers 1,2] [--clients 20,50] [--seconds 10]
                                  [--volume frus1958-60v19]

Builds a fresh READINGROOM_HOME in a temporary directory (the seeds and one FRUS volume),
then for each `--workers` count starts `readingroom serve --workers N` on a free port and
loads each page type and API endpoint in turn from a second process, at each `--clients`
count: the search, document, person, network and home pages, and the API's search, list and
document, over a fixed list of queries, the first 2,000 public documents and the first 100
people. The load generator is this script with `--client`: N threads, each with its
own keep-alive HTTP/1.1 connection, sending requests back to back for the given time after a
short warm-up. Every answer must be a 200 (errors are counted).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
FRUS = REPO.parent / "shared" / "data" / "frus"
QUERIES = [
    "Choe Yong Gon",
    "Kim Il Sung",
    "Khrushchev",
    '"nuclear weapons"',
    "Taiwan Strait",
    "speaker:Hoxha",
    "Quemoy OR Matsu",
    "ambassad*",
    "Berlin NOT Korea",
    "type:Telegram",
]


# The load generator (runs in its own process) ------------------------------------------


def client_thread(port: int, paths: list[str], offset: int, until: float, out: list) -> None:
    """Requests back to back on one connection until `until`; appends (ms, status)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = offset
    while time.perf_counter() < until:
        start = time.perf_counter()
        conn.request("GET", paths[i % len(paths)])
        response = conn.getresponse()
        response.read()
        out.append(((time.perf_counter() - start) * 1000, response.status))
        i += 1
    conn.close()


def run_load(port: int, paths: list[str], clients: int, seconds: float) -> dict:
    """`clients` threads for `seconds`; the figures as a dict."""
    results: list[list] = [[] for _ in range(clients)]
    until = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=client_thread, args=(port, paths, n * 7, until, results[n]))
        for n in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    samples = [s for r in results for s in r]
    times = [ms for ms, _ in samples]
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {
        "requests": len(samples),
        "errors": sum(1 for _, status in samples if status != 200),
        "rps": len(samples) / elapsed,
        "p50": cuts[49],
        "p95": cuts[94],
    }


def client_main(args: argparse.Namespace) -> None:
    paths = json.loads(Path(args.paths).read_text())
    clients = int(args.clients)
    run_load(args.port, paths, clients, min(2.0, args.seconds))  # warm-up
    print(json.dumps(run_load(args.port, paths, clients, args.seconds)))


# The driver: a fresh home, the server, one client process per endpoint ------------------


def cli() -> str:
    return str(Path(sys.executable).parent / "readingroom")


def build_home(home: Path, volume: str) -> dict[str, str]:
    env = dict(os.environ, READINGROOM_HOME=str(home))
    env.pop("DATABASE_URL", None)
    seeds = sorted(str(p) for p in (REPO / "sample_data" / "seeds").glob("*.txt"))
    subprocess.run([cli(), "init"], env=env, check=True, capture_output=True)
    paths = [*seeds, str(FRUS / f"{volume}.xml")]
    subprocess.run([cli(), "import", *paths], env=env, check=True, capture_output=True)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(port: int, path: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return json.load(response)


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise RuntimeError("readingroom serve exited")
        try:
            get_json(port, "/api/v1/collections")
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("readingroom serve did not answer")


def document_paths(port: int, most: int = 2000) -> list[str]:
    """Public documents' detail URLs (the first `most`), listed through the API itself."""
    paths, token = [], None
    while True:
        query = {"limit": 100, **({"cursor": token} if token else {})}
        page = get_json(port, f"/api/v1/documents?{urlencode(query)}")
        paths += [f"/api/v1/documents/{item['identifier']}" for item in page["items"]]
        token = page["next_cursor"]
        if not token or len(paths) >= most:
            return paths


def load(port: int, paths: list[str], clients: int, seconds: float, workdir: Path) -> dict:
    """One client process (this script with --client) against `paths`."""
    listing = workdir / "paths.json"
    listing.write_text(json.dumps(paths))
    command = [sys.executable, __file__, "--client", "--port", str(port), "--paths", str(listing)]
    command += ["--clients", str(clients), "--seconds", str(seconds)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def person_paths(port: int) -> list[str]:
    """The first hundred public people's pages, listed through the API itself."""
    page = get_json(port, "/api/v1/persons?limit=100")
    return [f"/people/{item['slug']}/" for item in page["items"]]


def endpoints(port: int) -> dict[str, list[str]]:
    documents = document_paths(port)
    searches = [urlencode({"q": q}) for q in QUERIES]
    return {
        "search page": [f"/search?{q}" for q in searches],
        "document page": [p.replace("/api/v1/documents/", "/documents/") + "/" for p in documents],
        "person page": person_paths(port),
        "network page": ["/network/", "/network/?from=1959&to=1964"],
        "home page": ["/"],
        "API search": [f"/api/v1/search?{q}" for q in searches],
        "API list": [f"/api/v1/documents?{q}" for q in searches],
        "API document": documents,
    }


def serve(env: dict[str, str], workers: int, threads: int, workdir: Path):
    port = free_port()
    command = [cli(), "serve", "--port", str(port), "--workers", str(workers)]
    command += ["--threads", str(threads)]
    log = (workdir / f"serve-{workers}.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    wait_until_up(port, server)
    while get_json(port, "/api/v1/search?q=Hoxha").get("rebuilding"):
        time.sleep(0.1)  # the index is built before the clock starts
    return port, server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2", help="server processes, comma-separated")
    parser.add_argument("--clients", default="20,50", help="concurrent clients, comma-separated")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=4, help="threads per server process")
    parser.add_argument("--volume", default="frus1958-60v19", help="the FRUS volume to load")
    parser.add_argument("--home", type=Path, help="serve an existing home instead of a new one")
    parser.add_argument("--no-cache", action="store_true", help="turn the page cache off")
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--paths", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client_main(args)
        return
    workdir = Path(tempfile.mkdtemp(prefix="rr-bench-api-"))
    if args.home:
        env = dict(os.environ, READINGROOM_HOME=str(args.home.resolve()))
        env.pop("DATABASE_URL", None)
    else:
        env = build_home(workdir / "home", args.volume)
    if args.no_cache:
        env["READINGROOM_PAGE_CACHE"] = ""
    served = args.home or f"seeds + {args.volume}"
    print(f"{served}; {args.threads} threads per server process; clients in a")
    print(f"second process, keep-alive, {args.seconds:.0f} s per row after a warm-up")
    heads = ("clients", "requests", "errors", "req/s", "p50 ms", "p95 ms")
    print(f"{'workers':>7} {'endpoint':<14} " + " ".join(f"{h:>8}" for h in heads))
    for workers in (int(w) for w in args.workers.split(",")):
        port, server = serve(env, workers, args.threads, workdir)
        try:
            for name, paths in endpoints(port).items():
                for clients in (int(c) for c in args.clients.split(",")):
                    r = load(port, paths, clients, args.seconds, workdir)
                    print(
                        f"{workers:>7} {name:<14} {clients:>8} {r['requests']:>8} "
                        f"{r['errors']:>8} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f}"
                    )
            print(f"{workers:>7} memory: {resident(server.pid)} (resident, per server process)")
        finally:
            server.terminate()
            server.wait(timeout=30)


def resident(master: int) -> str:
    """Resident memory of gunicorn's worker processes (children of `master`), in MB."""
    done = subprocess.run(
        ["ps", "--ppid", str(master), "-o", "rss="], capture_output=True, text=True, check=True
    )
    sizes = [int(line) / 1024 for line in done.stdout.split()]
    return ", ".join(f"{size:.0f} MB" for size in sizes)


if __name__ == "__main__":
    main()
