"""Server time of the reading room's pages on the FRUS demo data: p50 and p95 per page type.

    .venv/bin/python bench/pages.py                 # builds a fresh demo home in a temp dir
    .venv/bin/python bench/pages.py --home var      # measures an existing home as it is

Times are Django's full request handling in-process (URL routing, views, database, search,
templates, the page cache), without the network. Each page type is requested over a sample of
records and queries, after one warm-up pass; with the page cache on (the default) the timed
requests are mostly cache hits, so `--no-cache` times the work a changed archive costs.
Targets (issue 16, p50 / p95 ms, one client, at a hundred times the FRUS set) are printed beside.
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
FINDS = ["Korea", "the", '"Secretary of State"']  # searches inside a document
DECLASSIFIED = ["", "Berlin date:1961", "Quemoy", "classification:secret", "withheld:name"]
DECLASSIFIED += ['agency:"Central Intelligence Agency"', "date:1958..1960 withheld:yes"]
TARGETS = {
    "search": (15, 40),
    "document": (20, 50),
    "find in doc": (20, 50),
    "doc, 20 scans": (50, 80),
    "declassification": (150, 300),
    "person": (30, 80),
    "network": (30, 80),
    "API list": (15, 40),
    "API detail": (15, 40),
    "event": (20, 50),
    "events": (15, 40),
    "API events": (15, 40),
    "place": (30, 80),
    "place lists": (30, 80),
}


def build_home(home: Path) -> None:
    """A demo home like `make run`'s: the seeds and the three demo FRUS volumes, enriched
    (people, events) as its worker enriches them."""
    env = dict(os.environ, READINGROOM_HOME=str(home))
    env.pop("DATABASE_URL", None)
    cli = str(Path(sys.executable).parent / "readingroom")
    seeds = sorted(str(p) for p in (REPO / "sample_data" / "seeds").glob("*.txt"))
    volumes = [str(FRUS / name) for name in DEMO if (FRUS / name).exists()]
    subprocess.run([cli, "init"], env=env, check=True, capture_output=True)
    subprocess.run([cli, "import", *seeds, *volumes], env=env, check=True, capture_output=True)
    subprocess.run([cli, "enrich"], env=env, check=True, capture_output=True)  # the worker's


def add_scanned(home: Path) -> None:
    """Import `bench/iiif_tiles.py`'s record of 20 drawn scans into the home (once)."""
    from iiif_tiles import scanned_record

    record = scanned_record(Path(tempfile.mkdtemp(prefix="rr-bench-scans-")), 20)
    env = dict(os.environ, READINGROOM_HOME=str(home))
    env.pop("DATABASE_URL", None)
    cli = str(Path(sys.executable).parent / "readingroom")
    subprocess.run([cli, "import", str(record)], env=env, check=True, capture_output=True)


def sample_urls(rng: random.Random) -> dict[str, list[str]]:
    from urllib.parse import urlencode

    from readingroom.authorities.models import Person
    from readingroom.records.models import Collection, Document

    docs = list(Document.objects.public().values_list("identifier", flat=True))
    people = list(
        Person.objects.filter(mentions__isnull=False).distinct().values_list("slug", flat=True)
    )
    keys = list(Collection.objects.public().values_list("key", flat=True))
    sample = rng.sample(docs, min(60, len(docs)))
    return {
        "home": ["/"],
        "search": [f"/search?{urlencode({'q': q})}" for q in QUERIES],
        "document": [f"/documents/{i}/" for i in rng.sample(docs, min(60, len(docs)))],
        "find in doc": [
            f"/documents/{i}/?{urlencode({'find': FINDS[n % len(FINDS)]})}"
            for n, i in enumerate(sample[:30])
        ],
        "person": [f"/people/{s}/" for s in rng.sample(people, min(40, len(people)))],
        "network": ["/network/", "/network/?from=1959&to=1964"],
        "collection": [f"/collections/{k}/" for k in rng.sample(keys, min(20, len(keys)))],
        "API list": [f"/api/v1/documents?{urlencode({'q': q})}" for q in QUERIES[:6]]
        + ["/api/v1/documents?limit=50"],
        "API detail": [f"/api/v1/documents/{i}" for i in sample[:30]],
        "doc, 20 scans": ["/documents/bench-scans/"] if "bench-scans" in docs else [],
        "declassification": [f"/declassification/?{urlencode({'q': q})}" for q in DECLASSIFIED],
        **event_urls(rng),
        **place_urls(rng),
    }


def place_urls(rng: random.Random) -> dict[str, list[str]]:
    """Place and organization pages (the most named places among them, and a page of one
    kind), and the lists of places, organizations and abbreviations."""
    from readingroom.authorities.derived_models import ANY, ORGANIZATION, PLACE
    from readingroom.authorities.models import AuthorityTotal, Organization, Place

    totals = AuthorityTotal.objects.filter(relation=ANY).order_by("-documents")
    places = list(totals.filter(kind=PLACE).values_list("authority_id", flat=True))
    bodies = list(totals.filter(kind=ORGANIZATION).values_list("authority_id", flat=True))
    if not places:
        return {}
    sample = places[:5] + rng.sample(places[5:], min(25, len(places[5:])))
    slugs = Place.objects.in_bulk(sample)
    urls = [f"/places/{slugs[pk].slug}/" for pk in sample if pk in slugs]
    urls += [f"/places/{slugs[pk].slug}/?as=mentioned" for pk in sample[:5] if pk in slugs]
    named = Organization.objects.in_bulk(bodies[:10])
    urls += [f"/organizations/{named[pk].slug}/" for pk in bodies[:10] if pk in named]
    return {"place": urls, "place lists": ["/places/", "/organizations/", "/glossary/"]}


def event_urls(rng: random.Random) -> dict[str, list[str]]:
    """Event pages, the list (first and later pages, filtered) and the API's."""
    from urllib.parse import urlencode

    from readingroom.events.models import EventParticipant
    from readingroom.events.public import public_events

    events = list(public_events().values_list("slug", flat=True))
    if not events:
        return {}
    sample = rng.sample(events, min(40, len(events)))
    frequent = EventParticipant.objects.values_list("person__slug", flat=True)[:2000]
    people = rng.sample(sorted(set(frequent)), min(5, len(set(frequent))))
    lists = ["/events/", f"/events/?after={sample[0]}", "/events/?kind=conversation"]
    lists += ["/events/?from=1961&to=1963", "/events/?place=Washington"]
    lists += [f"/events/?{urlencode({'person': p})}" for p in people]
    return {
        "event": [f"/events/{s}/" for s in sample],
        "events": lists,
        "API events": ["/api/v1/events", "/api/v1/events?kind=meeting"]
        + [f"/api/v1/events/{s}" for s in sample[:20]],
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
    parser.add_argument("--no-cache", action="store_true", help="turn the page cache off")
    parser.add_argument("--only", nargs="+", metavar="PAGE", help="time only these page types")
    parser.add_argument(
        "--scans", action="store_true", help="add a record with 20 scans (bench-scans) first"
    )
    args = parser.parse_args()
    if args.no_cache:
        os.environ["READINGROOM_PAGE_CACHE"] = ""
    home = args.home or Path(tempfile.mkdtemp(prefix="rr-bench-pages-"))
    if args.home is None:
        build_home(home)
    if args.scans:
        add_scanned(home)
    os.environ["READINGROOM_HOME"] = str(home.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.test import Client

    from readingroom.records.models import Document

    client = Client()
    cache = "off" if args.no_cache else "on"
    print(f"home {home} — {Document.objects.public().count()} public documents; cache {cache}")
    print(f"{'page':<16} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8}  target p50/p95")
    for kind, urls in sample_urls(random.Random(7)).items():
        if (args.only and kind not in args.only) or not urls:
            continue
        rounds = max(1, -(-args.min_requests // len(urls)))
        times = measure(client, urls, rounds)
        p50, p95 = percentile(times, 50), percentile(times, 95)
        target = TARGETS.get(kind)
        verdict = ""
        if target:
            met = p50 <= target[0] and p95 <= target[1]
            verdict = f"{target[0]}/{target[1]} ms: {'met' if met else 'MISSED'}"
        print(f"{kind:<16} {len(times):>8} {p50:>8.1f} {p95:>8.1f}  {verdict}")
        if kind == "doc, 20 scans":
            print(f"{'':<16} page size {len(client.get(urls[0]).content):,} bytes of HTML")


if __name__ == "__main__":
    main()
