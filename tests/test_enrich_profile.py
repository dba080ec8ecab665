"""Person-page data over the enrichments of both seeds."""

from __future__ import annotations

from pathlib import Path

from readingroom.enrich.pipeline import enrich
from readingroom.enrich.profile import person_page
from readingroom.ingest.seedpage import SeedPageImporter

SEEDS = sorted((Path(__file__).resolve().parent.parent / "sample_data/seeds").glob("*.txt"))


def enrichments():
    return [enrich(next(SeedPageImporter().parse(path).documents)) for path in SEEDS]


def test_person_page() -> None:
    results = enrichments()
    belishova = person_page("liri-belishova", results)
    assert len(belishova.mentioned) == 2 and len(belishova.participates) == 1
    assert belishova.speaks == []
    choe = person_page("choe-yong-geon", results)
    assert {"Choe Yong-geon", "Choe Yong Gon"} <= set(choe.distinct_names())
    assert any(use.how == "variant" and use.evidence.block == 1 for use in choe.names)
    kapo = person_page("hysni-kapo", results)
    assert [r.role for r in kapo.roles] == ["Member APL CC Politburo and CC Secretary"]
    assert dict(kapo.co_occurring)["enver-hoxha"] == 1


def test_unknown_person_has_an_empty_page() -> None:
    page = person_page("nobody", enrichments())
    assert page.names == [] and page.co_occurring == []
