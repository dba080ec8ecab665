"""Person recognition and linking scored against FRUS's own persName links.

The publisher links names in FRUS volumes to the volume's persons list (persName/@corresp).
This bench hides those links (and the participants' keys) from the pipeline, keeps the persons
list as the gazetteer it may use, runs recognition and linking, and scores the result:
a predicted mention is right when it overlaps a hidden link to the same person key. Only
mentions linked to a persons-list key are scored, since the hidden links can only say
something about those. Documents run in parallel on every core.

    .venv/bin/python bench/entities.py [volume.xml ...] [--workers N]
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from readingroom.enrich.glossary import Glossary
from readingroom.enrich.linking import PersonIndex, person_authority
from readingroom.enrich.pipeline import enrich
from readingroom.ingest.frus import FrusImporter
from readingroom.records.contract import DocumentRecord, MentionRecord

DATA = Path("/work/shared/data/frus")

Span = tuple[int, int, int, str]  # block, start, end, person key


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    right_predicted: int = 0
    right_gold: int = 0
    words: int = 0
    seconds: float = 0.0

    def __add__(self, other: Score) -> Score:
        return Score(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple:
        return (
            self.predicted,
            self.gold,
            self.right_predicted,
            self.right_gold,
            self.words,
            self.seconds,
        )

    @property
    def precision(self) -> float:
        return self.right_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.right_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def hide_links(document: DocumentRecord) -> tuple[DocumentRecord, list[Span]]:
    """The document without its person links, and the links it had."""
    gold: list[Span] = []
    blocks = []
    for index, block in enumerate(document.blocks):
        people = [m for m in block.mentions if m.kind == "person"]
        gold += [(index, m.start, m.end, m.key) for m in people]
        kept: list[MentionRecord] = [m for m in block.mentions if m.kind != "person"]
        blocks.append(replace(block, mentions=kept))
    participants = [replace(p, key="") for p in document.participants]
    return replace(document, blocks=blocks, participants=participants), gold


def _overlap(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[3] == b[3] and a[1] < b[2] and b[1] < a[2]


def score_document(predicted: list[Span], gold: list[Span]) -> tuple[int, int]:
    """(predicted spans that hit a gold link, gold links hit by a prediction)."""
    by_block: dict[int, list[Span]] = {}
    for span in gold:
        by_block.setdefault(span[0], []).append(span)
    right_predicted = sum(any(_overlap(p, g) for g in by_block.get(p[0], ())) for p in predicted)
    hit = {g for p in predicted for g in by_block.get(p[0], ()) if _overlap(p, g)}
    return right_predicted, len(hit)


def score_volume(path: Path, limit: int | None = None) -> Score:
    parsed = FrusImporter().parse(path)
    index = PersonIndex([person_authority(p.key, p.name, p.description) for p in parsed.persons])
    keys = {p.key for p in parsed.persons}
    glossary = Glossary().extend((t.term, t.expansion) for t in parsed.terms)
    score = Score()
    for number, document in enumerate(parsed.documents):
        if limit is not None and number >= limit:
            break
        hidden, gold = hide_links(document)
        started = time.perf_counter()
        enrichment = enrich(hidden, index, glossary=glossary)
        score.seconds += time.perf_counter() - started
        predicted = [
            (m.block, m.start, m.end, m.key)
            for m in enrichment.mentions
            if m.kind == "person" and m.key in keys
        ]
        right_predicted, right_gold = score_document(predicted, gold)
        score += Score(len(predicted), len(gold), right_predicted, right_gold)
        score.words += sum(len(b.text.split()) for b in hidden.blocks)
    return score


def run(paths: list[Path], workers: int) -> tuple[Score, dict[str, Score], float]:
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        scores = dict(zip((p.name for p in paths), pool.map(score_volume, paths), strict=True))
    elapsed = time.perf_counter() - started
    total = Score()
    for score in scores.values():
        total += score
    return total, scores, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("volumes", nargs="*", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    paths = args.volumes or sorted(DATA.glob("*.xml"))
    total, scores, elapsed = run(paths, args.workers)
    for name, s in scores.items():
        print(f"{name:24} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  ({s.gold} links)")
    print(
        f"TOTAL  P {total.precision:.3f}  R {total.recall:.3f}  F1 {total.f1:.3f}  "
        f"gold {total.gold}  predicted {total.predicted}"
    )
    print(
        f"words {total.words}  wall {elapsed:.1f}s  -> {total.words / elapsed:,.0f} words/s "
        f"with {args.workers} workers "
        f"(enrich only, one core: {total.words / total.seconds:,.0f} words/s)"
    )


if __name__ == "__main__":
    main()
