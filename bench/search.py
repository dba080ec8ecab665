"""Search latency per query class and index build rate, on the FRUS set (optionally replicated).

    .venv/bin/python bench/search.py [--copies 10] [--queries-per-class 4] [--runs 20]
        [--volumes ../shared/data/frus] [--database-url postgres://…] [--profile]

Runs in a new READINGROOM_HOME (a temporary directory). Imports the FRUS volumes through the
real store (each volume parsed once, saved ``--copies`` times under keys suffixed ``-r{i}``)
plus the two seed pages (the only documents with speaker turns), then measures:

* build: ``reindex()`` from the database against feeding the same IndexDocuments (built from
  the database beforehand, untimed) to a fresh index with ``engine.feed_documents``;
* latency per query class, of the full results page — ``service.search(q)``: change-log
  check, name expansion, top 10 with snippets, total, all facets, status re-check in the
  database — and of the raw engine: ``searcher().search(q, 10)`` on the same Tantivy index
  for the same query compiled beforehand (names expanded), top 10 and total only.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
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
        "speaker:Hoxha agriculture",
        'speaker:"Choe Yong-geon" Yugoslav',
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
    return parser.parse_args()


def setup(database_url: str) -> Path:
    home = Path(tempfile.mkdtemp(prefix="readingroom-bench-search-"))
    os.environ["READINGROOM_HOME"] = str(home)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("init", verbosity=0)
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

    from readingroom.ingest.runner import import_file, import_paths, importer_for

    console = Console(stderr=True)
    report = import_paths(seeds, actor="bench", console=console)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    for path in volumes:
        started = time.perf_counter()
        importer = importer_for(path)
        parsed = importer.parse(path)
        docs = list(parsed.documents)
        with Progress(*columns, console=console, transient=True) as progress:
            for i in range(copies):
                import_file(copy_of(parsed, docs, i), importer.format, "bench", progress, report)
        seconds = time.perf_counter() - started
        console.print(f"{path.name}: {len(docs)} documents × {copies} in {seconds:.1f} s")
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
    from readingroom.search.engine import SearchIndex, feed_documents
    from readingroom.search.sync import local_index, reindex

    started = time.perf_counter()
    count = reindex()
    db_seconds = time.perf_counter() - started
    local_index().created = False  # reindex() leaves it set: the next search would rebuild
    docs = materialize()
    with SearchIndex(scratch / "direct") as direct:
        fed = feed_documents(direct, docs)
    shutil.rmtree(scratch / "direct")
    assert fed.documents == count, (fed.documents, count)
    return Build(count, fed.passages, db_seconds, fed.seconds), docs


# ---------------------------------------------------------------- queries


def rare_words(docs: list, n: int) -> list[str]:
    """Words in 2–3 documents of the original (copy 0) volumes: rare, yet found."""
    copy0 = [d for d in docs if not re.search(r"-r\d+$", d.identifier)]
    df: Counter[str] = Counter()
    for doc in copy0:
        text = " ".join(p.text for p in doc.passages)
        df.update(set(re.findall(r"\b[a-z]{7,}\b", text.lower())))
    candidates = sorted(word for word, count in df.items() if 2 <= count <= 3)
    return sorted(random.Random(1962).sample(candidates, min(n, len(candidates))))


def raw_query(text: str) -> Any:
    """The doc-level Tantivy query engine.SearchIndex.search would run for ``text``."""
    from readingroom.search.compiler import Compiler, with_names
    from readingroom.search.names import expand_name
    from readingroom.search.query import parse_query
    from readingroom.search.sync import local_index

    index = local_index()._index
    compiler = Compiler(index.schema, index.searcher())
    return compiler.doc_query(with_names(parse_query(text).tree, expand_name))


def timed(call: Callable[[], Any], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


@dataclass
class Latency:
    name: str
    queries: list[str]
    totals: list[int]
    full: list[float]  # milliseconds
    raw: list[float]


def measure_class(name: str, queries: list[str], runs: int) -> Latency:
    from readingroom.search.service import search
    from readingroom.search.sync import local_index

    result = Latency(name, queries, [], [], [])
    for text in queries:
        query = raw_query(text)

        def full(text: str = text) -> Any:
            return search(text)

        def raw(query: Any = query) -> Any:
            return local_index()._index.searcher().search(query, 10)

        timed(full, WARMUP), timed(raw, WARMUP)
        result.totals.append(search(text).total)
        for _ in range(runs):  # interleaved, so both see the same machine state
            result.full += timed(full, 1)
            result.raw += timed(raw, 1)
    return result


# ---------------------------------------------------------------- report


def pct(values: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[49], q[94], q[98]


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if "model name" in line),
        "unknown CPU",
    )
    mem_kb = int(next(line for line in open("/proc/meminfo") if "MemTotal" in line).split()[1])
    cores = len(os.sched_getaffinity(0))
    return f"{cores} cores ({os.cpu_count()} online), {cpu}, {mem_kb / 1024**2:.1f} GiB RAM"


def print_header(args: argparse.Namespace, build: Build) -> None:
    from django.db import connection

    print(f"date       {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine    {machine()}")
    print(f"database   {connection.vendor}; copies {args.copies}; runs/query {args.runs}")
    print(f"corpus     {build.documents:,} documents, {build.passages:,} passages indexed")
    print()
    print("index build                       docs/s   passages/s   seconds")
    for label, seconds in (("(a) reindex() from the database", build.db_seconds),
                           ("(b) feed_documents, same docs", build.direct_seconds)):  # fmt: skip
        rates = f"{build.documents / seconds:8,.0f}   {build.passages / seconds:10,.0f}"
        print(f"{label:<32}  {rates}   {seconds:7.2f}")
    print(f"ratio (a)/(b) rate                {build.ratio:.2f}   (target >= 0.5)")
    print()


def print_latency(rows: list[Latency]) -> None:
    head = "query class          n  median   full page ms         raw engine ms        full/raw"
    print(head)
    print("                         total   p50    p95    p99    p50    p95    p99    at p50")
    for row in rows:
        full, raw = pct(row.full), pct(row.raw)
        cells = " ".join(f"{v:6.2f}" for v in (*full, *raw))
        total = statistics.median(row.totals)
        print(
            f"{row.name:<19} {len(row.queries):2} {total:7,.0f}  {cells}  {full[0] / raw[0]:6.1f}"
        )
    every_full = [v for row in rows for v in row.full]
    every_raw = [v for row in rows for v in row.raw]
    full, raw = pct(every_full), pct(every_raw)
    cells = " ".join(f"{v:6.2f}" for v in (*full, *raw))
    print(
        f"{'all':<19} {sum(len(r.queries) for r in rows):2} {'':7}  {cells}  {full[0] / raw[0]:6.1f}"
    )
    print("targets (ten-fold set): full p50 < 15 ms, p95 < 60 ms, full/raw at p50 <= 2")
    print()
    for row in rows:
        print(f"{row.name}: " + "; ".join(f"{q} ({t:,})" for q, t in zip(row.queries, row.totals)))


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


def main() -> None:
    args = parse_args()
    volumes = sorted(args.volumes.glob("*.xml"))
    if not volumes:
        sys.exit(f"no FRUS volumes in {args.volumes}")
    home = setup(args.database_url)
    try:
        load_corpus(volumes, sorted(args.seeds.glob("*.txt")), args.copies)
        print("building the index…", file=sys.stderr)
        build, docs = measure_build(home)
        queries = {k: v[: args.queries_per_class] for k, v in QUERIES.items()}
        queries["rare word"] = rare_words(docs, args.queries_per_class)
        del docs
        rows = []
        for name, texts in queries.items():
            print(f"timing {name}…", file=sys.stderr)
            rows.append(measure_class(name, texts, args.runs))
        print_header(args, build)
        print_latency(rows)
        if args.profile:
            profile(queries)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
