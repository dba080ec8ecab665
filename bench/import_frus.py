"""Import all FRUS volumes into a fresh archive and print documents/s, MB/s and peak memory.

    .venv/bin/python bench/import_frus.py [--volumes DIR] [--database-url postgres://…]

Runs in a new READINGROOM_HOME (a temporary directory) so nothing of yours is touched; the time
covers parsing, storing (with revisions and change log) and indexing for search.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volumes", type=Path, default=REPO.parent / "shared" / "data" / "frus")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    paths = sorted(args.volumes.glob("*.xml"))
    if not paths:
        sys.exit(f"no FRUS volumes in {args.volumes}")
    home = tempfile.mkdtemp(prefix="readingroom-bench-")
    os.environ["READINGROOM_HOME"] = home
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from readingroom.ingest.runner import import_paths
    from readingroom.search.sync import sync_index

    call_command("init", verbosity=0)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    started = time.perf_counter()
    report = import_paths(paths)
    stored = time.perf_counter()
    indexed = sync_index()
    finished = time.perf_counter()
    documents = sum(report.counts.values())
    total = finished - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"volumes          {len(paths)} ({megabytes:.1f} MB of XML)")
    for line in report.lines():  # rejected files and warnings, as `readingroom import` prints them
        print(line, file=sys.stderr)
    print(f"outcome          {report.summary()}")
    print(f"store            {stored - started:.2f} s")
    print(f"index            {finished - stored:.2f} s ({indexed} documents)")
    print(f"total            {total:.2f} s")
    print(f"documents/s      {documents / total:,.0f}")
    print(f"MB/s of XML      {megabytes / total:.2f}")
    print(f"peak memory      {peak_mb:,.0f} MB (resident)")


if __name__ == "__main__":
    main()
