"""Public documents looked up by key: told public in Python, read by primary key alone.

Asked in SQL (`public().filter(pk__in=…)`), SQLite without statistics takes the status index
once the list holds about ten ids, and reads every public document to find them: the
related documents, a person's documents and the API's search results paid for the size of
the archive."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from readingroom.records.models import Document, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def documents() -> list[Document]:
    today = timezone.localdate()
    kinds = [
        (Status.PUBLISHED, None),
        (Status.DRAFT, None),
        (Status.WITHDRAWN, None),
        (Status.EMBARGOED, today + timedelta(days=1)),
        (Status.EMBARGOED, today),  # ends today: public
        (Status.EMBARGOED, None),
    ]
    return Document.objects.bulk_create(
        Document(identifier=f"d{n}", title=f"D {n}", status=status, embargo_until=until)
        for n in range(400)
        for status, until in [kinds[n % len(kinds)]]
    )


def test_only_public_documents_are_found(documents):
    found = Document.objects.public_in_bulk(d.pk for d in documents)
    assert sorted(found) == sorted(d.pk for d in Document.objects.public())
    assert {d.identifier for d in found.values()} == {
        f"d{n}" for n in range(400) if n % 6 in (0, 4)
    }


def test_named_fields_and_nothing_more_are_read(documents):
    found = Document.objects.public_in_bulk([documents[0].pk], "title")
    with CaptureQueriesContext(connection) as later:
        assert found[documents[0].pk].title == "D 0"
    assert not later.captured_queries
    assert {"summary", "places"} <= found[documents[0].pk].get_deferred_fields()


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_reads_them_by_primary_key(documents):
    ids = [d.pk for d in documents[:50]]
    with CaptureQueriesContext(connection) as captured:
        Document.objects.public_in_bulk(ids, "title")
    (sql,) = [q["sql"] for q in captured.captured_queries]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = [row[3] for row in cursor.fetchall()]
    assert plan == ["SEARCH records_document USING INTEGER PRIMARY KEY (rowid=?)"], plan
