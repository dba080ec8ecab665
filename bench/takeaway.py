"""Server time and database queries of a result list taken away: the four downloads (up to
the cap of 1,000 documents) and the Atom feed, on the FRUS demo data.

    .venv/bin/python bench/takeaway.py                 # builds a fresh demo home in a temp dir
    .venv/bin/python bench/takeaway.py --home var      # measures an existing home as it is

Times are Django's full request handling in-process (no network); none of these answers is
kept by the page cache. The query count shows that a list is read in bulk: it must not grow
with the number of documents the list holds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
LISTS = {
    "everything": {},
    "Khrushchev": {"q": "Khrushchev", "sort": "date_asc"},
    "a person": {"person": "Dean Rusk", "sort": "date_asc"},
    "a word, by relevance": {"q": "Korea"},
}
URLS = [f"/search/export.{ext}" for ext in ("csv", "ris", "bib", "csl.json")]
URLS.append("/search/feed.atom")


def measure(client, url: str, rounds: int) -> tuple[float, int, int, int]:
    """(median ms, queries, documents, bytes) of one address."""
    from django.db import connection

    queries = []  # counted by a wrapper: a request resets Django's own query log

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, url
    count = int(response.get("X-Result-Count", response.content.count(b"<entry>")))
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(queries), count, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an existing READINGROOM_HOME to measure")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="rr-bench-takeaway-"))
    if args.home is None:
        sys.path.insert(0, str(REPO / "bench"))
        from pages import build_home

        build_home(home)
    os.environ["READINGROOM_HOME"] = str(home.resolve())
    os.environ["READINGROOM_PAGE_CACHE"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.test import Client

    from readingroom.records.models import Document

    client = Client()
    print(f"home {home} — {Document.objects.public().count()} public documents")
    print(f"{'list':<22} {'address':<24} {'docs':>5} {'KB':>6} {'queries':>7} {'ms (median)':>11}")
    for name, params in LISTS.items():
        for url in URLS:
            query = "?" + urlencode(params) if params else ""
            ms, queries, docs, size = measure(client, url + query, args.rounds)
            print(f"{name:<22} {url:<24} {docs:>5} {size / 1024:>6.0f} {queries:>7} {ms:>11.0f}")


if __name__ == "__main__":
    main()
