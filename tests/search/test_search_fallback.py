"""While a serving process builds its index, search answers from the database's public list.

Each test deletes the index of a serving process and holds the node's writer while it
searches, so the background build waits for the test (no race with it, no sleeping); once
the writer is let go the build runs and is joined.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status
from readingroom.search import sync
from readingroom.search.fallback import BUILDING
from readingroom.search.service import search
from tests.frus_data import excerpt_path

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

D1, D2, D3 = (f"frus1961-63v06-d{n}" for n in (1, 2, 3))
SEED_1964 = "seed-000_1068440e2b6c39f3"  # its summary names Khrushchev; its title does not
SEED_1959 = "seed-001_3f704298176807c3"


@pytest.fixture
def archive(seed_paths, index_dir, monkeypatch):
    """The seeds and three FRUS letters, indexed; the second letter made a draft since."""
    import_paths([*seed_paths, excerpt_path("frus1961-63v06")])
    assert search("insurmountable").total == 1  # a word of d1's text, in no title or summary
    Document.objects.filter(identifier=D2).update(status=Status.DRAFT)
    monkeypatch.setattr(sync, "serving", True)  # searches never wait; builds run in a thread
    return index_dir


@contextmanager
def building(index_dir) -> Iterator[None]:
    """The index is gone and its build waits on the node's writer, held here."""
    shutil.rmtree(index_dir)
    with sync.node_writer():
        yield
    sync._builder.join()


def identifiers(page) -> list[str]:
    return [hit.identifier for hit in page.hits]


def test_search_answers_from_titles_and_summaries_while_the_index_is_built(archive):
    with building(archive):
        page = search("KHRUSHCHEV")
        assert page.rebuilding and page.warnings == [BUILDING]
        assert identifiers(page) == [SEED_1964, D3, D1]  # newest first; the draft never
        assert page.total == 3 and page.facets == {} and page.years == []
        assert "<mark>Khrushchev</mark>" in page.hits[0].summary_html

        assert identifiers(search("President-elect")) == [D1]  # D2's title too, a draft
        assert identifiers(search("khrushchev kennedy")) == [D3, D1]  # every word
        assert search("insurmountable").total == 0  # in the text only: not read meanwhile

        second = search("Khrushchev", page=2, page_size=2)
        assert identifiers(second) == [D1] and second.total == 3 and second.last_page == 2
        assert identifiers(search("Khrushchev", sort="date_asc")) == [D1, D3, SEED_1964]
        assert not sync.ready()

    after = search("insurmountable")  # built: the index answers again, from the text
    assert identifiers(after) == [D1] and not after.rebuilding and BUILDING not in after.warnings
    assert after.hits[0].snippets


def test_the_simple_parts_of_the_query_language_apply(archive):
    with building(archive):
        assert identifiers(search("date:1961 Khrushchev")) == [D3]
        assert identifiers(search("Khrushchev -Brezhnev")) == [SEED_1964, D1]
        assert identifiers(search("title:Khrushchev")) == [D3, D1]
        assert identifiers(search("Brezhnev OR revisionism")) == [SEED_1964, D3, SEED_1959]
        assert search('"Li Byeongchan" person:Hoxha').total == 0  # people wait for the index


def test_what_the_database_holds_is_shown_escaped(archive):
    Document.objects.filter(identifier=D1).update(summary="<script>alert(1)</script> Kennedy")
    with building(archive):
        (hit,) = search("alert").hits
    assert hit.summary_html == "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; Kennedy"


def test_filters_the_database_can_answer_apply_and_the_others_match_nothing(archive):
    volume = Document.objects.get(identifier=D1).collections.get()
    with building(archive):
        in_volume = search(f'KHRUSHCHEV collection:"{volume.title}"')
        assert identifiers(in_volume) == [D3, D1]
        assert identifiers(search(f"KHRUSHCHEV collection:{volume.key}")) == [D3, D1]
        assert search("KHRUSHCHEV person:Khrushchev").total == 0  # not "any person"
        assert identifiers(search("KHRUSHCHEV NOT person:Khrushchev")) == [SEED_1964, D3, D1]
