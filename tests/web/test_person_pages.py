"""The person page in pages: what the first page costs does not grow with the person's
appearances, the pages and counts are right, and only public records count."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from readingroom.authorities.derived import follow
from readingroom.authorities.linking import person_for
from readingroom.authorities.models import Attendance, Person
from readingroom.ingest.runner import import_paths
from readingroom.records.changelog import log_change
from readingroom.records.models import Document, Participant, Status
from readingroom.web.personpage import PAGE_SIZE

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

HOXHA = "/people/enver-hoxha/"


@pytest.fixture
def archive(seed_paths, index_dir, settings) -> Person:
    """The two seeds, with the page cache off: these tests time the view itself."""
    settings.PAGE_CACHE = ""
    import_paths(seed_paths)
    return Person.objects.get(name="Enver Hoxha")


def add_meetings(person: Person, count: int, *, first: int = 0, status=Status.PUBLISHED) -> None:
    """`count` more dated documents in which `person` and Mehmet Shehu take part, logged and
    counted by the derived data as an import would leave them."""
    shehu = person_for("Mehmet Shehu", source="test")
    docs = Document.objects.bulk_create(
        Document(
            identifier=f"meeting-{n:04d}",
            title=f"Meeting number {n}",
            date_text=f"1960-{1 + n % 12:02d}-01",
            date_start=date(1960, 1 + n % 12, 1),
            status=status,
        )
        for n in range(first, first + count)
    )
    Participant.objects.bulk_create(
        Participant(document=doc, order=order, name=who.name, person=who)
        for doc in docs
        for order, who in enumerate((person, shehu))
    )
    log_change(doc.pk for doc in docs)
    follow()


def listed(page: str, where: str = '<ol class="timeline">') -> list[str]:
    """The identifiers of the documents a list of the page holds (by default its timeline)."""
    body = page.split(where, 1)[1].split("</section>" if "section" in where else "</ol>", 1)[0]
    return re.findall(r'href="/documents/([^/"]+)/"', body)


def text(page: str) -> str:
    """What a reader sees: the page without its tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def get(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_first_page_costs_the_same_with_200_more_appearances(client, archive):
    add_meetings(archive, 60)
    with CaptureQueriesContext(connection) as before:
        small = client.get(HOXHA).content
    add_meetings(archive, 200, first=60)
    with CaptureQueriesContext(connection) as after:
        large = client.get(HOXHA).content
    assert len(after.captured_queries) == len(before.captured_queries)
    assert len(large) - len(small) < 100  # a few more digits in the counts
    page = html.unescape(large.decode())
    assert "262 documents" in text(page) and len(listed(page)) == PAGE_SIZE


def test_pages_follow_each_other_with_the_right_counts(client, archive):
    add_meetings(archive, 120)
    pages = [get(client, HOXHA, page=n) for n in (1, 2, 3)]
    shown = [listed(p) for p in pages]
    assert [len(s) for s in shown] == [50, 50, 22]
    everything = [i for s in shown for i in s]
    assert len(set(everything)) == 122
    dates = dict(Document.objects.values_list("identifier", "date_start"))
    assert [dates[i] for i in everything] == sorted(dates[i] for i in everything)  # oldest first
    first = text(pages[0])
    assert "122 documents" in first and "Takes part in (120)" in first
    assert "Speaks in (2)" in first and "Mentioned in (0)" in first
    assert "51–100 of 122" in text(pages[1]) and "Mehmet Shehu (120 documents)" in first
    assert listed(get(client, HOXHA, page=99)) == shown[2]  # past the end: the last page
    assert listed(get(client, HOXHA, **{"as": "no-such-kind"})) == shown[0]


def test_each_way_of_appearing_shows_its_first_documents_then_pages(client, archive):
    add_meetings(archive, 70)
    overview = get(client, HOXHA)
    taking_part = listed(overview, '<section aria-labelledby="participant-h">')
    by_date = sorted(range(70), key=lambda n: n % 12)  # a stable sort: by identifier within
    assert taking_part == [f"meeting-{n:04d}" for n in by_date[:10]]
    assert "All 70 documents" in text(overview)
    assert len(listed(overview, '<section aria-labelledby="speaker-h">')) == 2
    pages = [get(client, HOXHA, **{"as": "participant", "page": n}) for n in (1, 2)]
    shown = [listed(p, '<section aria-labelledby="participant-h">') for p in pages]
    assert [len(s) for s in shown] == [50, 20] and not set(shown[0]) & set(shown[1])
    assert shown[0][:10] == taking_part
    assert '<section aria-labelledby="speaker-h">' not in pages[0]
    assert "?as=participant&page=2" in pages[0] and "51–70 of 70" in text(pages[1])


def test_the_years_count_every_document_while_a_page_lists_fifty(client, archive):
    add_meetings(archive, 60)
    page = get(client, HOXHA)
    assert len(listed(page)) == PAGE_SIZE
    assert "1960: 60 documents" in text(page) and "1959: 1 document" in text(page)
    assert "person=Enver+Hoxha&from=1960&to=1960" in page


def test_unpublished_documents_count_nowhere(client, archive):
    add_meetings(archive, 55)
    add_meetings(archive, 7, first=100, status=Status.DRAFT)
    hidden = Document.objects.get(identifier="meeting-0100")
    secret = Person.objects.create(name="Ottokar Vexillum")
    Attendance.objects.create(document=hidden, person=secret, part="note_taker", name="O. V.")
    Attendance.objects.create(document=hidden, person=archive, part="note_taker", name="E. H.")
    follow()
    pages = [get(client, HOXHA, page=n) for n in (1, 2)]
    page = text(pages[0])
    assert "57 documents" in page and "Mehmet Shehu (55 documents)" in page
    assert [len(listed(p)) for p in pages] == [50, 7]
    assert not any("meeting-01" in p or "Vexillum" in p for p in pages)
    assert "Took the notes of" not in page  # only the draft has him take the notes
    assert "1960: 55 documents" in page


def test_every_way_of_appearing_is_counted_and_listed(client, archive):
    """Note-taking and translating show only where done; a document lists every way the
    person appears in it, and a change of the way is counted again."""
    add_meetings(archive, 3)
    notes, translated = Document.objects.filter(identifier__in=["meeting-0000", "meeting-0001"])
    Attendance.objects.create(document=notes, person=archive, part="note_taker", name="E. H.")
    Attendance.objects.create(document=translated, person=archive, part="translator", name="E.")
    follow()
    page = text(get(client, HOXHA))
    assert "Took the notes of (1)" in page and "Translated (1)" in page
    assert "Takes part in (3)" in page and "5 documents — search them" in page  # and 2 seeds
    assert "Meeting number 0 1960-01-01 · participant, note-taker" in page
    only = get(client, HOXHA, **{"as": "translator"})
    assert listed(only, '<section aria-labelledby="translator-h">') == ["meeting-0001"]
    Attendance.objects.filter(document=translated, part="translator").delete()
    log_change([translated.pk])  # as the curation that deletes one does
    follow()
    page = text(get(client, HOXHA))
    assert "Translated" not in page and "Took the notes of (1)" in page
