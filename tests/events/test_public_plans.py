"""What the public sees of an event asks each account's own document whether it is public,
never the list of every public document (which grows with the archive: an event page took
17 ms at ten times the FRUS set that way, 4 ms this way)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection

from readingroom.authorities.enrichment import pending
from readingroom.events.models import Event, EventDocument, EventParticipant, public_document
from readingroom.events.public import account_counts, events_of_document
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids
from readingroom.records.models import Document

pytestmark = pytest.mark.django_db


def plan(sql: str, params: tuple) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_no_public_reading_scans_the_documents(seed_paths: list[Path]) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the plan is SQLite's")
    import_paths(seed_paths)
    enrich_ids(pending())
    event = Event.objects.first()
    doc = Document.objects.first()
    queries = [
        event.accounts.filter(public_document()).order_by(),
        EventParticipant.objects.filter(event=event).filter(public_document()),
        EventDocument.objects.filter(document=doc)
        .filter(event__in=[e.pk for e, _ in events_of_document(doc)])
        .order_by(),
    ]
    for query in queries:
        sql, params = query.query.sql_with_params()
        found = plan(sql, params)  # the documents (an alias in a subquery) read whole?
        assert not re.search(r"^SCAN (records_document|U\d+)\b", found, re.MULTILINE), found
    assert account_counts([event]) == {event.pk: 1}
