"""Search latency per query class and index build rate, on the FRUS set (optionally replicated).

    .venv/bin/python bench/search.py [--copies 10] [--queries-per-class 4] [--runs 20]
        [--volumes ../shared/data/frus] [--database-url postgres://…] [--profile] [--keep]

Runs in a new READINGROOM_HOME (a temporary directory). Imports the FRUS volumes through the
real store (each volume parsed once, saved ``--copies`` times under keys suffixed ``-r{i}``)
plus the two seed pages (the only documents with speaker turns), then measures:

* build: ``reindex()`` from the database against feeding the same IndexDocuments (built from
  the database beforehand, untimed) to a fresh index with ``engine_calls.feed_documents``;
* latency per query class of four paths (see LEGEND): the full results page
  (``service.search``), the engine's page without the database, the raw Tantivy calls that
  page makes (the engine underneath it), and the bare Tantivy top-10 search.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUERIES: dict[str, list[str]] = {
    "common word": ["president", "soviet", "government", "military", "meeting"],
    "rare word": [],  # picked from the corpus: see rare_words()
    "phrase": ['"nuclear test ban"', '"Soviet Union"', '"Security Council"', '"United Nations"'],
    "two-word AND": ["Khrushchev Berlin", "Mao Taiwan", "Korea aid", "Cuba missiles"],
    "name with variants": ["Khrushchov", "Mao Tse-tung", "Chou En-lai", "N. S. Khrushchev"],
    "speaker filter": [
        "speaker:Hoxha",
        "speaker:Hoxha Khrushchev",
        "speaker:Hoxha Yugoslav",
        'speaker:"Choe Yong-geon"',
    ],
    "date filter": [
        "date:1962-10..1962-11 Cuba",
        "date:1958 Taiwan",
        "date:1961-08 Berlin",
        "date:1964..1968 Korea",
    ],
}
WARMUP = 3


# ---------------------------------------------------------------- setup and corpus


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--volumes", type=Path, default=REPO.parent / "shared" / "data" / "frus")
    parser.add_argument("--seeds", type=Path, default=REPO / "sample_data" / "seeds")
    parser.add_argument("--database-url", default="", help="a fresh PostgreSQL database")
    parser.add_argument("--copies", type=int, default=10, help="times each volume is stored")
    parser.add_argument("--queries-per-class", type=int, default=4)
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--profile", action="store_true", help="cProfile the full search path")
    parser.add_argument("--keep", action="store_true", help="keep the temporary READINGROOM_HOME")
    parser.add_argument("--home", type=Path, help="time queries on a home kept by --keep: no build")
    return parser.parse_args()


def setup(database_url: str, home: Path | None) -> Path:
    home = home or Path(tempfile.mkdtemp(prefix="readingroom-bench-search-"))
    os.environ["READINGROOM_HOME"] = str(home)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("init", verbosity=0, stdout=io.StringIO())
    return home


def copy_of(parsed: Any, docs: list, i: int) -> Any:
    """Copy ``i`` of a parsed volume: copy 0 as is, others with suffixed keys and titles."""
    if i == 0:
        return replace(parsed, documents=iter(docs))
    tag, path = f"-r{i}", Path(parsed.path)
    collection = parsed.collection and replace(
        parsed.collection,
        key=parsed.collection.key + tag,
        title=f"{parsed.collection.title} (copy {i})",
    )
    return replace(
        parsed,
        path=str(path.with_name(path.stem + tag + path.suffix)),
        documents=(replace(d, key=d.key + tag) for d in docs),
        collection=collection,
    )


def load_corpus(volumes: list[Path], seeds: list[Path], copies: int) -> Any:
    """Import the seeds, then every volume ``copies`` times through the runner's store path."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from readingroom.ingest.runner import import_file, import_paths, parse_file

    console = Console(stderr=True)
    report = import_paths(seeds, actor="bench", console=console)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    for path in volumes:
        started = time.perf_counter()
        read = parse_file(path, report)  # a file that cannot be read is reported, as by the CLI
        if read is None:
            continue
        importer, parsed = read
        docs = list(parsed.documents)
        with Progress(*columns, console=console, transient=True) as progress:
            for i in range(copies):
                import_file(copy_of(parsed, docs, i), importer.format, "bench", progress, report)
        seconds = time.perf_counter() - started
        console.print(f"{path.name}: {len(docs)} documents × {copies} in {seconds:.1f} s")
    for line in report.lines():
        console.print(line, markup=False, highlight=False)
    console.print(f"import: {report.summary()}")
    return report


# ---------------------------------------------------------------- index build


@dataclass
class Build:
    documents: int
    passages: int
    db_seconds: float
    direct_seconds: float

    @property
    def ratio(self) -> float:
        return self.direct_seconds / self.db_seconds


def materialize() -> list:
    """Every public document as the index sees it, built from the database (untimed)."""
    from readingroom.records.models import Document
    from readingroom.search.documents import index_documents
    from readingroom.search.sync import CHUNK

    ids = list(Document.objects.public().order_by("pk").values_list("pk", flat=True))
    return [d for i in range(0, len(ids), CHUNK) for d in index_documents(ids[i : i + CHUNK])]


def measure_build(scratch: Path) -> tuple[Build, list]:
    """(a) reindex() from the database; (b) the same documents fed to a fresh index."""
    from engine_calls import feed_documents

    from readingroom.search.index import SearchIndex
    from readingroom.search.sync import reindex

    started = time.perf_counter()
    count = reindex()
    db_seconds = time.perf_counter() - started
    docs = materialize()
    with SearchIndex(scratch / "direct") as direct:
        fed = feed_documents(direct, docs)
    shutil.rmtree(scratch / "direct")
    assert fed.documents == count, (fed.documents, count)
    return Build(count, fed.passages, db_seconds, fed.seconds), docs


# ---------------------------------------------------------------- queries


def rare_words(docs: list, n: int) -> list[str]:
    """Words whose stem is in 2–3 documents of the original (copy 0) volumes: rare, yet found."""
    from readingroom.search.analysis import terms

    words: Counter[str] = Counter()
    for doc in docs:
        if not re.search(r"-r\d+$", doc.identifier):
            text = " ".join(p.text for p in doc.passages).lower()
            words.update(set(re.findall(r"\b[a-z]{3,}\b", text)))
    stems: Counter[str] = Counter()
    for word, count in words.items():
        stems[(terms(word) or [""])[0]] += count  # an upper bound of the stem's count
    rare = sorted(w for w in words if len(w) >= 7 and stems[(terms(w) or [""])[0]] in (2, 3))
    return sorted(random.Random(1962).sample(rare, min(n, len(rare))))


def paths(text: str) -> dict[str, Callable[[], Any]]:
    """The four ways of running ``text`` that are timed, from the most work to the least."""
    from engine_calls import cached_names, compiled, engine_page

    from readingroom.search.service import search
    from readingroom.search.sync import local_index

    index, expand = local_index(), cached_names()
    query, passage_query = compiled(index, text, expand)
    return {
        "full": lambda: search(text),
        "page": lambda: index.search(text, expand_name=expand),
        "engine": lambda: engine_page(index._index, query, passage_query),
        "top10": lambda: index._index.searcher().search(query, 10),
    }


@dataclass
class Latency:
    name: str
    queries: list[str]
    totals: list[int] = field(default_factory=list)
    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def measure_class(name: str, queries: list[str], runs: int) -> Latency:
    from readingroom.search.service import search

    result = Latency(name, queries)
    for text in queries:
        calls = paths(text)
        for _ in range(WARMUP):
            for call in calls.values():
                call()
        result.totals.append(search(text).total)
        for _ in range(runs):  # interleaved, so every path sees the same machine state
            for path, call in calls.items():
                started = time.perf_counter()
                call()
                result.ms[path].append((time.perf_counter() - started) * 1000)
    return result


# ---------------------------------------------------------------- report


def pct(values: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[49], q[94], q[98]


def machine() -> str:
    info = Path("/proc/cpuinfo").read_text()
    cpu = next((x.split(":", 1)[1].strip() for x in info.splitlines() if "model name" in x), "?")
    meminfo = Path("/proc/meminfo").read_text()
    mem_kb = int(next(x for x in meminfo.splitlines() if "MemTotal" in x).split()[1])
    cores = len(os.sched_getaffinity(0))
    return f"{cores} cores ({os.cpu_count()} online), {cpu}, {mem_kb / 1024**2:.1f} GiB RAM"


def load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def print_header(args: argparse.Namespace, build: Build | None) -> None:
    from django.db import connection

    from readingroom.search.sync import local_index

    copies = f"home {args.home}" if args.home else f"copies {args.copies}"
    print(f"date       {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine    {machine()}")
    print(f"database   {connection.vendor}; {copies}; runs/query {args.runs}")
    print(f"load avg   {args.load}")
    passages = f", {build.passages:,} passages" if build else ""
    print(f"corpus     {local_index().count():,} documents{passages} indexed")
    print()
    if build is None:
        return
    print("index build                       docs/s   passages/s   seconds")
    for label, seconds in (("(a) reindex() from the database", build.db_seconds),
                           ("(b) feed_documents, same docs", build.direct_seconds)):  # fmt: skip
        rates = f"{build.documents / seconds:8,.0f}   {build.passages / seconds:10,.0f}"
        print(f"{label:<32}  {rates}   {seconds:7.2f}")
    print(f"ratio (a)/(b) rate                {build.ratio:.2f}   (target >= 0.5)")
    print()


HEAD = (
    f"{'':18} {'':2} {'median':>6}  {'full page (service)':<20}   {'page':>6}   "
    f"{'engine (Tantivy calls)':<20}   {'top10':>6}   {'full/':>6} {'full/':>6}\n"
    f"{'query class':<18} {'n':>2} {'total':>6}  {'p50':>6} {'p95':>6} {'p99':>6}   {'p50':>6}   "
    f"{'p50':>6} {'p95':>6} {'p99':>6}   {'p50':>6}   {'engine':>6} {'top10':>6}"
)


def latency_line(name: str, n: int, total: str, ms: dict[str, list[float]]) -> str:
    full, page, engine, top10 = (pct(ms[k]) for k in ("full", "page", "engine", "top10"))
    cells = f"{full[0]:6.2f} {full[1]:6.2f} {full[2]:6.2f}   {page[0]:6.2f}   "
    cells += f"{engine[0]:6.2f} {engine[1]:6.2f} {engine[2]:6.2f}   {top10[0]:6.2f}   "
    cells += f"{full[0] / engine[0]:6.1f} {full[0] / top10[0]:6.1f}"
    return f"{name:<18} {n:2} {total:>6}  {cells}"


LEGEND = """\
all times in ms; the last two columns are ratios of p50s
full page  service.search(q): change-log check, name expansion, parse, compile, top 10, total,
           facets, snippets and highlighting, public-status re-check (database)
page       SearchIndex.search(q) with names looked up once beforehand: no database at all
engine     the raw Tantivy calls of the same page, query compiled beforehand: top 10 and total,
           facet aggregation, stored hits, snippet passages and their stored entries
top10      searcher().search(compiled q, 10) alone: Tantivy top 10 and total, nothing else"""


def print_latency(rows: list[Latency]) -> None:
    print(HEAD)
    for row in rows:
        total = f"{statistics.median(row.totals):,.0f}"
        print(latency_line(row.name, len(row.queries), total, row.ms))
    every = {k: [v for row in rows for v in row.ms[k]] for k in rows[0].ms}
    print(latency_line("all", sum(len(row.queries) for row in rows), "", every))
    print(LEGEND)
    print("targets (ten-fold set): full p50 < 15 ms, p95 < 60 ms, full/engine <= 2")
    print()
    for row in rows:
        found = zip(row.queries, row.totals, strict=True)
        print(f"{row.name}: " + "; ".join(f"{q} ({t:,})" for q, t in found))
    print()


def profile(queries: dict[str, list[str]]) -> None:
    import cProfile
    import pstats

    from readingroom.search.service import search

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        for texts in queries.values():
            for text in texts:
                search(text)
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(30)


def run(args: argparse.Namespace, volumes: list[Path], home: Path) -> None:
    args.load = f"before timing {load()}"
    if args.home:
        build, docs = None, materialize()
    else:
        load_corpus(volumes, sorted(args.seeds.glob("*.txt")), args.copies)
        print("building the index…", file=sys.stderr)
        args.load = f"before build {load()}"
        build, docs = measure_build(home)
    queries = {k: v[: args.queries_per_class] for k, v in QUERIES.items()}
    queries["rare word"] = rare_words(docs, args.queries_per_class)
    del docs
    rows = []
    for name, texts in queries.items():
        print(f"timing {name}…", file=sys.stderr)
        rows.append(measure_class(name, texts, args.runs))
    args.load += f"; after timing {load()} (1, 5, 15 min)"
    print_header(args, build)
    print_latency(rows)
    if args.profile:
        profile(queries)


def main() -> None:
    args = parse_args()
    volumes = sorted(args.volumes.glob("*.xml"))
    if not volumes:
        sys.exit(f"no FRUS volumes in {args.volumes}")
    home = setup(args.database_url, args.home)
    try:
        run(args, volumes, home)
    finally:
        if args.keep or args.home:
            print(f"kept READINGROOM_HOME={home}", file=sys.stderr)
        else:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
