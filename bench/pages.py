"""Server time of the reading room's pages on the FRUS demo data: p50 and p95 per page type.

    .venv/bin/python bench/pages.py                 # builds a fresh demo home in a temp dir
    .venv/bin/python bench/pages.py --home var      # measures an existing home as it is

Times are Django's full request handling in-process (URL routing, views, database, search,
templates), without the network. Each page type is requested over a sample of records and
queries, after one warm-up pass. Targets: document page p50 <= 30 ms, search page p50 <= 60 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FRUS = REPO.parent / "shared" / "data" / "frus"
DEMO = ["frus1964-68v29p1.xml", "frus1958-60v19.xml", "frus1961-63v05.xml"]
QUERIES = [
    "Choe Yong Gon",
    "Kim Il Sung",
    "Khrushchev",
    '"nuclear weapons"',
    "Taiwan Strait",
    "speaker:Hoxha",
    "person:Dulles",
    "type:Telegram AND date:1959",
    "Quemoy OR Matsu",
    "Pueblo",
    "ambassad*",
    "Berlin NOT Korea",
]
TARGETS = {"document": 30.0, "search": 60.0}


def build_home(home: Path) -> None:
    """A demo home like `make run`'s: the seeds and the three demo FRUS volumes."""
    env = dict(os.environ, READINGROOM_HOME=str(home))
    env.pop("DATABASE_URL", None)
    cli = str(Path(sys.executable).parent / "readingroom")
    seeds = sorted(str(p) for p in (REPO / "sample_data" / "seeds").glob("*.txt"))
    volumes = [str(FRUS / name) for name in DEMO if (FRUS / name).exists()]
    subprocess.run([cli, "init"], env=env, check=True, capture_output=True)
    subprocess.run([cli, "import", *seeds, *volumes], env=env, check=True, capture_output=True)


def sample_urls(rng: random.Random) -> dict[str, list[str]]:
    from urllib.parse import urlencode

    from readingroom.authorities.models import Person
    from readingroom.records.models import Document

    docs = list(Document.objects.public().values_list("identifier", flat=True))
    people = list(
        Person.objects.filter(mentions__isnull=False).distinct().values_list("slug", flat=True)
    )
    return {
        "home": ["/"],
        "search": [f"/search?{urlencode({'q': q})}" for q in QUERIES],
        "document": [f"/documents/{i}/" for i in rng.sample(docs, min(60, len(docs)))],
        "person": [f"/people/{s}/" for s in rng.sample(people, min(40, len(people)))],
        "network": ["/network/", "/network/?from=1959&to=1964"],
    }


def measure(client, urls: list[str], rounds: int) -> list[float]:
    """Milliseconds per request, every URL requested ``rounds`` times after one warm-up."""
    for url in urls:
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(rounds):
        for url in urls:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url
    return times


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an existing READINGROOM_HOME to measure")
    parser.add_argument("--min-requests", type=int, default=200, help="per page type")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="rr-bench-pages-"))
    if args.home is None:
        build_home(home)
    os.environ["READINGROOM_HOME"] = str(home.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.test import Client

    from readingroom.records.models import Document

    client = Client()
    print(f"home {home} — {Document.objects.public().count()} public documents")
    print(f"{'page':<10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8}  target")
    for kind, urls in sample_urls(random.Random(7)).items():
        rounds = max(1, -(-args.min_requests // len(urls)))
        times = measure(client, urls, rounds)
        p50, p95 = percentile(times, 50), percentile(times, 95)
        target = TARGETS.get(kind)
        verdict = (
            f"p50 <= {target:.0f} ms: {'met' if p50 <= target else 'MISSED'}" if target else ""
        )
        print(f"{kind:<10} {len(times):>8} {p50:>8.1f} {p95:>8.1f}  {verdict}")


if __name__ == "__main__":
    main()
