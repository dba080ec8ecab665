"""A collection renamed by a curator reaches the index (and every page keyed by the log)."""

from __future__ import annotations

import pytest

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Collection, IndexChange
from readingroom.search.service import search
from tests.frus_data import excerpt_path

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_a_renamed_collection_logs_its_documents_and_is_found_by_its_new_title(index_dir):
    import_paths([excerpt_path("frus1961-63v06")])
    collection = Collection.objects.filter(documents__isnull=False).distinct().first()
    members = set(collection.documents.values_list("pk", flat=True))
    before = search("").total
    logged = IndexChange.objects.count()
    collection.title = "The Quillonvexar Papers"
    collection.save()
    logged_now = IndexChange.objects.order_by("pk")[logged:]
    assert {change.document_id for change in logged_now} == members
    assert search('collection:"The Quillonvexar Papers"').total == len(members) <= before
