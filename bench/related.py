"""Precision@5 of related documents, with "same FRUS chapter" as the label.

    .venv/bin/python bench/related.py [--home DIR] [--volumes ../shared/data/frus] [--tune]
    .venv/bin/python bench/related.py --cost 10

Scores what the archive serves: the 12 FRUS volumes and the two seed pages imported through the
CLI into a new READINGROOM_HOME and enriched (`readingroom import`, `readingroom enrich`, as
`make run` does); or an archive made so (`--home`, copied first, so it is left as it was). The
stored lists are then brought up to date (`search.similar_lists.follow`) and each method read:

* people: today's list, most people in common (`authorities.RelatedDocument`);
* content: the significant words' BM25 alone (`similar.CONTENT_ONLY`);
* combined: words, people, events and dates (`similar.TUNED`), what `web.related` reads.

The label is read from the TEI with lxml: a document's innermost `<div type="chapter">`, or
its `<div type="compilation">` in a volume with no chapters; a volume with one compilation and
no chapters (frus1961-63v05, v06) has none. Precision@5 of a document is how many of its first
five related documents share its label, over five; it is averaged over the labelled documents
of a volume whose chapter holds at least one other. The weights were chosen on TUNED_ON
(`--tune` prints the grid); the other labelled volumes are held out.

`--cost N` measures instead what a list would cost computed per request (`similar.compute`
for one document) against what the page pays to read the stored one, with the volumes
stored N times.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TUNED_ON = ("frus1955-57v24", "frus1958-60v10p2", "frus1961-63v22")
HELD_OUT = (
    "frus1955-57v25",
    "frus1964-68v17",
    "frus1964-68v14",
    "frus1958-60v18",
    "frus1958-60v19",
    "frus1964-68v29p1",
    "frus1964-68v30",
)
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
AT = 5


def chapter_labels(path: Path) -> dict[str, str]:
    """Document identifier -> its innermost chapter (or compilation) xml:id; {} if none."""
    tree = etree.parse(str(path))
    divs = list(tree.iter(f"{TEI}div"))
    chapters = [d for d in divs if d.get("type") == "chapter"]
    compilations = [d for d in divs if d.get("type") == "compilation"]
    kind = "chapter" if chapters else "compilation" if len(compilations) > 1 else ""
    if not kind:
        return {}
    from readingroom.ingest.frus.document import document_key

    ids = Counter(d.get(XML_ID) for d in divs if d.get("type") == "document")
    labels = {}
    for div in divs:
        if div.get("type") != "document" or ids[div.get(XML_ID)] > 1:
            continue  # a repeated xml:id is stored under a suffixed key: left out
        around = next((a for a in div.iterancestors(f"{TEI}div") if a.get("type") == kind), None)
        if around is not None:
            labels[document_key(path.stem, div.get(XML_ID))] = around.get(XML_ID)
    return labels


def build_home(volumes: Path, copy_of: Path | None) -> Path:
    """A new archive: a copy of `copy_of`, or the volumes imported and enriched by the CLI."""
    home = Path(tempfile.mkdtemp(prefix="readingroom-related-"))
    if copy_of:
        shutil.copytree(copy_of, home, dirs_exist_ok=True)
        return home
    cli = str(REPO / ".venv" / "bin" / "readingroom")
    env = {**os.environ, "READINGROOM_HOME": str(home)}
    seeds = sorted(str(p) for p in (REPO / "sample_data" / "seeds").glob("*.txt"))
    for args in (["init"], ["import", *seeds, *map(str, sorted(volumes.glob("*.xml")))]):
        subprocess.run([cli, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([cli, "enrich"], env=env, check=True, stdout=subprocess.DEVNULL)
    return home


def precision(lists: dict[int, list[int]], label: dict[int, str]) -> float:
    """Mean precision@AT over the labelled documents whose label another document shares."""
    sizes = Counter(label.values())
    scores = [
        sum(label.get(other) == label[pk] for other in lists.get(pk, [])[:AT]) / AT
        for pk in label
        if sizes[label[pk]] > 1
    ]
    return statistics.fmean(scores) if scores else 0.0


def labelled(volumes: Path) -> dict[str, dict[int, str]]:
    """Per volume, each labelled document's primary key -> its chapter."""
    from readingroom.records.models import Document

    found = {}
    for stem in (*TUNED_ON, *HELD_OUT):
        labels = chapter_labels(volumes / f"{stem}.xml")
        keys = Document.objects.filter(identifier__in=list(labels)).values_list("identifier", "pk")
        found[stem] = {pk: labels[key] for key, pk in keys}
    return found


def method_lists(ids: list[int]) -> dict[str, dict[int, list[int]]]:
    """Each method's first related documents for these: the page's own reading for today's
    list (people) and the stored one (combined), the same profiles scored alone for content."""
    from django.conf import settings

    from readingroom.records.models import Document
    from readingroom.search import similar
    from readingroom.web.related import _by_people, related

    docs = Document.objects.in_bulk(ids)
    searcher = similar.open_searcher(str(settings.SEARCH_INDEX_DIR))
    content = {}
    for start in range(0, len(ids), 200):
        for pk, profile in similar.profiles(searcher, ids[start : start + 200]).items():
            content[pk] = [c.doc_id for c in similar.ranked(profile, similar.CONTENT_ONLY, AT)]
    return {
        "people": {pk: [e.doc.pk for e in _by_people(docs[pk])] for pk in ids},
        "content": content,
        "combined": {pk: [e.doc.pk for e in related(docs[pk])] for pk in ids},
    }


def tune(labels: dict[str, dict[int, str]]) -> None:
    """Precision@5 on TUNED_ON for a grid of weights, best first."""
    from django.conf import settings

    from readingroom.search import similar

    searcher = similar.open_searcher(str(settings.SEARCH_INDEX_DIR))
    ids = sorted(pk for stem in TUNED_ON for pk in labels[stem])
    found = {}
    for start in range(0, len(ids), 200):
        found.update(similar.profiles(searcher, ids[start : start + 200]))
    grid = itertools.product((0, 0.1, 0.25, 0.5, 1), (0, 0.25, 1), (0, 0.25, 0.5, 1, 2))
    rows = []
    for people, event, near in grid:
        for days in (90, 365, 730) if near else (365,):
            weights = similar.Weights(1.0, people, event, near, days)
            scores = [
                precision(
                    {pk: [c.doc_id for c in similar.ranked(found[pk], weights, AT)] for pk in lab},
                    lab,
                )
                for lab in (labels[stem] for stem in TUNED_ON)
            ]
            rows.append((statistics.fmean(scores), weights))
    for mean, weights in sorted(rows, key=lambda row: -row[0])[:10]:
        print(f"  {mean:.3f}  {weights}")


def page_cost(ids: list[int]) -> tuple[float, int]:
    """Median milliseconds and the most queries of the page's `related` for these."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from readingroom.records.models import Document
    from readingroom.web.related import related

    times, most = [], 0
    for doc in Document.objects.filter(pk__in=ids):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            related(doc)
            times.append((time.perf_counter() - started) * 1000)
        most = max(most, len(queries.captured_queries))
    return statistics.median(times), most


METHODS = ("people", "content", "combined")


def _line(name: str, group: str, docs: object, values: dict[str, float]) -> str:
    figures = " ".join(f"{values[m]:>9.3f}" for m in METHODS)
    return f"{name:18} {group:9} {docs:>5} {figures}"


def report(labels: dict[str, dict[int, str]]) -> None:
    """The table: precision@5 of each method per volume, tuned and held out, and the page."""
    ids = sorted(pk for lab in labels.values() for pk in lab)
    lists = method_lists(ids)
    print(f"{'volume':18} {'set':9} {'docs':>5} " + " ".join(f"{m:>9}" for m in METHODS))
    for group, stems in (("tuned", TUNED_ON), ("held out", HELD_OUT)):
        rows = []
        for stem in stems:
            lab = labels[stem]
            sizes = Counter(lab.values())
            scored = sum(sizes[c] > 1 for c in lab.values())
            rows.append({m: precision(lists[m], lab) for m in METHODS})
            print(_line(stem, group, scored, rows[-1]))
        means = {m: statistics.fmean(row[m] for row in rows) for m in METHODS}
        print(_line("mean", group, "", means))
    median, most = page_cost(ids[::10])
    print(f"page: related() median {median:.2f} ms, at most {most} queries")


def cost(volumes: Path, copies: int, sample: int = 60) -> None:
    """What a list costs computed per request, against reading the stored one, on the FRUS
    set stored `copies` times (bench/search.py's copies; imported, not enriched)."""
    home = Path(tempfile.mkdtemp(prefix="readingroom-related-cost-"))
    os.environ["READINGROOM_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from bench.search import load_corpus
    from readingroom.authorities import derived
    from readingroom.records.models import Document
    from readingroom.search import similar, sync
    from readingroom.search.models import SimilarDocument

    call_command("init", verbosity=0)
    seeds = sorted((REPO / "sample_data" / "seeds").glob("*.txt"))
    load_corpus(sorted(volumes.glob("*.xml")), seeds, copies)
    sync.sync_index()
    derived.follow()
    searcher = similar.open_searcher(str(settings.SEARCH_INDEX_DIR))
    ids = sorted(Document.objects.values_list("pk", flat=True))
    picked = ids[:: max(1, len(ids) // sample)][:sample]
    times = []
    for pk in picked:
        started = time.perf_counter()
        found = similar.compute(searcher, [pk])
        times.append((time.perf_counter() - started) * 1000)
        SimilarDocument.objects.bulk_create(
            SimilarDocument(
                document_id=pk, rank=rank, related_id=r.doc_id, score=r.score, words=r.words
            )
            for rank, r in enumerate(found[pk])
        )
    median, most = page_cost(picked)
    print(f"documents {len(ids)}: computed per request median {statistics.median(times):.1f} ms")
    print(f"  stored list read by the page: median {median:.2f} ms, at most {most} queries")
    shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volumes", type=Path, default=REPO.parent / "shared" / "data" / "frus")
    parser.add_argument("--home", type=Path, help="an archive made by import and enrich (copied)")
    parser.add_argument("--tune", action="store_true", help="print the grid on TUNED_ON")
    parser.add_argument("--cost", type=int, metavar="COPIES", help="only the cost, at COPIES×")
    args = parser.parse_args()
    if args.cost:
        cost(args.volumes, args.cost)
        return
    started = time.perf_counter()
    home = build_home(args.volumes, args.home)
    print(f"archive          {home} ({time.perf_counter() - started:.0f} s)")
    os.environ["READINGROOM_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from readingroom.authorities import derived
    from readingroom.search import similar_lists

    call_command("migrate", verbosity=0)
    derived.follow()
    started = time.perf_counter()
    computed = similar_lists.follow()
    print(f"related lists    {computed} computed in {time.perf_counter() - started:.1f} s")
    labels = labelled(args.volumes)
    if args.tune:
        tune(labels)
    report(labels)
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
