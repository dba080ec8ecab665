"""A large import leaves enrichment to the queue's worker, which finishes it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from readingroom.authorities.enrichment import pending
from readingroom.ingest.management.commands import import_records
from tests.taskqueue import run_queue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_enrichment_of_a_large_import_is_queued_and_the_worker_does_it(
    seed_paths, index_dir, monkeypatch, capsys
):
    monkeypatch.setattr(import_records, "INLINE_ENRICHMENT", 1)  # the seeds count as large
    call_command("import_records", *map(str, seed_paths))
    assert "queued for `readingroom worker`" in capsys.readouterr().err
    assert len(pending()) == 2
    run_queue()
    assert pending() == []
