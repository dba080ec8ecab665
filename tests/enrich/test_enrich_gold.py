"""The enrichment pipeline scored against a hand-made gold file for the two seeds.

The gold (tests/fixtures/gold/seeds_gold.json) was written by reading the seed pages; it
names surfaces, not offsets, so this module places each surface in its block (longest first,
never inside another gold span) before comparing spans. Run with -s to see the table.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from readingroom.enrich.linking import PersonIndex, key_of
from readingroom.enrich.namekeys import same_person
from readingroom.enrich.pipeline import enrich
from readingroom.enrich.results import Enrichment
from readingroom.ingest.seedpage import SeedPageImporter
from readingroom.records.contract import DocumentRecord

ROOT = Path(__file__).resolve().parents[2]
GOLD = json.loads((ROOT / "tests/fixtures/gold/seeds_gold.json").read_text(encoding="utf-8"))
Span = tuple[int, int, int, str]  # block, start, end, referent key


def _document(name: str) -> DocumentRecord:
    return next(SeedPageImporter().parse(ROOT / "sample_data/seeds" / name).documents)


def _person_key(enrichment: Enrichment, name: str) -> str:
    """The key the pipeline gave the person a gold name refers to (by name key)."""
    for record in enrichment.people:
        names = [record.name, *record.names]
        if any(not key_of(n).bare and same_person(name, n) for n in names):
            return record.key
    found = PersonIndex().lookup(name)
    return found[0].key if found else "gold:" + name


def _place(
    document: DocumentRecord, entries: list[tuple[int, str, str, str]]
) -> list[tuple[str, Span]]:
    """(category, span) for every gold entry, found in its block, longest surfaces first."""
    taken: dict[int, list[tuple[int, int]]] = {}
    placed = []
    for block, surface, referent, category in sorted(entries, key=lambda e: -len(e[1])):
        text = document.blocks[block].text
        spans = taken.setdefault(block, [])
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if not any(match.start() < e and s < match.end() for s, e in spans):
                spans.append((match.start(), match.end()))
                placed.append((category, (block, match.start(), match.end(), referent)))
                break
        else:
            raise AssertionError(f"gold surface {surface!r} not found in block {block}")
    return placed


def _gold_spans(
    name: str, document: DocumentRecord, enrichment: Enrichment
) -> dict[str, list[Span]]:
    gold = GOLD["documents"][name]
    entries = []
    for speaker, turns in gold["turns"].items():
        entries += [(b, speaker, speaker, "persons") for b in turns["labels"]]
    for category in ("persons", "places", "organizations"):
        entries += [(b, surface, referent, category) for b, surface, referent in gold[category]]
    spans: dict[str, list[Span]] = {"persons": [], "places": [], "organizations": []}
    for category, (block, start, end, referent) in _place(document, entries):
        key = _person_key(enrichment, referent) if category == "persons" else referent
        spans[category].append((block, start, end, key))
    return spans


def _predicted(enrichment: Enrichment) -> dict[str, list[Span]]:
    kinds = {"person": "persons", "place": "places", "organization": "organizations"}
    spans: dict[str, list[Span]] = {"persons": [], "places": [], "organizations": []}
    for m in enrichment.mentions:
        if m.kind in kinds:
            spans[kinds[m.kind]].append((m.block, m.start, m.end, m.key))
    return spans


def _hits(predicted: list[Span], gold: list[Span]) -> tuple[int, int]:
    def same(a: Span, b: Span) -> bool:
        return a[0] == b[0] and a[3] == b[3] and a[1] < b[2] and b[1] < a[2]

    return sum(any(same(p, g) for g in gold) for p in predicted), sum(
        any(same(p, g) for p in predicted) for g in gold
    )


def _sets(name: str, enrichment: Enrichment) -> dict[str, tuple[set, set]]:
    gold = GOLD["documents"][name]
    people = lambda names: {_person_key(enrichment, n) for n in names}  # noqa: E731
    parts = lambda *p: {a.person for a in enrichment.attendance if a.part in p}  # noqa: E731
    turns_gold = {
        (b, _person_key(enrichment, speaker))
        for speaker, t in gold["turns"].items()
        for b in t["labels"] + t["continued"]
    }
    return {
        "turns": ({(t.block, t.person) for t in enrichment.turns}, turns_gold),
        "participants": (parts("participant", "speaker"), people(gold["participants"])),
        "note_takers": (parts("note_taker"), people(gold["note_takers"])),
        "translators": (parts("translator"), people(gold["translators"])),
    }


def score_seeds() -> dict[str, tuple[float, float, float]]:
    """Precision, recall and F1 per category over both seeds."""
    counts: dict[str, list[int]] = {}
    for name in GOLD["documents"]:
        document = _document(name)
        enrichment = enrich(document)
        gold, predicted = _gold_spans(name, document, enrichment), _predicted(enrichment)
        for category in gold:
            right_p, right_g = _hits(predicted[category], gold[category])
            _add(
                counts,
                category,
                predicted=len(predicted[category]),
                gold=len(gold[category]),
                right_p=right_p,
                right_g=right_g,
            )
        for category, (found, expected) in _sets(name, enrichment).items():
            right = len(found & expected)
            _add(
                counts,
                category,
                predicted=len(found),
                gold=len(expected),
                right_p=right,
                right_g=right,
            )
    return {c: _prf(*n) for c, n in counts.items()}


def _add(
    counts: dict[str, list[int]],
    category: str,
    *,
    predicted: int,
    gold: int,
    right_p: int,
    right_g: int,
) -> None:
    """Add one comparison to the category's running [predicted, gold, right_p, right_g]."""
    row = counts.setdefault(category, [0, 0, 0, 0])
    for i, n in enumerate((predicted, gold, right_p, right_g)):
        row[i] += n


def _prf(predicted: int, gold: int, right_p: int, right_g: int) -> tuple[float, float, float]:
    p = right_p / predicted if predicted else 0.0
    r = right_g / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@pytest.fixture(scope="module")
def scores() -> dict[str, tuple[float, float, float]]:
    table = score_seeds()
    for category, (p, r, f) in table.items():
        print(f"{category:14} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    return table


def test_person_linking_f1(scores: dict[str, tuple[float, float, float]]) -> None:
    assert scores["persons"][2] >= 0.85


def test_conversation_structure(scores: dict[str, tuple[float, float, float]]) -> None:
    assert scores["turns"][2] >= 0.95
    assert scores["participants"][2] >= 0.9
    assert scores["note_takers"][2] == 1.0
    assert scores["translators"][2] == 1.0


def test_places_and_organizations(scores: dict[str, tuple[float, float, float]]) -> None:
    assert scores["places"][2] >= 0.8
    assert scores["organizations"][2] >= 0.5
