"""Who is who on real volumes, scored on what `enrich` stores (issue 14, points 1-3 and 8).

A volume is imported without the publisher's person links, enriched as the CLI does, and the
stored rows are scored against the hidden links by the benchmark's own scorer
(bench/entity_score.py), so the test and `bench/entities.py` measure the same thing. One
volume used while tuning and one kept aside (bench/entities.py, HELD_OUT).
"""

from __future__ import annotations

import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from readingroom.authorities.appearances import links, people_by_document
from readingroom.authorities.enrichment import enrich_documents, pending
from readingroom.authorities.models import Person
from readingroom.enrich.linking import key_of, person_authority
from readingroom.enrich.namekeys import key_string, same_person
from readingroom.enrich.titles import TITLES
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document
from tests.frus_data import volume_path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from entity_gold import gold, hidden_copy
from entity_score import Stored, score_volume

pytestmark = [pytest.mark.frus, pytest.mark.django_db]


@pytest.fixture(scope="module", params=["frus1961-63v05", "frus1964-68v17"])
def volume(request) -> Path:
    return volume_path(request.param)


def _enriched(volume: Path, into: Path) -> None:
    report = import_paths([hidden_copy(volume, into)])
    assert not report.rejections
    enrich_documents(pending())


def test_stored_links_match_the_editors(volume: Path, tmp_path: Path) -> None:
    _enriched(volume, tmp_path)
    score = score_volume(gold(volume), Stored.load(), without_list=False)
    assert score.f1 >= 0.90, (score.precision, score.recall)
    assert score.participants_resolved >= 0.90
    assert score.participants_right >= 0.93


def test_no_person_is_a_title_a_caption_or_a_redaction(volume: Path, tmp_path: Path) -> None:
    _enriched(volume, tmp_path)
    bad = [
        p.name
        for p in Person.objects.all()
        if not key_string(p.name)
        or "declassified" in p.name
        or all(w.rstrip(".,").lower() in TITLES for w in p.name.split())
    ]
    assert bad == []


def test_no_document_holds_two_people_the_list_says_are_one(volume: Path, tmp_path: Path) -> None:
    _enriched(volume, tmp_path)
    listed = [key_of(person_authority("", p.name).name) for p in _listed(volume)]
    surnames = Counter(k.surname for k in listed)
    listed = [k for k in listed if not k.bare and surnames[k.surname] == 1]
    names = {
        p.pk: [n.text for n in p.names.all()] for p in Person.objects.prefetch_related("names")
    }
    identifiers = dict(Document.objects.values_list("pk", "identifier"))
    twice = []
    for doc_id, people in people_by_document(links()).items():
        for a, b in combinations(sorted(people), 2):
            if any(_is(names[a], k) and _is(names[b], k) for k in listed):
                twice.append((identifiers[doc_id], names[a][0], names[b][0]))
    assert twice == []


def _listed(volume: Path):
    from readingroom.ingest.frus import FrusImporter

    return FrusImporter().parse(volume).persons


def _is(names: list[str], listed) -> bool:
    """A name of this listed person: the same person by key, or the surname alone (the
    list has only one person of that surname)."""
    keys = [key_of(n) for n in names]
    return any(same_person(k, listed) or (k.bare and k.surname == listed.surname) for k in keys)
