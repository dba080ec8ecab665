"""Related documents and the network are read from stored data that follows the change log.

A page never recounts: it shows what the follower stored and, finding the log ahead, queues
one follower run. Once that run has applied the change, a new document is among the related
documents and in the network; a document made draft has left both. The pages' queries do not
grow with the archive.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from readingroom.authorities.derived_tasks import follow_changes
from readingroom.authorities.models import Mention, Person
from readingroom.records.models import Collection, Document, Participant, Status
from readingroom.search.similar_lists import follow  # the people lists first, then content
from tests.taskqueue import run_queue

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# The tables that link people to documents: a page that reads them for other documents than
# the one it shows is recounting.
LINK_TABLES = (
    "records_participant",
    "records_block",
    "authorities_attendance",
    "authorities_mention",
)


def talks(
    identifier: str, present: list[Person], *, mentioned=(), year=1960, status=Status.PUBLISHED
):
    doc = Document.objects.create(
        identifier=identifier,
        title=f"Talks {identifier}",
        status=status,
        date_start=date(year, 5, 1),
    )
    for order, person in enumerate(present):
        Participant.objects.create(document=doc, order=order, name=person.name, person=person)
    for person in mentioned:
        Mention.objects.create(document=doc, kind="person", start=0, end=1, text="x", person=person)
    return doc


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def related_on(client, doc: Document) -> list[str]:
    text = page(client, f"/documents/{doc.identifier}/")
    section = re.search(r'<section aria-labelledby="rel-h">.*?</section>', text, re.S)
    return re.findall(r'href="/documents/([^/]+)/"', section.group(0)) if section else []


def pairs_on(client, query: str = "") -> dict[frozenset[str], int]:
    rows = re.findall(
        r'<tr><td><a href="[^"]+">([^<]+)</a></td><td><a href="[^"]+">([^<]+)</a></td>'
        r"<td><a [^>]+>(\d+)</a>",
        page(client, "/network/" + query),
    )
    return {frozenset((a, b)): int(n) for a, b, n in rows}


def queued() -> int:
    return DBTaskResult.objects.filter(task_path=follow_changes.module_path).count()


@pytest.fixture
def cast(index_dir) -> list[Person]:
    return [Person.objects.create(name=n) for n in ("Ada Ash", "Ben Birch", "Cy Cedar", "Dee Dale")]


def test_a_new_document_appears_once_its_change_is_applied(client, cast):
    ada, ben, cy, dee = cast
    first = talks("first", [ada, ben, cy])
    talks("second", [ada, ben])
    follow()
    assert related_on(client, first) == ["second"]
    assert queued() == 0  # nothing to apply: nothing queued
    talks("third", [ada, ben, dee], mentioned=[cy], year=1961)
    # The pages show what is stored (nothing is counted in a request) and queue one run.
    assert related_on(client, first) == ["second"]
    assert frozenset(("Ben Birch", "Dee Dale")) not in pairs_on(client)
    assert queued() == 1
    assert run_queue() == 2  # that run, and the lists by content's own
    # Both now; in the order of the combined score, where the nearer date counts too.
    assert sorted(related_on(client, first)) == ["second", "third"]
    pairs = pairs_on(client)
    assert pairs[frozenset(("Ada Ash", "Ben Birch"))] == 3
    assert pairs[frozenset(("Ben Birch", "Dee Dale"))] == 1
    assert frozenset(("Cy Cedar", "Dee Dale")) not in pairs  # Cy is only mentioned there
    assert pairs_on(client, "?from=1961") == {
        frozenset(pair): 1
        for pair in [("Ada Ash", "Ben Birch"), ("Ada Ash", "Dee Dale"), ("Ben Birch", "Dee Dale")]
    }


def test_a_document_made_draft_leaves_related_documents_and_the_network(client, cast):
    ada, ben, cy, dee = cast
    first = talks("first", [ada, ben])
    secret = talks("secret", [ada, ben, cy, dee])
    talks("third", [ada], year=1962)
    follow()
    assert related_on(client, first) == ["secret", "third"]
    assert frozenset(("Cy Cedar", "Dee Dale")) in pairs_on(client)
    secret.status = Status.DRAFT
    secret.save()
    # At once, before any follower runs: its people and pairs are gone, its title too.
    assert related_on(client, first) == ["third"]
    text = page(client, "/network/") + page(client, f"/documents/{first.identifier}/")
    assert "Cy Cedar" not in text and "Dee Dale" not in text and secret.title not in text
    assert pairs_on(client) == {frozenset(("Ada Ash", "Ben Birch")): 1}
    run_queue()
    assert related_on(client, first) == ["third"]
    assert pairs_on(client) == {frozenset(("Ada Ash", "Ben Birch")): 1}


def queries_of(client, urls: list[str]) -> list[list[str]]:
    found = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        found.append([q["sql"] for q in captured.captured_queries])
    return found


def test_the_pages_queries_do_not_grow_with_the_archive(client, cast, settings):
    settings.PAGE_CACHE = ""  # count the pages' own queries, every time
    ada, ben, cy, dee = cast
    volume = Collection.objects.create(key="talks", title="Talks")
    first = talks("first", [ada, ben, cy])
    for n in range(3):
        volume.documents.add(talks(f"early-{n}", [ada, ben, dee], mentioned=[cy], year=1955 + n))
    follow()
    urls = [
        f"/documents/{first.identifier}/",
        "/network/",
        "/network/?from=1950&to=1970",
        "/network/?collection=talks&from=1956",
    ]
    before = queries_of(client, urls)
    more = [Person.objects.create(name=f"Envoy {i}") for i in range(20)]
    for n in range(50):
        doc = talks(
            f"later-{n}", [ada, ben, *more[n % 17 : n % 17 + 3]], mentioned=[cy], year=1950 + n % 20
        )
        volume.documents.add(doc)
    follow()
    after = queries_of(client, urls)
    assert [len(q) for q in after] == [len(q) for q in before]
    assert len(related_on(client, first)) == 6
    for sql in (q for page_queries in after for q in page_queries):
        if "GROUP BY" in sql.upper():  # only the stored counts are added up
            assert not any(table in sql for table in LINK_TABLES), sql
    network = [q for page_queries in after[1:] for q in page_queries]
    assert not [q for q in network if any(table in q for table in LINK_TABLES)]


def seen(client, url: str) -> str:
    """What a reader sees: the page without its tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page(client, url)).split())


def home_counts(client) -> tuple[str, str]:
    """The home page's total and its collections' line, as a reader sees them."""
    text = seen(client, "/")
    total = re.search(r"([\d,]+) documents?", text)
    talks_line = re.search(r"Talks \(?(\d+)", text)
    return total.group(1), talks_line.group(1) if talks_line else ""


def test_the_home_and_person_pages_count_what_was_applied(client, cast, settings):
    settings.PAGE_CACHE = ""
    ada, ben, cy, dee = cast
    volume = Collection.objects.create(key="talks", title="Talks")
    volume.documents.add(talks("first", [ada, ben], year=1959))
    talks("loose", [ada, cy], year=1961)
    follow()
    assert home_counts(client) == ("2", "1")
    secret = talks("secret", [ada, dee], year=1959)
    volume.documents.add(secret)
    assert home_counts(client) == ("2", "1")  # stored counts, a run queued
    run_queue()
    assert home_counts(client) == ("3", "2")
    person = seen(client, ada.get_absolute_url())
    assert "3 documents" in person and "Dee Dale (1 document)" in person
    secret.status = Status.DRAFT
    secret.save()  # leaves at once, in the transaction of the change
    assert home_counts(client) == ("2", "1")
    person = seen(client, ada.get_absolute_url())
    assert "2 documents" in person and "Dee Dale" not in person and "1959: 1 document" in person
