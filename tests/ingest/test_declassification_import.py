"""Declassification as data, on what `readingroom import` stores (issue 18, points 1 and 2):
every withheld marker of the twelve FRUS volumes an annotation of its own, and the
classification read from the source notes."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from lxml import etree
from rich.console import Console

from readingroom.enrich.withheld import find_withheld
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Annotation, Document
from readingroom.search.service import declassification
from readingroom.search.sync import sync_index
from tests.enrich.test_withheld import _TEI, _independent_count
from tests.frus_data import frus_dir

pytestmark = [pytest.mark.django_db, pytest.mark.frus]


def expected_markers() -> dict[str, int]:
    """Per document identifier, the independent count over its TEI text."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    counts = {}
    for path in sorted(frus_dir().glob("frus*.xml")):
        for div in etree.parse(str(path), parser).iter(f"{_TEI}div"):
            if div.get("type") == "document":
                counts[f"{path.stem}-{div.get('{http://www.w3.org/XML/1998/namespace}id')}"] = (
                    _independent_count("".join(div.itertext()))
                )
    return counts


def test_every_marker_is_stored_and_classifications_are_read(index_dir) -> None:
    report = import_paths(sorted(frus_dir().glob("frus*.xml")), console=Console(file=io.StringIO()))
    assert report.rejections == []
    stored = Counter(
        Annotation.objects.filter(kind="withheld").values_list(
            "block__document__identifier", flat=True
        )
    )
    differ = {}
    for identifier, source in Document.objects.values_list("identifier", "source_text"):
        found = stored[identifier] + len(find_withheld(source))  # a source note is no block
        if found != expected_markers_cache().get(identifier, 0):
            differ[identifier] = (expected_markers_cache().get(identifier), found)
    assert differ == {}
    assert sum(stored.values()) >= 800
    sync_index()  # and the declassification page counts each of them, source notes' too
    assert declassification("").total.passages == sum(expected_markers_cache().values())

    noted = Document.objects.exclude(source_text="")
    read = noted.exclude(classification="")
    assert read.count() >= 0.95 * noted.count(), (read.count(), noted.count())


_CACHE: dict[str, int] = {}


def expected_markers_cache() -> dict[str, int]:
    if not _CACHE:
        _CACHE.update(expected_markers())
    return _CACHE
