"""The index's own build with Snowball (as before issue 20) and with the light stemmer, in turns.

    .venv/bin/python bench/stemming_build.py [--volumes ../shared/data/frus] [--runs 3]

Every FRUS volume, parsed by the project's importer (no database), is turned into the index's
`IndexDocument`s (title, blocks as passages) and fed to a new `SearchIndex` in a temporary
directory, alternately: "Snowball" gives the stemmed fields the normalized text and registers
Tantivy's English stemmer under their analyzer's name, exactly as `search.analysis` did before
issue 20; "light" is the code as it is (terms stemmed in Python, `analysis.stemmed_text`).
Alternating in one process compares the two on the same documents and the same machine
load, which runs of bench/search.py made minutes apart on a shared machine do not.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import tantivy  # noqa: E402

from readingroom.search import analysis  # noqa: E402
from readingroom.search import schema as s  # noqa: E402
from readingroom.search.entries import IndexDocument, IndexPassage  # noqa: E402

LIGHT = (analysis.stemmed_text, analysis.analyzer)


def documents(folder: Path) -> list[IndexDocument]:
    from readingroom.ingest.frus import FrusImporter

    docs: list[IndexDocument] = []
    for path in sorted(folder.glob("frus*.xml")):
        for record in FrusImporter().parse(path).documents:
            blocks = [b for b in record.blocks if b.text]
            passages = [
                IndexPassage(len(docs) * 1000 + i, i, b.kind, b.speaker, [], b.text)
                for i, b in enumerate(blocks)
            ]
            doc = IndexDocument(len(docs) + 1, record.key, record.title, record.summary or "",
                                None, None, passages=passages)  # fmt: skip
            docs.append(doc)
    return docs


def snowball_analyzer(name: str) -> tantivy.TextAnalyzer:
    if name != analysis.STEMMED:
        return LIGHT[1](name)
    from stemming import SNOWBALL  # bench/stemming.py: the chain the index used

    return SNOWBALL


def feed(docs: list[IndexDocument], kind: str) -> float:
    from engine_calls import feed_documents

    from readingroom.search.index import SearchIndex

    if kind == "Snowball":
        analysis.stemmed_text, analysis.analyzer = analysis.normalize, snowball_analyzer
    else:
        analysis.stemmed_text, analysis.analyzer = LIGHT
        LIGHT[0].cache_clear()
    scratch = Path(tempfile.mkdtemp(prefix="readingroom-bench-stemming-"))
    try:
        with SearchIndex(scratch / "index") as index:
            seconds = feed_documents(index, docs).seconds
            # the analysis in use: Snowball holds no "directive", only "direct"
            held = index._index.searcher().doc_freq(s.BODY, "directive")
            assert (held == 0) == (kind == "Snowball"), (kind, held)
            return seconds
    finally:
        analysis.stemmed_text, analysis.analyzer = LIGHT
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--volumes", type=Path, default=REPO.parent / "shared" / "data" / "frus")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from search import load, machine  # bench/search.py

    docs = documents(args.volumes)
    passages = sum(len(d.passages) for d in docs)
    print(f"machine    {machine()}")
    print(f"load avg   {load()} (1, 5, 15 min) at the start")
    print(f"corpus     {len(docs):,} documents, {passages:,} passages ({args.volumes})")
    seconds: dict[str, list[float]] = {"Snowball": [], "light": []}
    for _ in range(args.runs):
        for kind, taken in seconds.items():
            taken.append(feed(docs, kind))
    print(f"{'stemmer':<10} {'docs/s':>7} {'passages/s':>11} {'median s':>9}  runs (s)")
    for kind, taken in seconds.items():
        median = statistics.median(taken)
        rates = f"{len(docs) / median:7,.0f} {passages / median:11,.0f} {median:9.2f}"
        print(f"{kind:<10} {rates}  " + " ".join(f"{t:.2f}" for t in taken))
    print(f"load avg   {load()} (1, 5, 15 min) at the end")


if __name__ == "__main__":
    main()
