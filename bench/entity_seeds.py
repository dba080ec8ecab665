"""Speaker turns of the two seed pages, scored on what the archive stores (bench/entities.py).

The gold is the hand-written tests/fixtures/gold/seeds_gold.json (which block each speaker
says, labelled or continued). A stored block is right when its speaker is a person whose name
is the gold speaker's (by name key).
"""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "sample_data" / "seeds").glob("*.txt"))
GOLD = REPO / "tests" / "fixtures" / "gold" / "seeds_gold.json"


def score_turns() -> tuple[int, int, int]:
    """(blocks stored with a speaker, gold turn blocks, blocks whose speaker is right)."""
    from readingroom.enrich.namekeys import same_person
    from readingroom.ingest.seedpage import SeedPageImporter
    from readingroom.records.models import Block

    gold = json.loads(GOLD.read_text(encoding="utf-8"))["documents"]
    predicted = expected = right = 0
    for path in SEEDS:
        key = next(SeedPageImporter().parse(path).documents).key
        turns = gold[path.name]["turns"]
        said = {b: who for who, t in turns.items() for b in t["labels"] + t["continued"]}
        blocks = Block.objects.filter(document__identifier=key, speaker_person__isnull=False)
        for order, names in _speakers(blocks):
            predicted += 1
            right += order in said and any(same_person(n, said[order]) for n in names)
        expected += len(said)
    return predicted, expected, right


def _speakers(blocks) -> list[tuple[int, list[str]]]:
    rows = blocks.prefetch_related("speaker_person__names")
    return [(b.order, [n.text for n in b.speaker_person.names.all()]) for b in rows]


def report_turns() -> None:
    predicted, expected, right = score_turns()
    p = right / predicted if predicted else 0.0
    r = right / expected if expected else 0.0
    print(f"seed pages, speaker turns: P {p:.3f} R {r:.3f} ({right} of {expected} gold blocks)")
