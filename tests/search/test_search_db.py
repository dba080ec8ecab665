"""Search over stored records: name variants, passages, filters, the change log and privacy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Block, Document, IndexChange, Status
from readingroom.search import sync
from readingroom.search.service import search
from readingroom.search.sync import FOLLOW_SECONDS, local_index, read_state, write_state

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

PLANTED = "quixotryvelk"


@pytest.fixture
def seeds(seed_paths, index_dir) -> dict[str, Document]:
    import_paths(seed_paths)
    return {
        "1959": Document.objects.get(date_start__year=1959),
        "1964": Document.objects.get(date_start__year=1964),
    }


class FakeClock:
    """Stands in for `sync.clock`: time moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    """The follow interval measured on a clock of the test's own: no sleeps, no real time."""
    fake = FakeClock()
    monkeypatch.setattr(sync, "clock", fake)
    return fake


def identifiers(result) -> list[str]:
    return [hit.identifier for hit in result.hits]


@pytest.mark.parametrize(
    "query",
    ["Choe Yong Gon", "Choe Yong-geon", "Choe Yeonggeon", "Ch'oe Yong-gŏn", "choe yong-gon"],
)
def test_any_spelling_finds_the_1959_meeting(seeds, query):
    assert identifiers(search(query)) == [seeds["1959"].identifier]


def test_speaker_passages(seeds):
    result = search("speaker:Hoxha Khrushchev")
    assert set(identifiers(result)) == {d.identifier for d in seeds.values()}
    for hit in result.hits:
        assert hit.snippets and all(s.speaker == "Comrade Enver Hoxha" for s in hit.snippets)
        assert any("<mark>Khrushchev</mark>" in s.html for s in hit.snippets)
    assert identifiers(search("speaker:Yong cannons")) == []  # An Yong never says it


def test_filters_facets_and_sorting(seeds):
    assert identifiers(search("type:Report")) == [seeds["1964"].identifier]
    assert identifiers(search("date:1959")) == [seeds["1959"].identifier]
    assert identifiers(search("date:1960..1965 agriculture")) == [seeds["1964"].identifier]
    everything = search("Hoxha", sort="date_asc")
    assert identifiers(everything) == [seeds["1959"].identifier, seeds["1964"].identifier]
    assert dict(everything.facets["type"]) == {"Minutes of Conversation": 2, "Report": 1}
    assert everything.years == [(1959, 1), (1964, 1)]
    assert "Enver Hoxha" in dict(everything.facets["person"])
    newest = search("Hoxha", sort="date_desc")
    assert identifiers(newest)[0] == seeds["1964"].identifier


@pytest.mark.parametrize(
    "query", ['"unbalanced', "*", "AND", "(((", "x" * 10_000, "a\x00b\x07", "date:19x9", "title:"]
)
def test_bad_queries_get_a_message_and_no_error(seeds, query):
    result = search(query)
    assert result.warnings
    assert result.total >= 0


def plant(doc: Document) -> None:
    block = doc.blocks.filter(kind="turn").first()
    Block.objects.filter(pk=block.pk).update(text=block.text + " " + PLANTED)
    doc.save()  # logs the change, as every edit does


def test_unpublished_records_leave_no_trace(seeds, capsys):
    doc = seeds["1959"]
    plant(doc)
    assert search(PLANTED).total == 1
    for status, until in ((Status.DRAFT, None), (Status.EMBARGOED, "2999-01-01")):
        doc.status, doc.embargo_until = status, until
        doc.save()
        for query in (PLANTED, f"speaker:Hoxha {PLANTED}", "Choe Yong Gon", f"{PLANTED}*"):
            result = search(query)
            assert result.total == 0 and result.hits == [], (status, query)
            assert all(not values for values in result.facets.values()), query
        everything = search("")
        assert everything.total == 1 and doc.identifier not in identifiers(everything)
        assert dict(everything.facets["type"]) == {"Minutes of Conversation": 1, "Report": 1}
        call_command("search_records", PLANTED, "--format", "json")
        assert PLANTED not in capsys.readouterr().out
    doc.status, doc.embargo_until = Status.PUBLISHED, None
    doc.save()
    assert search(PLANTED).total == 1


def test_a_lagging_index_never_shows_what_the_database_hides(seeds):
    search("")  # the index holds both documents
    Document.objects.filter(pk=seeds["1964"].pk).update(status=Status.DRAFT)  # not logged
    assert seeds["1964"].identifier not in identifiers(search("Hoxha"))


def test_lapsed_embargo_is_published_without_an_edit(seeds, clock):
    doc = seeds["1964"]
    doc.status, doc.embargo_until = Status.EMBARGOED, "2999-01-01"
    doc.save()
    assert search("Byeongchan").total == 0
    yesterday = timezone.localdate() - timedelta(days=1)
    Document.objects.filter(pk=doc.pk).update(embargo_until=yesterday)  # time passes, no edit
    path = local_index().path
    write_state(path, read_state(path)["mark"], timezone.now() - timedelta(days=2))
    clock.advance(FOLLOW_SECONDS)  # a search looks at the database again after this
    assert search("Byeongchan").total == 1


def looks_at_the_log(run: Callable[[], object]) -> bool:
    """Whether ``run()`` reads the change log table."""
    with CaptureQueriesContext(connection) as queries:
        run()
    table = IndexChange._meta.db_table
    return any(table in query["sql"] for query in queries.captured_queries)


def test_a_search_soon_after_another_only_rechecks_status(seeds, clock, django_assert_num_queries):
    search("Hoxha")
    clock.advance(FOLLOW_SECONDS / 2)
    with django_assert_num_queries(1):  # the public-status re-check; no look at the log
        assert search("Hoxha").total == 2
    clock.advance(FOLLOW_SECONDS / 2)  # the interval since the first search's look is over
    assert looks_at_the_log(lambda: search("Hoxha"))


def test_another_process_change_shows_after_the_follow_interval(seeds, clock):
    doc = seeds["1959"]
    assert search(PLANTED).total == 0
    # as another process would write it: this process's signals never hear of it
    Document.objects.filter(pk=doc.pk).update(title=f"The {PLANTED} minutes")
    IndexChange.objects.bulk_create([IndexChange(document_id=doc.pk)])
    clock.advance(FOLLOW_SECONDS / 2)
    assert search(PLANTED).total == 0  # not looked for yet: the interval is not over
    clock.advance(FOLLOW_SECONDS / 2)
    assert identifiers(search(PLANTED)) == [doc.identifier]


def test_reindex_rebuilds_from_the_database(seeds, capsys):
    search("")
    index = local_index()
    index.clear()
    assert index.search("Hoxha").total == 0  # the index is a cache: emptied, it finds nothing
    call_command("reindex")
    assert "2 documents indexed" in capsys.readouterr().out
    assert index.search("Hoxha").total == 2


def test_saved_and_deleted_documents_follow(seeds):
    doc = Document.objects.create(identifier="loose-leaf", title=f"A {PLANTED} memorandum")
    assert identifiers(search(PLANTED)) == ["loose-leaf"]
    doc.delete()
    assert search(PLANTED).total == 0
