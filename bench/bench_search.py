"""Indexing rate and query latency of the search engine on a synthetic corpus.

Feeds :class:`IndexDocument` values straight to the index (no database), the
baseline a database-driven build is compared with.

    .venv/bin/python bench/bench_search.py --docs 5000 [--path /tmp/rr-bench]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from engine_calls import feed_documents, timed_search

from readingroom.search.entries import IndexDocument, IndexPassage
from readingroom.search.index import SearchIndex

VOCABULARY = (
    "party people comrade delegation agriculture industry socialist revisionism treaty "
    "negotiation meeting embassy ambassador government assistance friendship war peace "
    "congress plenum committee secretary minister economy cooperation struggle imperialism "
    "conference proposal question answer opinion situation letter telegram report soviet "
    "korean albanian chinese yugoslav comrades development successes directives theses"
)
WORDS = VOCABULARY.split()
SPEAKERS = [
    ("Comrade Enver Hoxha", ["Enver Hoxha", "Hoxha"]),
    ("Ambassador An Yong", ["An Yong"]),
    ("Comrade Choe Yong-geon", ["Choe Yong-geon", "Choe Yong Gon", "Choe Yeonggeon"]),
    ("Comrade Mehmet Shehu", ["Mehmet Shehu"]),
    ("Comrade Kim Il Sung", ["Kim Il Sung", "Kim Il-sung"]),
]
PLACES = ["Tirana", "Pyongyang", "Moscow", "Beijing", "Belishovë", "Durrës"]
TYPES = ["Minutes of Conversation", "Report", "Letter", "Telegram"]
QUERIES = [
    "agriculture",
    "treaty negotiation",
    '"socialist development"',
    "speaker:Hoxha revisionism",
    "negot*",
    "peace OR war -imperialism",
    "type:report date:1960..1963",
    "Choe Yong Gon",
    "",
]


def expand_name(text: str) -> list[str] | None:
    """A stand-in for the authority lookup: every spelling of the speakers' names."""
    key = text.lower().replace("-", " ")
    for _, names in SPEAKERS:
        if key in {n.lower().replace("-", " ") for n in names}:
            return names
    return None


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def synthetic_corpus(count: int, seed: int = 7) -> Iterator[IndexDocument]:
    """Documents of 10–40 passages (about 60 words each) with realistic metadata."""
    rng = random.Random(seed)
    for doc_id in range(1, count + 1):
        start = date(1955, 1, 1) + timedelta(days=rng.randrange(365 * 15))
        passages = []
        for order in range(rng.randint(10, 40)):
            speaker, names = rng.choice(SPEAKERS)
            text = " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(5))
            passages.append(IndexPassage(doc_id * 100 + order, order, "turn", speaker, names, text))
        yield IndexDocument(
            doc_id=doc_id,
            identifier=str(100000 + doc_id),
            title=f"Meeting between {rng.choice(SPEAKERS)[1][0]} and {rng.choice(SPEAKERS)[1][0]}",
            summary=sentence(rng, 40),
            date_start=start,
            date_end=start + timedelta(days=rng.choice([0, 0, 30])),
            types=[rng.choice(TYPES)],
            collections=["NKIDP"] if rng.random() < 0.5 else ["Albania in the Cold War"],
            languages=[rng.choice(["Albanian", "Korean", "Russian"])],
            persons=[names[0] for _, names in rng.sample(SPEAKERS, 2)],
            places=rng.sample(PLACES, 2),
            passages=passages,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--path", type=Path, default=None)
    args = parser.parse_args()
    path = args.path or Path(tempfile.mkdtemp(prefix="rr-bench-"))
    shutil.rmtree(path, ignore_errors=True)
    with SearchIndex(path) as index:
        stats = feed_documents(index, synthetic_corpus(args.docs), batch_size=args.batch)
        print(
            f"indexed {stats.documents} docs / {stats.passages} passages in {stats.seconds:.1f}s: "
            f"{stats.docs_per_second:.0f} docs/s, {stats.passages_per_second:.0f} passages/s"
        )
        size = sum(f.stat().st_size for f in path.iterdir()) / 1e6
        print(f"index size {size:.0f} MB at {path}")
        timed_search(index, QUERIES)  # warm up
        for text in QUERIES:
            runs = timed_search(index, [text] * 5, expand_name=expand_name)
            total = index.search(text, expand_name=expand_name).total
            print(f"{statistics.median(runs) * 1000:7.1f} ms  {total:6d} docs  {text or '(all)'}")
    if args.path is None:
        shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
