"""Related documents by content on real FRUS text: what the page lists is, on a volume the
weights were not tuned on, mostly its own chapter (the label of bench/related.py), and the
seed's 1959 conversation is no longer "related" to a CIA weekly review for sharing names."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from lxml import etree

from readingroom.authorities.enrichment import pending
from readingroom.authorities.models import RelatedDocument
from readingroom.ingest.frus.document import document_key
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids
from readingroom.records.models import Document
from readingroom.search import similar_lists
from readingroom.search.models import SimilarDocument
from readingroom.web.related import related
from tests.frus_data import volume_path

pytestmark = [pytest.mark.django_db, pytest.mark.frus]

SEED_1959 = "seed-001_3f704298176807c3"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def archive(*paths) -> None:
    """These files imported and enriched, and the stored lists brought up to date: what
    `readingroom import` and `readingroom enrich` leave, and the queued follower then."""
    import_paths(list(paths))
    enrich_ids(pending())
    similar_lists.follow()


def chapters(stem: str) -> dict[str, str]:
    """Document identifier -> the xml:id of its innermost chapter, read from the TEI."""
    labels = {}
    for div in etree.parse(str(volume_path(stem))).iter(f"{TEI}div"):
        if div.get("type") == "document":
            around = [a for a in div.iterancestors(f"{TEI}div") if a.get("type") == "chapter"]
            if around:
                labels[document_key(stem, div.get(XML_ID))] = around[0].get(XML_ID)
    return labels


def test_a_held_out_volume_s_related_lists_are_mostly_its_own_chapter(index_dir):
    stem = "frus1964-68v17"  # Eastern Europe, 1964-68: not among the volumes tuned on
    archive(volume_path(stem))
    labels = chapters(stem)
    sizes = Counter(labels.values())
    docs = Document.objects.filter(identifier__in=list(labels))
    precision, people = [], []
    for doc in docs:
        if sizes[labels[doc.identifier]] < 6:
            continue
        shown = [e.doc.identifier for e in related(doc)][:5]
        precision.append(sum(labels.get(i) == labels[doc.identifier] for i in shown) / 5)
        by_people = RelatedDocument.objects.filter(document_id=doc.pk).order_by("rank")[:5]
        keys = dict(Document.objects.values_list("pk", "identifier"))
        same = [labels.get(keys[r.related_id]) == labels[doc.identifier] for r in by_people]
        people.append(sum(same) / 5)
    assert len(precision) > 150
    assert sum(p >= 0.6 for p in precision) > len(precision) / 2  # mostly its own chapter
    assert sum(precision) > sum(people)  # and more than people in common alone


def test_the_1959_conversation_is_not_related_to_a_cia_weekly_review(client, seed_paths, index_dir):
    archive(*seed_paths, volume_path("frus1961-63v05"), volume_path("frus1958-60v10p2"))
    seed = Document.objects.get(identifier=SEED_1959)
    review = "Current Intelligence Weekly Review"
    by_people = RelatedDocument.objects.filter(document_id=seed.pk).values("related_id")
    assert Document.objects.filter(pk__in=by_people, title=review).exists()  # it was, before
    shown = related(seed)
    assert shown and review not in [e.doc.title for e in shown]
    page = client.get(f"/documents/{SEED_1959}/").content.decode()
    section = re.search(r'<section aria-labelledby="rel-h">.*?</section>', page, re.S).group(0)
    assert review not in section
    assert "Report on a Meeting between Enver Hoxha and Li Byeongchan" in section
    assert "shares: " in section and "Albania" in section


def test_lists_are_the_same_when_computed_again(index_dir):
    archive(volume_path("frus1964-68v17"))
    rows = "document_id", "rank", "related_id", "score", "words", "people", "events"
    before = list(SimilarDocument.objects.order_by("document_id", "rank").values_list(*rows))
    similar_lists.stale(set(Document.objects.values_list("pk", flat=True)), spread=True)
    assert similar_lists.behind()
    assert similar_lists.follow() == len({r[0] for r in before})
    after = list(SimilarDocument.objects.order_by("document_id", "rank").values_list(*rows))
    assert after == before and not similar_lists.behind()
