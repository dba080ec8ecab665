"""Server time of /documents/ (all documents, dated first, a page at a time from a cursor)
as the archive grows: p50 and p95 of its first page, pages further on, the undated tail,
a page back, and one collection's pages.

    .venv/bin/python bench/doclist.py --home DIR --copies 1 10 100

DIR is a demo home (`make run`'s: the seeds and the three demo FRUS volumes). For each
number of copies, a copy of its database gets that many copies of every document row (with
its collections and types; new ids and identifiers, dates kept), so the list is that many
times longer; the page cache is off, so every request runs the view. Nothing is written to DIR.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STEP = 10_000_000  # id offset of each copy


def grow(database: Path, copies: int) -> None:
    """Copy every document row (and its collection and type links) `copies - 1` times."""
    db = sqlite3.connect(database)
    columns = [row[1] for row in db.execute("PRAGMA table_info(records_document)")]
    rest = [c for c in columns if c not in ("id", "identifier")]
    names = ", ".join(rest)
    for n in range(1, copies):
        offset = n * STEP
        db.execute(
            f"INSERT INTO records_document (id, identifier, {names}) "
            f"SELECT id + {offset}, identifier || '-c{n}', {names} FROM records_document "
            f"WHERE id < {STEP}"
        )
        for table, other in (("collections", "collection_id"), ("types", "documenttype_id")):
            db.execute(
                f"INSERT INTO records_document_{table} (document_id, {other}) "
                f"SELECT document_id + {offset}, {other} FROM records_document_{table} "
                f"WHERE document_id < {STEP}"
            )
    db.commit()
    db.close()


def urls() -> list[tuple[str, str]]:
    """(what, URL): the pages timed, cursors taken from the list itself."""
    from readingroom.records.models import Collection, Document

    public = Document.objects.public()
    dated = public.exclude(date_start=None).order_by("date_start", "pk")
    total = dated.count()
    middle = dated[total // 2].identifier
    undated = public.filter(date_start=None).order_by("pk").first()
    volume = Collection.objects.order_by("key").first()
    own = dated.filter(collections=volume)
    inside = own[own.count() // 2].identifier
    return [
        ("first page", "/documents/"),
        ("a middle page", f"/documents/?after={middle}"),
        ("a page back", f"/documents/?before={middle}"),
        ("undated tail", f"/documents/?after={undated.identifier}" if undated else "/documents/"),
        ("one collection", f"/documents/?collection={volume.key}"),
        ("its middle", f"/documents/?collection={volume.key}&after={inside}"),
    ]


def timed(client, url: str, rounds: int) -> list[float]:
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times


def run(home: Path, rounds: int) -> None:
    """Time each page in a child process: Django is set up once per home."""
    os.environ["READINGROOM_HOME"] = str(home)
    os.environ["READINGROOM_PAGE_CACHE"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.test import Client

    from readingroom.records.models import Document

    client = Client()
    print(f"{Document.objects.public().count():,} public documents")
    for what, url in urls():
        times = timed(client, url, rounds)
        p50 = statistics.median(times)
        p95 = statistics.quantiles(times, n=100, method="inclusive")[94]
        print(f"  {what:<15} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run(args.home, args.rounds)
        return
    for copies in args.copies:
        work = Path(tempfile.mkdtemp(prefix="rr-bench-doclist-"))
        try:
            shutil.copy(args.home / "readingroom.sqlite3", work / "readingroom.sqlite3")
            grow(work / "readingroom.sqlite3", copies)
            print(f"× {copies}: ", end="", flush=True)
            os.spawnv(
                os.P_WAIT,
                sys.executable,
                [
                    sys.executable,
                    __file__,
                    "--child",
                    "--home",
                    str(work),
                    "--rounds",
                    str(args.rounds),
                ],
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
